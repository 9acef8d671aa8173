// SPDX-License-Identifier: GPL-2.0
/* CO-RE: a field whose two target candidates (swiftbpf_core_dup and
 * swiftbpf_core_dup___other in target_types.h) disagree on its
 * offset. Relocating it must fail the load, as in libbpf. Kept out of the
 * TestObjects build: it needs target_btf.c as its target; the tests compile it. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

struct swiftbpf_core_dup___mine {
	int field;
} __attribute__((preserve_access_index));

SEC("socket") int ambiguous_offset(struct __sk_buff *skb)
{
	return bpf_core_field_offset(struct swiftbpf_core_dup___mine, field);
}

char _license[] SEC("license") = "GPL";
