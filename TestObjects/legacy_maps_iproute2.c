// SPDX-License-Identifier: GPL-2.0
/* iproute2's (tc's) legacy map definition, longer than bpf_map_def: it
 * adds id, pinning, inner_id and inner_idx. A loader reads the record size
 * from the section size divided by the number of map symbols; inner_id and
 * inner_idx build a map-in-map by id. pinning 2 is iproute2's PIN_GLOBAL_NS. */
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>

struct bpf_elf_map {
	__u32 type;
	__u32 size_key;
	__u32 size_value;
	__u32 max_elem;
	__u32 flags;
	__u32 id;
	__u32 pinning;
	__u32 inner_id;
	__u32 inner_idx;
};

#define PIN_NONE 0
#define PIN_OBJECT_NS 1
#define PIN_GLOBAL_NS 2

struct bpf_elf_map SEC("maps") tc_counters = {
	.type = BPF_MAP_TYPE_ARRAY,
	.size_key = sizeof(__u32),
	.size_value = sizeof(__u64),
	.max_elem = 4,
	.pinning = PIN_GLOBAL_NS,
};

struct bpf_elf_map SEC("maps") tc_inner = {
	.type = BPF_MAP_TYPE_HASH,
	.size_key = sizeof(__u32),
	.size_value = sizeof(__u32),
	.max_elem = 8,
	.id = 42,
	.inner_idx = 0,
};

struct bpf_elf_map SEC("maps") tc_outer = {
	.type = BPF_MAP_TYPE_ARRAY_OF_MAPS,
	.size_key = sizeof(__u32),
	.size_value = sizeof(__u32),
	.max_elem = 2,
	.inner_id = 42,
};

SEC("classifier")
int tc_legacy(struct __sk_buff *skb)
{
	__u32 zero = 0;
	__u64 *count = bpf_map_lookup_elem(&tc_counters, &zero);
	void *inner = bpf_map_lookup_elem(&tc_outer, &zero);
	__u32 *value;

	if (count)
		__sync_fetch_and_add(count, 1);
	if (inner) {
		value = bpf_map_lookup_elem(inner, &zero);
		if (value)
			return *value;
	}
	return TC_ACT_OK;
}

char _license[] SEC("license") = "GPL";
