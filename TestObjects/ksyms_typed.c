// SPDX-License-Identifier: GPL-2.0
/* Typed .ksyms variables, resolved through the kernel's BTF to a VAR id
 * (BPF_PSEUDO_BTF_ID): a per-CPU int and a per-CPU struct, as in the
 * selftests' test_ksyms_btf. The verifier then asks kallsyms for their
 * address, and this kernel's kallsyms has no data symbols (no
 * KALLSYMS_ALL): the load fails with ENOENT. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

extern const int bpf_prog_active __ksym;
extern const struct rq runqueues __ksym;

int out_active;
__u64 out_clock;

SEC("raw_tp/sys_enter")
int read_typed_ksyms(const void *ctx)
{
	__u32 cpu = bpf_get_smp_processor_id();
	const int *active = bpf_this_cpu_ptr(&bpf_prog_active);
	struct rq *rq = bpf_per_cpu_ptr(&runqueues, cpu);

	out_active = *active;
	if (rq)
		out_clock = rq->clock;
	return 0;
}

char _license[] SEC("license") = "GPL";
