// SPDX-License-Identifier: GPL-2.0
/* kfunc calls without CO-RE: the same acquire/release pair and unresolved
 * weak kfunc as kfuncs.c, but with a local struct task_struct whose fields
 * are never read, so the object has no CO-RE relocations.
 * The weak kfunc's call is poisoned (an invalid helper call) and its
 * bpf_ksym_exists test loads 0, so the verifier prunes the call. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "bpf_compat.h"

/* Only the name matters for a pointer; no field is read, so no CO-RE. */
struct task_struct {
	int pid;
};

extern struct task_struct *bpf_task_from_pid(int pid) __ksym;
extern void bpf_task_release(struct task_struct *p) __ksym;
extern int bpf_swiftbpf_missing_kfunc(int value) __ksym __weak;

/* The loader's user sets the pid to look up before loading. */
int target_pid = 1;
int task_found;
int missing_result = -1;

SEC("tc")
int lookup_task_plain(struct __sk_buff *skb)
{
	struct task_struct *task = bpf_task_from_pid(target_pid);

	if (task) {
		task_found = 1;
		bpf_task_release(task);
	}
	if (bpf_ksym_exists(bpf_swiftbpf_missing_kfunc))
		missing_result = bpf_swiftbpf_missing_kfunc(skb->len);
	return 0;
}

char _license[] SEC("license") = "GPL";
