// SPDX-License-Identifier: GPL-2.0
/* The plain map kinds declared in .maps with BTF, with map_flags and a
 * numa_node, used by one socket filter so every map is referenced. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct flow_stats {
	__u64 packets;
	__u64 bytes;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, __u32);
	__type(value, struct flow_stats);
	__uint(max_entries, 1024);
	__uint(map_flags, BPF_F_NO_PREALLOC);
} flows SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 16);
} counters SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_HASH);
	__type(key, __u64);
	__type(value, __u32);
	__uint(max_entries, 128);
} percpu_flows SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__type(key, __u32);
	__type(value, struct flow_stats);
	__uint(max_entries, 4);
} percpu_counters SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 256);
	/* The kernel refuses a NUMA node for per-CPU and mmapable maps. */
	__uint(numa_node, 0);
	__uint(map_flags, BPF_F_NUMA_NODE);
} recent_sources SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_LRU_PERCPU_HASH);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 64);
	__uint(map_flags, BPF_F_NO_COMMON_LRU);
} lru_percpu SEC(".maps");

/* Read-only from the program side, a flag only the kernel checks. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u32);
	__uint(max_entries, 1);
	__uint(map_flags, BPF_F_RDONLY_PROG);
} settings SEC(".maps");

SEC("socket")
int count_packets(struct __sk_buff *skb)
{
	__u32 key = skb->protocol;
	__u32 zero = 0;
	__u64 cookie = skb->ifindex;
	struct flow_stats init = { .packets = 1, .bytes = skb->len };
	struct flow_stats *stats;
	__u32 *setting;
	__u64 *value;

	stats = bpf_map_lookup_elem(&flows, &key);
	if (stats) {
		__sync_fetch_and_add(&stats->packets, 1);
		__sync_fetch_and_add(&stats->bytes, skb->len);
	} else {
		bpf_map_update_elem(&flows, &key, &init, BPF_NOEXIST);
	}

	value = bpf_map_lookup_elem(&counters, &zero);
	if (value)
		__sync_fetch_and_add(value, 1);

	bpf_map_update_elem(&percpu_flows, &cookie, &key, BPF_ANY);

	stats = bpf_map_lookup_elem(&percpu_counters, &zero);
	if (stats)
		stats->packets++;

	bpf_map_update_elem(&recent_sources, &key, &cookie, BPF_ANY);
	bpf_map_update_elem(&lru_percpu, &key, &cookie, BPF_ANY);

	setting = bpf_map_lookup_elem(&settings, &zero);
	if (setting && *setting)
		return 0;
	return skb->len;
}

char _license[] SEC("license") = "GPL";
