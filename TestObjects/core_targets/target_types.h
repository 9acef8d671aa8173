/* SPDX-License-Identifier: GPL-2.0 */
/* The "kernel" side of the CO-RE tests: types as a target BTF describes
 * them. core_kinds.c declares its own, different, local views of them.
 * Compiled twice: for bpf (target_btf.c, whose .BTF is the relocation
 * target) and for the host (layout_oracle.c, which prints the layout with
 * offsetof/sizeof so tests never take expected values from our engine). */
#ifndef SWIFTBPF_CORE_TARGET_TYPES_H
#define SWIFTBPF_CORE_TARGET_TYPES_H

struct swiftbpf_core_inner {
	int x;
	long long y;
};

struct swiftbpf_core_node {
	int value;
};

typedef struct swiftbpf_core_node **swiftbpf_core_node_pp;

/* Differs from the local view: a new leading field, fields reordered,
 * an anonymous union holding an anonymous struct, bitfields moved and
 * widened, a u32 grown to u64, and a flexible array at the end. */
struct swiftbpf_core_sample {
	unsigned long long header;
	union {
		int anon_word;
		struct {
			short anon_low;
			short anon_high;
		};
	};
	unsigned char pad;
	unsigned int flag_a : 3;
	unsigned int flag_b : 7;
	int flag_s : 5;
	int counter;
	unsigned long long size_changed;
	struct swiftbpf_core_node **chain;
	struct swiftbpf_core_inner arr[4];
	char tail[];
};

/* Renumbered enumerators. */
enum swiftbpf_core_color {
	SWIFTBPF_RED = 10,
	SWIFTBPF_GREEN = 20,
	SWIFTBPF_BLUE = 30,
};

/* A 64-bit enum (BTF_KIND_ENUM64). */
enum swiftbpf_core_wide {
	SWIFTBPF_WIDE_SMALL = 1,
	SWIFTBPF_WIDE_HUGE = 0x1234567890abcdefULL,
};

/* A type whose local view asks for fields the target lacks (type_matches = 0). */
struct swiftbpf_core_mismatch {
	int present;
};

/* Two flavors that disagree on where 'field' is: a relocation of it is ambiguous. */
struct swiftbpf_core_dup {
	int field;
};

struct swiftbpf_core_dup___other {
	int before;
	int field;
};

#endif
