// SPDX-License-Identifier: GPL-2.0
/* Local storage maps: sk_storage (BPF_F_NO_PREALLOC, int key, BTF value
 * required) used from a cgroup sock_create hook and from cgroup_skb, plus
 * a task storage map declared alongside. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct socket_info {
	__u64 created_ns;
	__u64 bytes;
	__u32 family;
	__u32 protocol;
};

struct {
	__uint(type, BPF_MAP_TYPE_SK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, struct socket_info);
} socket_infos SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_TASK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, __u64);
} task_marks SEC(".maps");

SEC("cgroup/sock_create")
int remember_socket(struct bpf_sock *sk)
{
	struct socket_info *info;

	info = bpf_sk_storage_get(&socket_infos, sk, 0, BPF_SK_STORAGE_GET_F_CREATE);
	if (info) {
		info->created_ns = bpf_ktime_get_ns();
		info->family = sk->family;
		info->protocol = sk->protocol;
	}
	return 1;
}

SEC("cgroup_skb/egress")
int account_socket(struct __sk_buff *skb)
{
	struct bpf_sock *sk = skb->sk;
	struct socket_info *info;

	if (!sk)
		return 1;
	sk = bpf_sk_fullsock(sk);
	if (!sk)
		return 1;
	info = bpf_sk_storage_get(&socket_infos, sk, 0, 0);
	if (info)
		__sync_fetch_and_add(&info->bytes, skb->len);
	return 1;
}

char _license[] SEC("license") = "GPL";
