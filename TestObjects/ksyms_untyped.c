// SPDX-License-Identifier: GPL-2.0
/* .ksyms variables that load on this kernel: an untyped ksym (const void)
 * whose address the loader takes from /proc/kallsyms (a function, since
 * this kernel's kallsyms lacks data symbols), and weak typed and untyped
 * ksyms that exist nowhere, which the loader must turn into NULL. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

extern const void bpf_prog_put __ksym;
extern const void swiftbpf_missing_symbol __ksym __weak;
extern const int swiftbpf_missing_counter __ksym __weak;

__u64 out_prog_put_addr;
int out_missing;

SEC("raw_tp/sys_enter")
int read_untyped_ksyms(const void *ctx)
{
	out_prog_put_addr = (__u64)&bpf_prog_put;
	out_missing = &swiftbpf_missing_counter == 0 && &swiftbpf_missing_symbol == 0;
	return 0;
}

char _license[] SEC("license") = "GPL";
