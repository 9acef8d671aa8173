// SPDX-License-Identifier: GPL-2.0
/* sock_ops that inserts every established TCP socket (active or passive)
 * into a sockhash keyed by its family and 4-tuple, plus an sk_msg verdict that
 * redirects between those sockets by the reverse tuple. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

struct socket_tuple {
	__u32 family;
	__u32 local_ip4;
	__u32 remote_ip4;
	__u32 local_port;  /* host byte order */
	__u32 remote_port; /* host byte order */
};

struct {
	__uint(type, BPF_MAP_TYPE_SOCKHASH);
	__type(key, struct socket_tuple);
	__type(value, __u64);
	__uint(max_entries, 128);
} established SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 1);
} insert_count SEC(".maps");

SEC("sockops")
int track_established(struct bpf_sock_ops *ops)
{
	struct socket_tuple key = {};
	__u32 zero = 0;
	__u64 *count;

	switch (ops->op) {
	case BPF_SOCK_OPS_ACTIVE_ESTABLISHED_CB:
	case BPF_SOCK_OPS_PASSIVE_ESTABLISHED_CB:
		break;
	default:
		return 1;
	}
	key.family = ops->family;
	key.local_ip4 = ops->local_ip4;
	key.remote_ip4 = ops->remote_ip4;
	key.local_port = ops->local_port;
	key.remote_port = bpf_ntohl(ops->remote_port);
	if (bpf_sock_hash_update(ops, &established, &key, BPF_ANY) == 0) {
		count = bpf_map_lookup_elem(&insert_count, &zero);
		if (count)
			__sync_fetch_and_add(count, 1);
	}
	return 1;
}

SEC("sk_msg")
int redirect_to_peer(struct sk_msg_md *msg)
{
	struct socket_tuple peer = {
		.family = msg->family,
		.local_ip4 = msg->remote_ip4,
		.remote_ip4 = msg->local_ip4,
		.local_port = bpf_ntohl(msg->remote_port),
		.remote_port = msg->local_port,
	};

	return bpf_msg_redirect_hash(msg, &established, &peer, BPF_F_INGRESS);
}

char _license[] SEC("license") = "GPL";
