// SPDX-License-Identifier: GPL-2.0
/* The host-side oracle for core_vmlinux.c and core_relocations.c: the facts their programs return,
 * from vmlinux.h (TestObjects/build, generated from the running kernel's
 * BTF) compiled for the host, as "name value" lines. */
#include "vmlinux.h"

int printf(const char *format, ...);

#define offsetof(type, member) __builtin_offsetof(type, member)

int main(void)
{
	printf("task_pid_offset %zu\n", offsetof(struct task_struct, pid));
	printf("task_size %zu\n", sizeof(struct task_struct));
	printf("sk_buff_len_offset %zu\n", offsetof(struct sk_buff, len));
	printf("sk_buff_dev_offset %zu\n", offsetof(struct sk_buff, dev));
	printf("sockhash_value %d\n", (int)BPF_MAP_TYPE_SOCKHASH);
	printf("old_pid_offset %zu\n", offsetof(struct task_struct, pid));
	/* core_relocations.c's results. */
	printf("results.pid_size %zu\n", sizeof(((struct task_struct *)0)->pid));
	printf("results.pid_signed %d\n", (__typeof__(((struct task_struct *)0)->pid))-1 < 0);
	return 0;
}
