// SPDX-License-Identifier: GPL-2.0
/* The libbpf oracle of the CO-RE tests, built for the host with -lbpf
 * (never part of the Swift products):
 *   libbpf_oracle OBJ [TARGET_BTF]
 * opens OBJ with libbpf (TARGET_BTF as btf_custom_path, else the kernel's
 * BTF), loads it and prints, for every CO-RE relocation libbpf applied, one
 * line taken from libbpf's own debug log:
 *   patch PROGRAM INSN VALUE      the instruction got VALUE
 *   poison PROGRAM INSN           the instruction was poisoned
 *   fail PROGRAM                  relocation failed (the load stops)
 * INSN counts 8-byte slots from the program's first instruction. Verifier
 * rejections after relocation do not matter here. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <bpf/libbpf.h>

static int capture(enum libbpf_print_level level, const char *format, va_list args)
{
	char line[1024], program[256];
	unsigned long long from, to;
	int relocation, instruction;
	const char *patched, *start;

	vsnprintf(line, sizeof(line), format, args);
	start = strstr(line, "prog '");
	if (!start || sscanf(start, "prog '%255[^']': relo #%d:", program, &relocation) != 2)
		return 0;
	patched = strstr(line, "patched insn #");
	if (patched) {
		const char *values = strchr(patched, ')');

		if (sscanf(patched, "patched insn #%d", &instruction) == 1 && values &&
		    (sscanf(values, ") imm %llu -> %llu", &from, &to) == 2 ||
		     sscanf(values, ") off %llu -> %llu", &from, &to) == 2 ||
		     sscanf(values, ") imm64 %llu -> %llu", &from, &to) == 2))
			printf("patch %s %d %llu\n", program, instruction, to);
		return 0;
	}
	if (sscanf(strstr(line, "substituting insn #") ?: "", "substituting insn #%d", &instruction) == 1)
		printf("poison %s %d\n", program, instruction);
	else if (strstr(line, "failed to relocate") || strstr(line, "ambiguity"))
		printf("fail %s\n", program);
	return 0;
}

int main(int argc, char **argv)
{
	LIBBPF_OPTS(bpf_object_open_opts, options, .btf_custom_path = argc > 2 ? argv[2] : NULL);
	struct bpf_object *object;

	if (argc < 2) {
		fprintf(stderr, "usage: %s OBJ [TARGET_BTF]\n", argv[0]);
		return 2;
	}
	libbpf_set_print(capture);
	object = bpf_object__open_file(argv[1], &options);
	if (!object) {
		fprintf(stderr, "cannot open %s\n", argv[1]);
		return 1;
	}
	bpf_object__load(object);
	bpf_object__close(object);
	fflush(stdout);
	return 0;
}
