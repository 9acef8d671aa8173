// SPDX-License-Identifier: GPL-2.0
/* A custom zero-initialised section, .bss.NAME (SHT_NOBITS), next to the
 * plain .bss. Current libbpf makes it an internal map; the libbpf built into
 * bpftool 7.1 skips the section and then fails on the relocation. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

__u64 baz_scratch[8] SEC(".bss.baz");
__u32 baz_cursor SEC(".bss.baz");
__u64 plain_total;

SEC("cgroup_skb/egress")
int account_egress(struct __sk_buff *skb)
{
	__u32 slot = baz_cursor++ & 7;

	baz_scratch[slot] += skb->len;
	plain_total += skb->len;
	return 1;
}

char _license[] SEC("license") = "GPL";
