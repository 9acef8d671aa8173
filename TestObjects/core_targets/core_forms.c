// SPDX-License-Identifier: GPL-2.0
/* CO-RE relocations on the instruction forms core_kinds.c leaves out:
 * stores with an offset: BPF_ST with an immediate (clang emits it with
 * -mcpu=v4), BPF_STX from a register, and a BPF_STX whose width follows a
 * u32 grown to u64. Relocated against target_btf.c. Each store_* program fills a buffer with
 * 0xff, stores 0x5a5a5a5a through its local view, and returns
 * (bytes changed << 8) | first byte changed: the field's size and offset
 * in the target, which layout_oracle.c prints from the C compiler. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

struct swiftbpf_core_inner {
	int x;
	long long y;
} __attribute__((preserve_access_index));

struct swiftbpf_core_sample___forms {
	unsigned int size_changed;
	int counter;
	struct swiftbpf_core_inner arr[3];
} __attribute__((preserve_access_index));

#define BUFFER_SIZE 128

/* (bytes that are no longer 0xff) << 8 | the first of them. */
static __always_inline int changed_span(const unsigned char *buffer)
{
	int first = -1, count = 0;

	for (int i = 0; i < BUFFER_SIZE; i++) {
		if (buffer[i] != 0xff) {
			if (first < 0)
				first = i;
			count++;
		}
	}
	return count << 8 | first;
}

#define STORES(name, statement)                                              \
	SEC("socket") int name(struct __sk_buff *skb)                        \
	{                                                                    \
		unsigned char buffer[BUFFER_SIZE] __attribute__((aligned(8))); \
		struct swiftbpf_core_sample___forms *sample = (void *)buffer; \
		__u32 marker = 0x5a5a5a5a;                                   \
		__builtin_memset(buffer, 0xff, sizeof(buffer));              \
		barrier_var(sample);                                         \
		statement;                                                   \
		return changed_span(buffer);                                 \
	}

/* BPF_ST: an immediate stored at the relocated offset. */
STORES(store_imm_counter, sample->counter = 0x5a5a5a5a)
/* BPF_STX: a register stored at the relocated offset. */
STORES(store_reg_counter, barrier_var(marker); sample->counter = marker)
/* BPF_STX whose width grows from 4 to 8 bytes with the target field. */
STORES(store_reg_size_changed, barrier_var(marker); sample->size_changed = marker)
char _license[] SEC("license") = "GPL";
