// SPDX-License-Identifier: GPL-2.0
/* String literals: bpf_printk formats, a static const string and a literal
 * copied into a global. Depending on the compiler they land in .rodata or in a mergeable
 * .rodata.str1.1 section; a loader must turn either into a read-only map
 * and relocate the ld_imm64 that points into it. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char name_buffer[16];

SEC("tracepoint/syscalls/sys_enter_getppid")
int print_strings(void *ctx)
{
	static const char prefix[] = "swiftbpf";

	bpf_printk("getppid from %d", (int)(bpf_get_current_pid_tgid() >> 32));
	bpf_printk("two args %d %s", 2, prefix);
	__builtin_memcpy(name_buffer, "literal-copied", 15);
	return 0;
}

char _license[] SEC("license") = "GPL";
