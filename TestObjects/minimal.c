// SPDX-License-Identifier: GPL-2.0
/* The smallest useful object: one socket filter, no maps, no data, a
 * license. A small seed for the fuzzers and a baseline for the loader. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("socket")
int accept_all(struct __sk_buff *skb)
{
	return -1;
}

char _license[] SEC("license") = "GPL";
