// SPDX-License-Identifier: GPL-2.0
/* Tracing section names that load on this kernel: kprobe/, kretprobe/,
 * ksyscall/, uprobe, uretprobe, uprobe.s, tracepoint/, tp/, raw_tp/,
 * raw_tracepoint/, tp_btf/, perf_event and a BPF_PROG_TYPE_SYSCALL program
 * (uprobe.s and syscall load with BPF_F_SLEEPABLE; bpf_copy_from_user
 * verifies only in a sleepable program), using bpf_tracing.h's argument
 * macros (BPF_KPROBE, BPF_KRETPROBE, BPF_KSYSCALL, BPF_PROG) so PT_REGS
 * access is exercised. The uprobes use the kprobe macros: BPF_UPROBE is
 * newer than libbpf 1.1. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_tracing.h>

__u64 calls[12];
int last_dfd;
long last_ret;

SEC("kprobe/do_unlinkat")
int BPF_KPROBE(on_unlinkat, int dfd, struct filename *name)
{
	last_dfd = dfd;
	calls[0]++;
	return 0;
}

SEC("kretprobe/do_unlinkat")
int BPF_KRETPROBE(after_unlinkat, long ret)
{
	last_ret = ret;
	calls[1]++;
	return 0;
}

SEC("ksyscall/unlinkat")
int BPF_KSYSCALL(on_unlinkat_syscall, int dfd, const char *pathname)
{
	last_dfd = dfd;
	calls[2]++;
	return 0;
}

SEC("uprobe")
int BPF_KPROBE(on_uprobe, int first)
{
	calls[10] += first;
	return 0;
}

SEC("uretprobe")
int BPF_KRETPROBE(after_uprobe, long ret)
{
	calls[11] += ret;
	return 0;
}

SEC("uprobe.s")
int BPF_KPROBE(on_sleepable_uprobe, const char *text)
{
	char copy[8];

	/* Sleepable programs may fault in user memory. */
	bpf_copy_from_user(copy, sizeof(copy), text);
	calls[11] += copy[0];
	return 0;
}

SEC("tracepoint/syscalls/sys_enter_getppid")
int on_tracepoint(struct trace_event_raw_sys_enter *ctx)
{
	calls[3] += ctx->id;
	return 0;
}

SEC("tp/sched/sched_process_exit")
int on_tp_short(void *ctx)
{
	calls[4]++;
	return 0;
}

SEC("raw_tp/sys_enter")
int BPF_PROG(on_raw_tp, struct pt_regs *regs, long id)
{
	calls[5] += id == 110; /* getppid on x86_64 */
	return 0;
}

SEC("raw_tracepoint/sched_switch")
int on_raw_tracepoint(struct bpf_raw_tracepoint_args *ctx)
{
	calls[6]++;
	return 0;
}

SEC("tp_btf/sched_switch")
int BPF_PROG(on_tp_btf, bool preempt, struct task_struct *prev, struct task_struct *next)
{
	calls[7] += prev->pid != next->pid;
	return 0;
}

SEC("perf_event")
int on_perf_event(struct bpf_perf_event_data *ctx)
{
	calls[8] += ctx->sample_period;
	return 0;
}

SEC("syscall")
int run_from_syscall(void *ctx)
{
	calls[9]++;
	return 0;
}

char _license[] SEC("license") = "GPL";
