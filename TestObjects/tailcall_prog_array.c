// SPDX-License-Identifier: GPL-2.0
/* Tail calls through a prog array filled statically with .values: the
 * loader must put the programs' fds in slots 0 and 2 after loading them. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

int tail_hits[3] = {};

SEC("xdp")
int stage_zero(struct xdp_md *ctx)
{
	tail_hits[0]++;
	return XDP_PASS;
}

SEC("xdp")
int stage_two(struct xdp_md *ctx)
{
	tail_hits[2]++;
	return XDP_DROP;
}

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__array(values, int (void *));
} jump_table SEC(".maps") = {
	.values = {
		[0] = (void *)&stage_zero,
		[2] = (void *)&stage_two,
	},
};

SEC("xdp")
int dispatch(struct xdp_md *ctx)
{
	__u32 stage = (ctx->data_end - ctx->data) & 3;

	bpf_tail_call(ctx, &jump_table, stage);
	/* Slots 1 and 3 are empty: the tail call falls through. */
	return XDP_ABORTED;
}

char _license[] SEC("license") = "GPL";
