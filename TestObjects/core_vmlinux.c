// SPDX-License-Identifier: GPL-2.0
/* CO-RE against the running kernel's BTF: socket filters that return
 * relocated facts about kernel types (offsets through anonymous unions,
 * sizes, enum values, a flavored local view with a field no kernel has),
 * for PROG_TEST_RUN. core_targets/vmlinux_layout_oracle.c prints the same
 * facts from vmlinux.h compiled for the host. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

struct task_struct___swiftbpf_old {
	int pid;
	int swiftbpf_gone;
} __attribute__((preserve_access_index));

#define RETURNS(name, expression) \
	SEC("socket") int name(struct __sk_buff *skb) { return (expression); }

RETURNS(task_pid_offset, bpf_core_field_offset(struct task_struct, pid))
RETURNS(task_size, bpf_core_type_size(struct task_struct))
RETURNS(sk_buff_len_offset, bpf_core_field_offset(struct sk_buff, len))
RETURNS(sk_buff_dev_offset, bpf_core_field_offset(struct sk_buff, dev))
RETURNS(sockhash_value, bpf_core_enum_value(enum bpf_map_type, BPF_MAP_TYPE_SOCKHASH))
RETURNS(old_pid_offset, bpf_core_field_offset(struct task_struct___swiftbpf_old, pid))
RETURNS(old_pid_exists, bpf_core_field_exists(struct task_struct___swiftbpf_old, pid))
RETURNS(old_gone_exists, bpf_core_field_exists(struct task_struct___swiftbpf_old, swiftbpf_gone))
RETURNS(old_gone_guarded, bpf_core_field_exists(struct task_struct___swiftbpf_old, swiftbpf_gone)
	? bpf_core_field_offset(struct task_struct___swiftbpf_old, swiftbpf_gone) : 99)

char _license[] SEC("license") = "GPL";
