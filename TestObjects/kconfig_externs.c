// SPDX-License-Identifier: GPL-2.0
/* Every kind of .kconfig extern: LINUX_KERNEL_VERSION (from uname, not the
 * config), a bool, a tristate, integers of two widths, a string, a symbol
 * the config leaves unset (weak, reads as n) and one that does not exist
 * (weak, reads as zero). The loader fills one read-only .kconfig map. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

extern unsigned int LINUX_KERNEL_VERSION __kconfig;
extern _Bool CONFIG_BPF_SYSCALL __kconfig;
extern enum libbpf_tristate CONFIG_BPF_JIT __kconfig;
extern int CONFIG_HZ __kconfig;
extern unsigned long long CONFIG_NR_CPUS __kconfig;
extern const char CONFIG_LOCALVERSION[16] __kconfig;
extern enum libbpf_tristate CONFIG_MODULES __kconfig __weak;
extern unsigned int CONFIG_SWIFTBPF_DOES_NOT_EXIST __kconfig __weak;

__u64 observed[6];

SEC("socket")
int read_kconfig(struct __sk_buff *skb)
{
	observed[0] = LINUX_KERNEL_VERSION;
	observed[1] = CONFIG_BPF_SYSCALL;
	observed[2] = CONFIG_BPF_JIT == TRI_YES;
	observed[3] = CONFIG_HZ + CONFIG_NR_CPUS;
	observed[4] = CONFIG_LOCALVERSION[0] == '-';
	observed[5] = CONFIG_MODULES == TRI_NO && CONFIG_SWIFTBPF_DOES_NOT_EXIST == 0;
	return 0;
}

char _license[] SEC("license") = "GPL";
