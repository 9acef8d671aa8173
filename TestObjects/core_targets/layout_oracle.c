// SPDX-License-Identifier: GPL-2.0
/* The layout oracle of the CO-RE tests, built for the host: prints the facts
 * of target_types.h that core_kinds.c's and core_forms.c's programs must return once relocated,
 * as "name value" lines, taken from the C compiler (offsetof, sizeof, enum
 * constants), plus "packet HEX": a target-layout sample struct whose fields
 * the read_* programs must read back as "read_* value". */
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include "target_types.h"

int main(void)
{
	struct swiftbpf_core_sample *sample;
	unsigned char buffer[128] __attribute__((aligned(8)));
	size_t i;

	printf("counter_offset %zu\n", offsetof(struct swiftbpf_core_sample, counter));
	printf("counter_size %zu\n", sizeof(((struct swiftbpf_core_sample *)0)->counter));
	printf("anon_high_offset %zu\n", offsetof(struct swiftbpf_core_sample, anon_high));
	printf("arr_y_offset %zu\n", offsetof(struct swiftbpf_core_sample, arr[2].y));
	printf("tail_offset %zu\n", offsetof(struct swiftbpf_core_sample, tail) + 5);
	printf("chain_size %zu\n", sizeof(((struct swiftbpf_core_sample *)0)->chain));
	printf("sample_size %zu\n", sizeof(struct swiftbpf_core_sample));
	printf("green_value %d\n", SWIFTBPF_GREEN);
	printf("blue_value %d\n", SWIFTBPF_BLUE);
	printf("huge_low %u\n", (unsigned int)SWIFTBPF_WIDE_HUGE);
	printf("huge_high %u\n", (unsigned int)((unsigned long long)SWIFTBPF_WIDE_HUGE >> 32));
	/* core_forms.c: (size << 8) | offset of the target field each store_* program writes. */
	printf("store_imm_counter %zu\n", sizeof(((struct swiftbpf_core_sample *)0)->counter) << 8
	       | offsetof(struct swiftbpf_core_sample, counter));
	printf("store_reg_counter %zu\n", sizeof(((struct swiftbpf_core_sample *)0)->counter) << 8
	       | offsetof(struct swiftbpf_core_sample, counter));
	printf("store_reg_size_changed %zu\n", sizeof(((struct swiftbpf_core_sample *)0)->size_changed) << 8
	       | offsetof(struct swiftbpf_core_sample, size_changed));

	memset(buffer, 0, sizeof(buffer));
	sample = (void *)buffer;
	sample->counter = 0x1234;
	sample->size_changed = 0x89abcdefULL;
	sample->anon_high = -3;
	sample->flag_a = 5;
	sample->flag_b = 101;
	sample->flag_s = -7;
	sample->arr[2].y = 0x7777;
	printf("read_counter %u\n", (unsigned int)sample->counter);
	printf("read_size_changed %u\n", (unsigned int)sample->size_changed);
	printf("read_anon_high %u\n", (unsigned int)(int)sample->anon_high);
	printf("read_flag_b %u\n", (unsigned int)sample->flag_b);
	printf("read_flag_s %u\n", (unsigned int)(int)sample->flag_s);
	printf("read_arr_y %u\n", (unsigned int)sample->arr[2].y);
	printf("packet ");
	for (i = 0; i < sizeof(buffer); i++)
		printf("%02x", buffer[i]);
	printf("\n");
	return 0;
}
