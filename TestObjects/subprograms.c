// SPDX-License-Identifier: GPL-2.0
/* BPF-to-BPF calls: static and global __noinline functions in .text,
 * called from several programs in two sections, so the loader must append
 * each used subprogram to every caller and fix the call offsets (and their
 * .BTF.ext func/line info). A static function inside a program section is
 * refused by libbpf 1.x: see err_static_in_prog_section.c. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

__u64 totals[4];

/* Static, in .text, called by every program. */
static __noinline __u32 mix(__u32 a, __u32 b)
{
	return (a * 31) ^ (b + 7);
}

/* Global, in .text: verified on its own with only its BTF signature. */
__noinline int clamp_len(int len)
{
	if (len < 0)
		return 0;
	return len > 9000 ? 9000 : len;
}

/* Static, in .text, calling another subprogram (a nested call chain). */
static __noinline __u64 weigh(__u32 a, int len)
{
	return (__u64)mix(a, len) + clamp_len(len);
}

/* Static, in .text, used only by the two programs of the tc section. */
static __noinline int classify(__u32 mark)
{
	return mark & 1 ? 2 : 0;
}

SEC("tc")
int tc_first(struct __sk_buff *skb)
{
	totals[0] += weigh(skb->mark, skb->len);
	return classify(skb->mark);
}

SEC("tc")
int tc_second(struct __sk_buff *skb)
{
	totals[1] += mix(skb->priority, clamp_len(skb->len));
	return classify(skb->priority);
}

SEC("socket")
int socket_user(struct __sk_buff *skb)
{
	totals[2] += weigh(skb->protocol, skb->len);
	return clamp_len(skb->len);
}

char _license[] SEC("license") = "GPL";
