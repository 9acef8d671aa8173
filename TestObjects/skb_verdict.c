// SPDX-License-Identifier: GPL-2.0
/* The sk_skb/verdict program (BPF_SK_SKB_VERDICT): one verdict per skb,
 * no parser, for TCP and also UDP and AF_UNIX sockets in a sockmap. It
 * excludes stream_verdict on the same map. libbpf 1.1 does not know the
 * section name; libbpf 1.2 and later do. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_SOCKMAP);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 4);
} verdict_map SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u32);
	__uint(max_entries, 1);
} verdict_target SEC(".maps");

SEC("sk_skb/verdict")
int redirect_each_skb(struct __sk_buff *skb)
{
	__u32 zero = 0;
	__u32 *target = bpf_map_lookup_elem(&verdict_target, &zero);

	if (!target)
		return SK_PASS;
	return bpf_sk_redirect_map(skb, &verdict_map, *target, BPF_F_INGRESS);
}

char _license[] SEC("license") = "GPL";
