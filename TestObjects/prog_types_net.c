// SPDX-License-Identifier: GPL-2.0
/* One program per networking section name, each of which maps to its own
 * program type and expected attach type: socket, xdp, xdp.frags (load flag
 * BPF_F_XDP_HAS_FRAGS), tc, classifier,
 * action, cgroup/skb, cgroup_skb/ingress, cgroup/connect4,
 * cgroup/sock_create, cgroup/bind4, cgroup/sendmsg4, cgroup/sysctl,
 * cgroup/getsockopt, cgroup/dev, sk_reuseport, flow_dissector, lwt_in and
 * sk_skb (no attach type). */
#include <linux/bpf.h>
#include <linux/in.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

__u64 seen[20];

SEC("socket")
int filter_socket(struct __sk_buff *skb)
{
	seen[0]++;
	return skb->len;
}

SEC("xdp")
int pass_xdp(struct xdp_md *ctx)
{
	seen[1]++;
	return XDP_PASS;
}

SEC("xdp.frags")
int pass_xdp_frags(struct xdp_md *ctx)
{
	seen[18]++;
	return XDP_PASS;
}

SEC("tc")
int tc_ingress(struct __sk_buff *skb)
{
	seen[2]++;
	return TC_ACT_OK;
}

SEC("classifier")
int old_classifier(struct __sk_buff *skb)
{
	seen[3]++;
	return TC_ACT_UNSPEC;
}

SEC("action")
int tc_action(struct __sk_buff *skb)
{
	seen[4]++;
	return TC_ACT_OK;
}

SEC("cgroup/skb")
int cgroup_any_skb(struct __sk_buff *skb)
{
	seen[5]++;
	return 1;
}

SEC("cgroup_skb/ingress")
int cgroup_ingress(struct __sk_buff *skb)
{
	seen[6]++;
	return 1;
}

SEC("cgroup/connect4")
int rewrite_connect4(struct bpf_sock_addr *ctx)
{
	/* Redirect connections to 127.0.0.2:4000 to 127.0.0.1:4000. */
	if (ctx->user_ip4 == bpf_htonl(0x7f000002) && ctx->user_port == bpf_htons(4000))
		ctx->user_ip4 = bpf_htonl(0x7f000001);
	seen[7]++;
	return 1;
}

SEC("cgroup/sock_create")
int allow_sock_create(struct bpf_sock *sk)
{
	seen[8]++;
	return sk->type != 3; /* refuse SOCK_RAW */
}

SEC("cgroup/bind4")
int check_bind4(struct bpf_sock_addr *ctx)
{
	seen[9]++;
	return 1;
}

SEC("cgroup/sendmsg4")
int check_sendmsg4(struct bpf_sock_addr *ctx)
{
	seen[10]++;
	return 1;
}

SEC("cgroup/sysctl")
int observe_sysctl(struct bpf_sysctl *ctx)
{
	seen[11]++;
	return 1;
}

SEC("cgroup/getsockopt")
int observe_getsockopt(struct bpf_sockopt *ctx)
{
	seen[12]++;
	return 1;
}

SEC("cgroup/dev")
int allow_devices(struct bpf_cgroup_dev_ctx *ctx)
{
	seen[13]++;
	return 1;
}

SEC("sk_reuseport")
int pick_reuseport(struct sk_reuseport_md *ctx)
{
	seen[14]++;
	return SK_PASS;
}

SEC("flow_dissector")
int dissect(struct __sk_buff *skb)
{
	seen[15]++;
	return BPF_OK;
}

SEC("lwt_in")
int lwt_ingress(struct __sk_buff *skb)
{
	seen[16]++;
	return BPF_OK;
}

SEC("sk_skb")
int plain_sk_skb(struct __sk_buff *skb)
{
	seen[17]++;
	return SK_PASS;
}

char _license[] SEC("license") = "GPL";
