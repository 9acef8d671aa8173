// SPDX-License-Identifier: GPL-2.0
/* A program in a section no loader knows: the program type cannot be
 * derived from "swiftbpf/not_a_program_type", so loading must fail and name
 * the section (libbpf: "failed to guess program type from ELF section"). */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("xdp")
int known_program(struct xdp_md *ctx)
{
	return XDP_PASS;
}

SEC("swiftbpf/not_a_program_type")
int unknown_program(void *ctx)
{
	return 0;
}

char _license[] SEC("license") = "GPL";
