// SPDX-License-Identifier: GPL-2.0
/* BPF iterators (iter/task, iter/bpf_map): BPF_PROG_TYPE_TRACING with
 * BPF_TRACE_ITER and attach_btf_id of bpf_iter_<target>, printing with
 * BPF_SEQ_PRINTF. They load on this kernel, unlike fentry. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

SEC("iter/task")
int dump_tasks(struct bpf_iter__task *ctx)
{
	struct seq_file *seq = ctx->meta->seq;
	struct task_struct *task = ctx->task;

	if (!task)
		return 0;
	BPF_SEQ_PRINTF(seq, "%d %s\n", task->pid, task->comm);
	return 0;
}

SEC("iter/bpf_map")
int dump_maps(struct bpf_iter__bpf_map *ctx)
{
	struct seq_file *seq = ctx->meta->seq;
	struct bpf_map *map = ctx->map;

	if (!map)
		return 0;
	BPF_SEQ_PRINTF(seq, "%u %u\n", map->id, map->max_entries);
	return 0;
}

char _license[] SEC("license") = "GPL";
