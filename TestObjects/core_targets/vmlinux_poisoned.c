// SPDX-License-Identifier: GPL-2.0
/* A reachable poisoned relocation against the running kernel: a flavor of
 * task_struct asks for a field no kernel has, unguarded, so the verifier
 * rejects the program and the loader must say which relocation failed and
 * why. Built with -I ../build for vmlinux.h. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

struct task_struct___old {
	int pid;
	int swiftbpf_gone;
} __attribute__((preserve_access_index));

SEC("socket") int gone_offset(struct __sk_buff *skb)
{
	return bpf_core_field_offset(struct task_struct___old, swiftbpf_gone);
}

char _license[] SEC("license") = "GPL";
