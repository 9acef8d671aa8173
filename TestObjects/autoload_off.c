// SPDX-License-Identifier: GPL-2.0
/* "?"-prefixed sections: programs that are parsed and relocated but not
 * loaded unless the user turns autoload on. One of them would not even
 * verify (it reads beyond its stack frame), so loading the object as
 * is must succeed only because that program stays off. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 1);
} hits SEC(".maps");

static __always_inline void count(void)
{
	__u32 zero = 0;
	__u64 *value = bpf_map_lookup_elem(&hits, &zero);

	if (value)
		__sync_fetch_and_add(value, 1);
}

SEC("xdp")
int always_loaded(struct xdp_md *ctx)
{
	count();
	return XDP_PASS;
}

SEC("?xdp")
int optional_xdp(struct xdp_md *ctx)
{
	count();
	return XDP_DROP;
}

SEC("?tc")
int optional_tc(struct __sk_buff *skb)
{
	count();
	return 0;
}

SEC("?socket")
int optional_broken(struct __sk_buff *skb)
{
	volatile __u8 slots[8];
	__u32 index = skb->len & 1023;

	/* The index can leave the stack frame: the verifier refuses it. */
	slots[0] = 1;
	return slots[index];
}

char _license[] SEC("license") = "GPL";
