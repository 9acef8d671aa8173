// SPDX-License-Identifier: GPL-2.0
/* The sk_msg data helpers on a sockhash: bpf_msg_pull_data to make bytes
 * readable through data/data_end, bpf_msg_push_data to insert bytes and
 * bpf_msg_pop_data to remove them, driven by a small config array. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_SOCKHASH);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 8);
} data_ops_hash SEC(".maps");

/* Slot 0: pull length, 1: push offset, 2: push length, 3: pop offset,
 * 4: pop length. Zero lengths skip the operation. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u32);
	__uint(max_entries, 5);
} data_ops_config SEC(".maps");

__u8 first_byte;

static __always_inline __u32 setting(__u32 slot)
{
	__u32 *value = bpf_map_lookup_elem(&data_ops_config, &slot);

	return value ? *value : 0;
}

SEC("sk_msg")
int edit_message(struct sk_msg_md *msg)
{
	__u32 pull = setting(0), push_at = setting(1), push_len = setting(2);
	__u32 pop_at = setting(3), pop_len = setting(4);
	__u8 *data, *data_end;

	if (pull && bpf_msg_pull_data(msg, 0, pull, 0) == 0) {
		data = msg->data;
		data_end = msg->data_end;
		if (data + 1 <= data_end)
			first_byte = *data;
	}
	if (push_len)
		bpf_msg_push_data(msg, push_at, push_len, 0);
	if (pop_len)
		bpf_msg_pop_data(msg, pop_at, pop_len, 0);
	return SK_PASS;
}

char _license[] SEC("license") = "GPL";
