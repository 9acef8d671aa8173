// SPDX-License-Identifier: GPL-2.0
/* Map kinds with unusual key/value rules: an LPM trie (needs NO_PREALLOC),
 * a bloom filter (no key, map_extra = hash count), a queue and a stack (no
 * key), a ring buffer (no key or value) and a perf event array whose
 * max_entries is left 0 for the loader to set to the number of CPUs. */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

struct ipv4_prefix {
	__u32 prefixlen;
	__u32 addr;
};

struct {
	__uint(type, BPF_MAP_TYPE_LPM_TRIE);
	__type(key, struct ipv4_prefix);
	__type(value, __u32);
	__uint(max_entries, 512);
	__uint(map_flags, BPF_F_NO_PREALLOC);
} routes SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_BLOOM_FILTER);
	__type(value, __u32);
	__uint(max_entries, 1000);
	__uint(map_extra, 3);
} seen_addrs SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_QUEUE);
	__type(value, __u32);
	__uint(max_entries, 32);
} addr_queue SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_STACK);
	__type(value, __u64);
	__uint(max_entries, 8);
} addr_stack SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096 * 4);
} events SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(__u32));
} perf_events SEC(".maps");

struct event {
	__u32 saddr;
	__u32 route;
};

SEC("xdp")
int classify_source(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip = data + sizeof(*eth);
	struct ipv4_prefix key = { .prefixlen = 32 };
	struct event *e;
	__u32 *route;
	__u64 wide;
	__u32 saddr;

	if ((void *)(ip + 1) > data_end)
		return XDP_PASS;
	if (eth->h_proto != bpf_htons(ETH_P_IP))
		return XDP_PASS;

	saddr = ip->saddr;
	key.addr = saddr;
	route = bpf_map_lookup_elem(&routes, &key);

	if (bpf_map_peek_elem(&seen_addrs, &saddr) != 0)
		bpf_map_push_elem(&seen_addrs, &saddr, BPF_ANY);
	bpf_map_push_elem(&addr_queue, &saddr, BPF_EXIST);
	wide = saddr;
	bpf_map_push_elem(&addr_stack, &wide, BPF_ANY);

	e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (e) {
		e->saddr = saddr;
		e->route = route ? *route : 0;
		bpf_ringbuf_submit(e, 0);
	}
	return route ? XDP_PASS : XDP_DROP;
}

SEC("tracepoint/syscalls/sys_enter_getppid")
int report_getppid(void *ctx)
{
	struct event e = { .saddr = bpf_get_current_pid_tgid() >> 32 };
	__u32 popped;

	if (bpf_map_pop_elem(&addr_queue, &popped) == 0)
		e.route = popped;
	bpf_perf_event_output(ctx, &perf_events, BPF_F_CURRENT_CPU, &e, sizeof(e));
	return 0;
}

char _license[] SEC("license") = "GPL";
