// SPDX-License-Identifier: GPL-2.0
/* An sk_msg verdict on a sockmap: it applies a verdict to a number of bytes,
 * corks small messages, and redirects either to the target's transmit path
 * or, with BPF_F_INGRESS, to its receive queue. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_SOCKMAP);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 4);
} msg_map SEC(".maps");

/* Slots: 0 redirect mode (0 pass, 1 egress, 2 ingress), 1 apply bytes,
 * 2 cork bytes, 3 target index. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u32);
	__uint(max_entries, 4);
} msg_config SEC(".maps");

static __always_inline __u32 config_value(__u32 slot)
{
	__u32 *value = bpf_map_lookup_elem(&msg_config, &slot);

	return value ? *value : 0;
}

SEC("sk_msg")
int msg_redirect(struct sk_msg_md *msg)
{
	__u32 mode = config_value(0);
	__u32 apply = config_value(1);
	__u32 cork = config_value(2);
	__u32 target = config_value(3);

	if (apply)
		bpf_msg_apply_bytes(msg, apply);
	if (cork)
		bpf_msg_cork_bytes(msg, cork);

	if (mode == 1)
		return bpf_msg_redirect_map(msg, &msg_map, target, 0);
	if (mode == 2)
		return bpf_msg_redirect_map(msg, &msg_map, target, BPF_F_INGRESS);
	return SK_PASS;
}

char _license[] SEC("license") = "GPL";
