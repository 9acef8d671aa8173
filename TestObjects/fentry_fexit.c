// SPDX-License-Identifier: GPL-2.0
/* BTF-attached tracing programs: fentry/ and fexit/ on a kernel function.
 * The loader must find the target in vmlinux BTF and pass its id as
 * attach_btf_id. This kernel refuses them (BPF_PROG_LOAD returns EPERM),
 * so the expected outcome is that refusal for the first one. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

__u64 entries, exits;

SEC("fentry/do_unlinkat")
int BPF_PROG(enter_unlinkat, int dfd, struct filename *name)
{
	entries++;
	return 0;
}

SEC("fexit/do_unlinkat")
int BPF_PROG(exit_unlinkat, int dfd, struct filename *name, long ret)
{
	exits += ret == 0;
	return 0;
}

char _license[] SEC("license") = "GPL";
