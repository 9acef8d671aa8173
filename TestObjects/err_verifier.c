// SPDX-License-Identifier: GPL-2.0
/* A good program followed by one the verifier rejects: the second reads the
 * stack at an index that can reach far past the 512-byte frame (root may
 * read uninitialised stack, but never outside it). Loading the object must
 * fail on bad_stack_read with a verifier log (EINVAL for this check). */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("socket")
int good_program(struct __sk_buff *skb)
{
	return skb->len;
}

SEC("socket")
int bad_stack_read(struct __sk_buff *skb)
{
	volatile __u8 buffer[8];
	__u32 index = skb->len & 1023;

	buffer[0] = 1;
	return buffer[index];
}

char _license[] SEC("license") = "GPL";
