// SPDX-License-Identifier: GPL-2.0
/* The host-side oracle for core_vmlinux.c: the facts its programs return,
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
	return 0;
}
