// SPDX-License-Identifier: GPL-2.0
/* Every socket-redirection role libbpf 1.1 can load, in one object of six
 * programs sharing a SOCKMAP and a SOCKHASH: stream parser, stream verdict,
 * sk_msg verdict, sock_ops insertion, sk_lookup dispatch and a plain sk_skb
 * program. It is the parity and benchmark object (open + load of a
 * multi-program socket object). */
#include <linux/bpf.h>
#include <linux/in.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

struct {
	__uint(type, BPF_MAP_TYPE_SOCKMAP);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 16);
} role_sockmap SEC(".maps");

struct peer_key {
	__u32 remote_ip4;
	__u32 remote_port; /* host byte order */
};

struct {
	__uint(type, BPF_MAP_TYPE_SOCKHASH);
	__type(key, struct peer_key);
	__type(value, __u64);
	__uint(max_entries, 16);
} role_sockhash SEC(".maps");

const volatile __u32 lookup_port = 8080;

SEC("sk_skb/stream_parser")
int role_parser(struct __sk_buff *skb)
{
	return skb->len;
}

SEC("sk_skb/stream_verdict")
int role_stream_verdict(struct __sk_buff *skb)
{
	return bpf_sk_redirect_map(skb, &role_sockmap, 0, BPF_F_INGRESS);
}

SEC("sk_msg")
int role_msg_verdict(struct sk_msg_md *msg)
{
	struct peer_key key = {
		.remote_ip4 = msg->local_ip4,
		.remote_port = msg->local_port,
	};

	return bpf_msg_redirect_hash(msg, &role_sockhash, &key, 0);
}

SEC("sockops")
int role_sockops(struct bpf_sock_ops *ops)
{
	struct peer_key key = {
		.remote_ip4 = ops->remote_ip4,
		.remote_port = bpf_ntohl(ops->remote_port),
	};

	if (ops->op == BPF_SOCK_OPS_PASSIVE_ESTABLISHED_CB ||
	    ops->op == BPF_SOCK_OPS_ACTIVE_ESTABLISHED_CB)
		bpf_sock_hash_update(ops, &role_sockhash, &key, BPF_ANY);
	return 1;
}

SEC("sk_lookup")
int role_lookup(struct bpf_sk_lookup *ctx)
{
	__u32 zero = 0;
	struct bpf_sock *sk;
	long err;

	if (ctx->protocol != IPPROTO_TCP || ctx->local_port != lookup_port)
		return SK_PASS;
	sk = bpf_map_lookup_elem(&role_sockmap, &zero);
	if (!sk)
		return SK_PASS;
	err = bpf_sk_assign(ctx, sk, 0);
	bpf_sk_release(sk);
	return err ? SK_DROP : SK_PASS;
}

SEC("sk_skb")
int role_plain_skb(struct __sk_buff *skb)
{
	return SK_PASS;
}

char _license[] SEC("license") = "GPL";
