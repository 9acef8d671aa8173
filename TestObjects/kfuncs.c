// SPDX-License-Identifier: GPL-2.0
/* kfunc calls: extern functions in .ksyms resolved by name in the kernel's
 * BTF (acquire/release of a task reference), and a weak kfunc that exists
 * nowhere, guarded by bpf_ksym_exists so the verifier prunes the call. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "bpf_compat.h"

extern struct task_struct *bpf_task_from_pid(s32 pid) __ksym;
extern void bpf_task_release(struct task_struct *p) __ksym;
extern int bpf_swiftbpf_missing_kfunc(int value) __ksym __weak;

int found_pid;
int missing_result = -1;

SEC("tc")
int lookup_task(struct __sk_buff *skb)
{
	struct task_struct *task = bpf_task_from_pid(1);

	if (task) {
		found_pid = task->pid;
		bpf_task_release(task);
	}
	if (bpf_ksym_exists(bpf_swiftbpf_missing_kfunc))
		missing_result = bpf_swiftbpf_missing_kfunc(skb->len);
	return 0;
}

char _license[] SEC("license") = "GPL";
