// SPDX-License-Identifier: GPL-2.0
/* A call to a function that is declared but defined nowhere and is not a
 * __ksym: the object has a relocation against an undefined symbol that no
 * loader can resolve. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

int swiftbpf_undefined_function(int value);

SEC("tc")
int calls_undefined(struct __sk_buff *skb)
{
	return swiftbpf_undefined_function(skb->len);
}

char _license[] SEC("license") = "GPL";
