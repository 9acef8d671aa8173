// SPDX-License-Identifier: GPL-2.0
/* A static function placed in a program section next to a program. Old
 * loaders took it for a subprogram; libbpf 1.x refuses the object ("program
 * 'helper_in_section' is static and not supported"), and so should we: every
 * function in a program section is a program, and programs are global. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

static __noinline __attribute__((section("xdp"))) int helper_in_section(__u32 len)
{
	return len > 64 ? XDP_PASS : XDP_DROP;
}

SEC("xdp")
int uses_section_helper(struct xdp_md *ctx)
{
	return helper_in_section(ctx->data_end - ctx->data);
}

char _license[] SEC("license") = "GPL";
