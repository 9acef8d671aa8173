// SPDX-License-Identifier: GPL-2.0
/* CO-RE: every relocation kind against a custom target BTF
 * (core_targets/target_types.h), with local types that differ from it the
 * ways CO-RE must survive: flavored names, reordered and missing fields, a
 * field inside anonymous union/struct members, bitfields moved and resized,
 * a u32 grown to u64, arrays past a flexible array member, pointer-to-pointer
 * typedefs, renumbered and flavored enumerators, a 64-bit enum.
 * Each socket filter returns one relocated value (PROG_TEST_RUN's retval);
 * the read_* programs read a target-layout struct from the packet. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

struct swiftbpf_core_node___local {
	int value;
} __attribute__((preserve_access_index));

typedef struct swiftbpf_core_node___local **swiftbpf_core_node_pp___local;

struct swiftbpf_core_inner {
	int x;
	long long y;
} __attribute__((preserve_access_index));

struct swiftbpf_core_sample___local {
	int counter;
	unsigned int size_changed;
	short anon_high;
	int missing;
	unsigned int flag_b : 3;
	int flag_s : 5;
	struct swiftbpf_core_node___local **chain;
	struct swiftbpf_core_inner arr[3];
	char tail[];
} __attribute__((preserve_access_index));

struct swiftbpf_core_local_only {
	int value;
} __attribute__((preserve_access_index));

struct swiftbpf_core_mismatch___local {
	int present;
	int absent;
} __attribute__((preserve_access_index));

enum swiftbpf_core_color___local {
	SWIFTBPF_GREEN___l = 2,
	SWIFTBPF_BLUE___l = 3,
	SWIFTBPF_PURPLE___l = 5,
};

enum swiftbpf_core_wide___local {
	SWIFTBPF_WIDE_HUGE___l = 0x100000000ULL,
};

#define sample_t struct swiftbpf_core_sample___local

#define RETURNS(name, expression) \
	SEC("socket") int name(struct __sk_buff *skb) { return (expression); }

RETURNS(counter_offset, bpf_core_field_offset(sample_t, counter))
RETURNS(counter_size, bpf_core_field_size(sample_t, counter))
RETURNS(counter_exists, bpf_core_field_exists(sample_t, counter))
RETURNS(missing_exists, bpf_core_field_exists(sample_t, missing))
RETURNS(anon_high_offset, bpf_core_field_offset(sample_t, anon_high))
RETURNS(flag_b_offset, __builtin_preserve_field_info(((sample_t *)0)->flag_b, BPF_FIELD_BYTE_OFFSET))
RETURNS(flag_b_size, __builtin_preserve_field_info(((sample_t *)0)->flag_b, BPF_FIELD_BYTE_SIZE))
RETURNS(flag_b_lshift, __builtin_preserve_field_info(((sample_t *)0)->flag_b, BPF_FIELD_LSHIFT_U64))
RETURNS(flag_b_rshift, __builtin_preserve_field_info(((sample_t *)0)->flag_b, BPF_FIELD_RSHIFT_U64))
RETURNS(flag_b_signed, __builtin_preserve_field_info(((sample_t *)0)->flag_b, BPF_FIELD_SIGNED))
RETURNS(flag_s_signed, __builtin_preserve_field_info(((sample_t *)0)->flag_s, BPF_FIELD_SIGNED))
RETURNS(arr_y_offset, bpf_core_field_offset(((sample_t *)0)->arr[2].y))
RETURNS(tail_offset, bpf_core_field_offset(((sample_t *)0)->tail[5]))
RETURNS(chain_size, bpf_core_field_size(sample_t, chain))
RETURNS(local_type_id, bpf_core_type_id_local(sample_t))
RETURNS(target_type_id, bpf_core_type_id_kernel(sample_t))
RETURNS(sample_exists, bpf_core_type_exists(sample_t))
RETURNS(local_only_exists, bpf_core_type_exists(struct swiftbpf_core_local_only))
RETURNS(sample_size, bpf_core_type_size(sample_t))
RETURNS(node_pp_exists, bpf_core_type_exists(swiftbpf_core_node_pp___local))
RETURNS(node_pp_matches, bpf_core_type_matches(swiftbpf_core_node_pp___local))
RETURNS(mismatch_exists, bpf_core_type_exists(struct swiftbpf_core_mismatch___local))
RETURNS(mismatch_matches, bpf_core_type_matches(struct swiftbpf_core_mismatch___local))
RETURNS(green_exists, bpf_core_enum_value_exists(enum swiftbpf_core_color___local, SWIFTBPF_GREEN___l))
RETURNS(purple_exists, bpf_core_enum_value_exists(enum swiftbpf_core_color___local, SWIFTBPF_PURPLE___l))
RETURNS(green_value, bpf_core_enum_value(enum swiftbpf_core_color___local, SWIFTBPF_GREEN___l))
/* A missing enumerator's value: the ld_imm64 is poisoned (both slots). */
RETURNS(purple_value, bpf_core_enum_value(enum swiftbpf_core_color___local, SWIFTBPF_PURPLE___l))
RETURNS(blue_value, bpf_core_enum_value(enum swiftbpf_core_color___local, SWIFTBPF_BLUE___l))
RETURNS(huge_low, (__u32)bpf_core_enum_value(enum swiftbpf_core_wide___local, SWIFTBPF_WIDE_HUGE___l))
RETURNS(huge_high, (__u32)(bpf_core_enum_value(enum swiftbpf_core_wide___local, SWIFTBPF_WIDE_HUGE___l) >> 32))

/* Reads of a target-layout struct carried in the packet. */
#define READS(name, expression)                                              \
	SEC("socket") int name(struct __sk_buff *skb)                        \
	{                                                                    \
		char buffer[128] __attribute__((aligned(8)));                \
		sample_t *sample = (void *)buffer;                           \
		if (bpf_skb_load_bytes(skb, 0, buffer, sizeof(buffer)))      \
			return -1;                                           \
		return (expression);                                         \
	}

READS(read_counter, sample->counter)
READS(read_size_changed, sample->size_changed)
READS(read_anon_high, sample->anon_high)
READS(read_flag_b, BPF_CORE_READ_BITFIELD(sample, flag_b))
READS(read_flag_s, BPF_CORE_READ_BITFIELD(sample, flag_s))
READS(read_arr_y, sample->arr[2].y)
READS(read_missing_guarded, bpf_core_field_exists(sample->missing) ? sample->missing : 77)
/* Unguarded: the load of 'missing' is poisoned and the verifier rejects it. */
READS(read_missing, sample->missing)

char _license[] SEC("license") = "GPL";
