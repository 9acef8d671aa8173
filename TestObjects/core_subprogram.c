// SPDX-License-Identifier: GPL-2.0
/* CO-RE relocations and kconfig/global-data references inside .text
 * subprograms (one static, one global) shared by two programs: when the
 * loader copies a subprogram behind each caller, its CO-RE relocations,
 * map references and func/line info must move with it. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_tracing.h>

extern unsigned int LINUX_KERNEL_VERSION __kconfig;

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 64);
} parent_of SEC(".maps");

__u64 kernel_version_seen;

static __noinline __u32 parent_tgid(struct task_struct *task)
{
	return BPF_CORE_READ(task, real_parent, tgid);
}

/* Global functions are verified alone and accept only scalars, ctx or
 * stack memory, so the task comes in as an address. */
__noinline int record_parent(__u64 task_address)
{
	struct task_struct *task = (struct task_struct *)task_address;
	__u32 pid;
	__u64 parent;

	if (!task)
		return 0;
	pid = BPF_CORE_READ(task, tgid);
	parent = parent_tgid(task);
	if (bpf_core_field_exists(task->pid))
		bpf_map_update_elem(&parent_of, &pid, &parent, BPF_ANY);
	kernel_version_seen = LINUX_KERNEL_VERSION;
	return 1;
}

SEC("kprobe/do_unlinkat")
int BPF_KPROBE(parent_on_unlink, int dfd)
{
	return record_parent(bpf_get_current_task());
}

SEC("raw_tp/sched_process_exec")
int parent_on_exec(void *ctx)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();

	return record_parent((__u64)task) + parent_tgid(task);
}

char _license[] SEC("license") = "GPL";
