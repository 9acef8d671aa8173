// SPDX-License-Identifier: GPL-2.0
/* An object built without -g, so it has no .BTF and no .BTF.ext: programs,
 * a subprogram call and global data must still load (maps created without
 * BTF, no func/line info). The Makefile drops -g for this file only. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

int no_btf_counter = 3;
const volatile int no_btf_limit = 100;
__u64 no_btf_total;

static __noinline int bounded(int value)
{
	return value > no_btf_limit ? no_btf_limit : value;
}

SEC("socket")
int socket_without_btf(struct __sk_buff *skb)
{
	no_btf_total += bounded(skb->len) + no_btf_counter;
	return 0;
}

SEC("xdp")
int xdp_without_btf(struct xdp_md *ctx)
{
	no_btf_counter++;
	return XDP_PASS;
}

char _license[] SEC("license") = "GPL";
