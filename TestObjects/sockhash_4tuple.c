// SPDX-License-Identifier: GPL-2.0
/* A sockhash keyed by the 4-tuple, as the sockmap documentation shows: the
 * verdict looks up the reverse tuple and redirects the stream to that
 * socket's receive queue with bpf_sk_redirect_hash. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

struct socket_key {
	__u32 src_ip;
	__u32 dst_ip;
	__u32 src_port;
	__u32 dst_port;
};

struct {
	__uint(type, BPF_MAP_TYPE_SOCKHASH);
	__type(key, struct socket_key);
	__type(value, __u64);
	__uint(max_entries, 64);
} sock_hash SEC(".maps");

SEC("sk_skb/stream_parser")
int parse_tuple_stream(struct __sk_buff *skb)
{
	return skb->len;
}

SEC("sk_skb/stream_verdict")
int redirect_by_tuple(struct __sk_buff *skb)
{
	/* The peer's key is this socket's tuple seen from the other end. */
	struct socket_key key = {
		.src_ip = skb->remote_ip4,
		.dst_ip = skb->local_ip4,
		.src_port = bpf_ntohl(skb->remote_port) >> 16,
		.dst_port = skb->local_port,
	};

	return bpf_sk_redirect_hash(skb, &sock_hash, &key, BPF_F_INGRESS);
}

char _license[] SEC("license") = "GPL";
