// SPDX-License-Identifier: GPL-2.0
/* Map-in-map: an array of maps and a hash of maps, both with an inner map
 * template given by __array(values, ...) and static initial values that
 * the loader must create and store. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct inner_array {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 8);
} inner_a SEC(".maps"), inner_b SEC(".maps");

struct inner_hash {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, __u32);
	__type(value, __u32);
	__uint(max_entries, 16);
} inner_h SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(max_entries, 4);
	__type(key, __u32);
	__array(values, struct inner_array);
} outer_array SEC(".maps") = {
	.values = { [0] = &inner_a, [3] = &inner_b },
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH_OF_MAPS);
	__uint(max_entries, 8);
	__type(key, __u32);
	__array(values, struct inner_hash);
} outer_hash SEC(".maps") = {
	.values = { [5] = &inner_h },
};

/* No static values: the inner definition only sets the template. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(max_entries, 2);
	__type(key, __u32);
	__array(values, struct {
		__uint(type, BPF_MAP_TYPE_ARRAY);
		__type(key, __u32);
		__type(value, __u32);
		__uint(max_entries, 1);
	});
} outer_empty SEC(".maps");

SEC("tc")
int read_nested(struct __sk_buff *skb)
{
	__u32 index = skb->len & 3, key = 0, hash_key = 5;
	void *inner;
	__u64 *value;
	__u32 *small;

	inner = bpf_map_lookup_elem(&outer_array, &index);
	if (inner) {
		value = bpf_map_lookup_elem(inner, &key);
		if (value)
			__sync_fetch_and_add(value, 1);
	}
	inner = bpf_map_lookup_elem(&outer_hash, &hash_key);
	if (inner) {
		small = bpf_map_lookup_elem(inner, &key);
		if (small)
			return *small;
	}
	inner = bpf_map_lookup_elem(&outer_empty, &key);
	if (inner) {
		small = bpf_map_lookup_elem(inner, &key);
		if (small)
			return *small;
	}
	return 0;
}

char _license[] SEC("license") = "GPL";
