// SPDX-License-Identifier: GPL-2.0
/* The remaining map kinds a loader must create: stack_trace (value = an
 * array of frames), cgroup_array, the cgroup-attached cgroup_storage and
 * percpu_cgroup_storage (key struct bpf_cgroup_storage_key), inode_storage
 * (local storage, NO_PREALLOC), user_ringbuf and reuseport_sockarray. A
 * cgroup_skb program uses the cgroup storages. Kinds newer than the 6.1
 * uapi header are in maps_newer.c. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#define MAX_FRAMES 16

struct {
	__uint(type, BPF_MAP_TYPE_STACK_TRACE);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, MAX_FRAMES * sizeof(__u64));
	__uint(max_entries, 128);
} stacks SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_CGROUP_ARRAY);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(__u32));
	__uint(max_entries, 2);
} cgroups SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_CGROUP_STORAGE);
	__type(key, struct bpf_cgroup_storage_key);
	__type(value, __u64);
} cgroup_bytes SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_CGROUP_STORAGE);
	__type(key, struct bpf_cgroup_storage_key);
	__type(value, __u64);
} cgroup_packets SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_INODE_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, __u32);
} inode_marks SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_USER_RINGBUF);
	__uint(max_entries, 4096);
} commands SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_REUSEPORT_SOCKARRAY);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 4);
} reuse_group SEC(".maps");

SEC("cgroup_skb/egress")
int account_cgroup(struct __sk_buff *skb)
{
	__u64 *bytes = bpf_get_local_storage(&cgroup_bytes, 0);
	__u64 *packets = bpf_get_local_storage(&cgroup_packets, 0);

	__sync_fetch_and_add(bytes, skb->len);
	*packets += 1;
	return 1;
}

char _license[] SEC("license") = "GPL";
