// SPDX-License-Identifier: GPL-2.0
/* Maps pinned by name (LIBBPF_PIN_BY_NAME): the loader pins each under the
 * pin root (/sys/fs/bpf by default) and, when a compatible pin already
 * exists, reuses it instead of creating a new map. One map stays unpinned. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 128);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} swiftbpf_pinned_hash SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u32);
	__uint(max_entries, 2);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} swiftbpf_pinned_array SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u32);
	__uint(max_entries, 2);
	__uint(pinning, LIBBPF_PIN_NONE);
} unpinned_array SEC(".maps");

SEC("cgroup_skb/ingress")
int count_ingress(struct __sk_buff *skb)
{
	__u32 key = skb->protocol, zero = 0;
	__u64 one = 1, *count;
	__u32 *flag;

	count = bpf_map_lookup_elem(&swiftbpf_pinned_hash, &key);
	if (count)
		__sync_fetch_and_add(count, 1);
	else
		bpf_map_update_elem(&swiftbpf_pinned_hash, &key, &one, BPF_NOEXIST);
	flag = bpf_map_lookup_elem(&swiftbpf_pinned_array, &zero);
	if (flag && *flag)
		return 0;
	flag = bpf_map_lookup_elem(&unpinned_array, &zero);
	return flag && *flag ? 0 : 1;
}

char _license[] SEC("license") = "GPL";
