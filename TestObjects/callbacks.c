// SPDX-License-Identifier: GPL-2.0
/* Callbacks passed to helpers as function pointers (ld_imm64 with
 * BPF_PSEUDO_FUNC): bpf_loop, bpf_for_each_map_elem and a bpf_timer
 * callback. The loader must relocate the pointers to the appended
 * subprograms. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#define CLOCK_MONOTONIC 1

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 8);
} samples SEC(".maps");

struct timer_slot {
	struct bpf_timer timer;
	__u64 fired;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, struct timer_slot);
	__uint(max_entries, 1);
} timers SEC(".maps");

struct loop_state {
	__u64 sum;
	__u32 limit;
};

__u64 loop_sum, map_sum;

static int add_index(__u32 index, struct loop_state *state)
{
	if (index >= state->limit)
		return 1; /* stop */
	state->sum += index;
	return 0;
}

static __u64 add_sample(void *map, __u32 *key, __u64 *value, __u64 *sum)
{
	*sum += *value + *key;
	return 0;
}

static int timer_fired(void *map, __u32 *key, struct timer_slot *slot)
{
	slot->fired++;
	return 0;
}

SEC("tc")
int run_callbacks(struct __sk_buff *skb)
{
	struct loop_state state = { .limit = skb->len & 63 };
	__u64 sum = 0;
	__u32 zero = 0;
	struct timer_slot *slot;

	bpf_loop(64, add_index, &state, 0);
	loop_sum = state.sum;
	bpf_for_each_map_elem(&samples, add_sample, &sum, 0);
	map_sum = sum;

	slot = bpf_map_lookup_elem(&timers, &zero);
	if (slot) {
		bpf_timer_init(&slot->timer, &timers, CLOCK_MONOTONIC);
		bpf_timer_set_callback(&slot->timer, timer_fired);
		bpf_timer_start(&slot->timer, 1000, 0);
	}
	return 0;
}

char _license[] SEC("license") = "GPL";
