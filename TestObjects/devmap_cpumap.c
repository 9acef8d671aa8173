// SPDX-License-Identifier: GPL-2.0
/* XDP redirect maps: devmap and devmap_hash with struct bpf_devmap_val
 * values (ifindex plus an optional program), a cpumap with struct
 * bpf_cpumap_val, an xskmap, and the xdp/devmap and xdp/cpumap programs
 * that run on redirected frames (their own expected attach types). */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_DEVMAP);
	__type(key, __u32);
	__type(value, struct bpf_devmap_val);
	__uint(max_entries, 8);
} tx_ports SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_DEVMAP_HASH);
	__type(key, __u32);
	__type(value, __u32);
	__uint(max_entries, 16);
} tx_ports_by_id SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_CPUMAP);
	__type(key, __u32);
	__type(value, struct bpf_cpumap_val);
	__uint(max_entries, 4);
} cpus SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_XSKMAP);
	__type(key, __u32);
	__type(value, __u32);
	__uint(max_entries, 4);
} xsks SEC(".maps");

SEC("xdp")
int redirect_frames(struct xdp_md *ctx)
{
	__u32 queue = ctx->rx_queue_index;

	switch (ctx->ingress_ifindex & 3) {
	case 0:
		return bpf_redirect_map(&tx_ports, queue, XDP_PASS);
	case 1:
		return bpf_redirect_map(&tx_ports_by_id, queue, XDP_PASS);
	case 2:
		return bpf_redirect_map(&cpus, queue & 1, XDP_PASS);
	default:
		return bpf_redirect_map(&xsks, queue, XDP_PASS);
	}
}

SEC("xdp/devmap")
int on_devmap_egress(struct xdp_md *ctx)
{
	return ctx->egress_ifindex ? XDP_PASS : XDP_DROP;
}

SEC("xdp/cpumap")
int on_cpumap(struct xdp_md *ctx)
{
	return XDP_PASS;
}

char _license[] SEC("license") = "GPL";
