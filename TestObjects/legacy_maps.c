// SPDX-License-Identifier: GPL-2.0
/* Legacy map definitions: struct bpf_map_def instances in SEC("maps"),
 * without BTF for keys and values, as pre-BTF objects (and older samples)
 * declare them. libbpf 1.0 dropped this section; current loaders such as
 * cilium/ebpf and aya still read it. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "bpf_compat.h"

struct bpf_map_def SEC("maps") legacy_hash = {
	.type = BPF_MAP_TYPE_HASH,
	.key_size = sizeof(__u32),
	.value_size = sizeof(__u64),
	.max_entries = 64,
};

struct bpf_map_def SEC("maps") legacy_array = {
	.type = BPF_MAP_TYPE_ARRAY,
	.key_size = sizeof(__u32),
	.value_size = 16,
	.max_entries = 4,
};

struct bpf_map_def SEC("maps") legacy_lru = {
	.type = BPF_MAP_TYPE_LRU_HASH,
	.key_size = 8,
	.value_size = 4,
	.max_entries = 32,
	.map_flags = BPF_F_NO_COMMON_LRU,
};

SEC("socket")
int legacy_counter(struct __sk_buff *skb)
{
	__u32 key = skb->protocol;
	__u64 one = 1, *count;
	__u64 wide = skb->ifindex;
	__u32 zero = 0;
	char *slot;

	count = bpf_map_lookup_elem(&legacy_hash, &key);
	if (count)
		__sync_fetch_and_add(count, 1);
	else
		bpf_map_update_elem(&legacy_hash, &key, &one, BPF_ANY);
	slot = bpf_map_lookup_elem(&legacy_array, &zero);
	if (slot)
		slot[0] = 1;
	bpf_map_update_elem(&legacy_lru, &wide, &key, BPF_ANY);
	return 0;
}

char _license[] SEC("license") = "GPL";
