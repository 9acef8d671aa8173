// SPDX-License-Identifier: GPL-2.0
/* The documented sockmap pair: a stream parser that frames whole skbs and a
 * stream verdict that redirects to the socket at a configured index, to
 * its receive queue (BPF_F_INGRESS) or its transmit path. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_SOCKMAP);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 8);
} sock_map SEC(".maps");

/* Slot 0: redirect target index; slot 1: nonzero to redirect to ingress. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u32);
	__uint(max_entries, 2);
} redirect_config SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 2);
} verdict_stats SEC(".maps");

SEC("sk_skb/stream_parser")
int parse_whole_skb(struct __sk_buff *skb)
{
	return skb->len;
}

SEC("sk_skb/stream_verdict")
int redirect_stream(struct __sk_buff *skb)
{
	__u32 target_key = 0, ingress_key = 1, stat_key = 0;
	__u32 *target = bpf_map_lookup_elem(&redirect_config, &target_key);
	__u32 *ingress = bpf_map_lookup_elem(&redirect_config, &ingress_key);
	__u64 *seen = bpf_map_lookup_elem(&verdict_stats, &stat_key);
	__u64 flags;

	if (seen)
		__sync_fetch_and_add(seen, skb->len);
	if (!target)
		return SK_PASS;
	flags = (ingress && *ingress) ? BPF_F_INGRESS : 0;
	return bpf_sk_redirect_map(skb, &sock_map, *target, flags);
}

char _license[] SEC("license") = "GPL";
