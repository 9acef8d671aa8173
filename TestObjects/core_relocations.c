// SPDX-License-Identifier: GPL-2.0
/* CO-RE: one use of every relocation kind libbpf supports, against the
 * kernel's BTF (vmlinux.h):
 *   field byte offset, byte size, existence, signedness, lshift/rshift
 *   (bitfields), local and target type ids, type existence, size and
 *   match, enum value existence and value.
 * Local "flavors" (struct name___suffix) describe fields that exist in no
 * kernel, so the existence checks evaluate to 0 and the guarded reads are
 * removed, and enums and types that exist only locally. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_tracing.h>

/* A flavor of task_struct with one real and one missing field. */
struct task_struct___swiftbpf {
	int pid;
	int swiftbpf_missing_field;
} __attribute__((preserve_access_index));

/* A type no kernel has. */
struct swiftbpf_local_only {
	int value;
};

enum swiftbpf_local_enum {
	SWIFTBPF_LOCAL_A = 1,
};

struct core_results {
	__u64 pid_offset;
	__u64 pid_size;
	__u64 pid_exists;
	__u64 missing_exists;
	__u64 pid_signed;
	__u64 bit_lshift;
	__u64 bit_rshift;
	__u64 bit_value;
	__u64 local_type_id;
	__u64 kernel_type_id;
	__u64 task_exists;
	__u64 local_only_exists;
	__u64 task_size;
	__u64 task_matches;
	__u64 enum_exists;
	__u64 enum_value;
	__u64 local_enum_exists;
	int pid;
	int tgid;
	char comm[16];
};

struct core_results results;

SEC("raw_tp/sys_enter")
int read_with_core(const void *ctx)
{
	struct task_struct *task = (void *)bpf_get_current_task();
	struct task_struct___swiftbpf *flavored = (void *)task;

	results.pid_offset = bpf_core_field_offset(struct task_struct, pid);
	results.pid_size = bpf_core_field_size(task->pid);
	results.pid_exists = bpf_core_field_exists(flavored->pid);
	results.missing_exists = bpf_core_field_exists(flavored->swiftbpf_missing_field);
	results.pid_signed = __builtin_preserve_field_info(task->pid, BPF_FIELD_SIGNED);
	results.bit_lshift = __builtin_preserve_field_info(task->in_execve, BPF_FIELD_LSHIFT_U64);
	results.bit_rshift = __builtin_preserve_field_info(task->in_execve, BPF_FIELD_RSHIFT_U64);
	results.local_type_id = bpf_core_type_id_local(struct task_struct);
	results.kernel_type_id = bpf_core_type_id_kernel(struct task_struct);
	results.task_exists = bpf_core_type_exists(struct task_struct);
	results.local_only_exists = bpf_core_type_exists(struct swiftbpf_local_only);
	results.task_size = bpf_core_type_size(struct task_struct);
	results.task_matches = bpf_core_type_matches(struct task_struct);
	results.enum_exists = bpf_core_enum_value_exists(enum bpf_map_type, BPF_MAP_TYPE_SOCKHASH);
	results.enum_value = bpf_core_enum_value(enum bpf_map_type, BPF_MAP_TYPE_SOCKHASH);
	results.local_enum_exists = bpf_core_enum_value_exists(enum swiftbpf_local_enum, SWIFTBPF_LOCAL_A);

	results.pid = BPF_CORE_READ(task, pid);
	results.tgid = BPF_CORE_READ(task, group_leader, tgid);
	BPF_CORE_READ_STR_INTO(&results.comm, task, comm);
	if (bpf_core_field_exists(flavored->swiftbpf_missing_field))
		results.pid = BPF_CORE_READ(flavored, swiftbpf_missing_field);
	results.bit_value = BPF_CORE_READ_BITFIELD_PROBED(task, in_execve);
	return 0;
}

char _license[] SEC("license") = "GPL";
