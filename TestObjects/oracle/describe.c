// SPDX-License-Identifier: GPL-2.0
/* Oracle for expected.json, built for the host and linked with -lbpf (never
 * part of the Swift products):
 *   describe OBJ         opens OBJ with the system libbpf without loading it
 *                        and prints its programs and maps as one JSON line in
 *                        the manifest's format;
 *   describe --load OBJ  loads OBJ (honouring autoload and pinning) and
 *                        prints which programs loaded and the kernel's view
 *                        of each map, or the error.
 * verify-with-bpftool.sh compares both with the manifest. */
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <bpf/libbpf.h>
#include <bpf/bpf.h>

static int silence(enum libbpf_print_level level, const char *fmt, va_list args)
{
	return 0;
}

static const char *or_unknown(const char *name)
{
	return name ? name : "unknown";
}

/* Map types newer than libbpf 1.1, named as current libbpf names them. */
static const char *map_type_name(enum bpf_map_type type)
{
	const char *name = libbpf_bpf_map_type_str(type);

	if (name)
		return name;
	switch ((int)type) {
	case 33:
		return "arena";
	default:
		return "unknown";
	}
}

/* libbpf renames internal maps to "<object prefix><section>"; the manifest
 * records them by section, which starts at the first dot. */
static const char *manifest_map_name(const struct bpf_map *map)
{
	const char *name = bpf_map__name(map);
	const char *dot = strchr(name, '.');

	return bpf_map__is_internal(map) && dot ? dot : name;
}

static void print_open_view(struct bpf_object *obj)
{
	struct bpf_program *prog;
	struct bpf_map *map;
	const char *sep = "";

	printf("{\"programs\":[");
	bpf_object__for_each_program(prog, obj) {
		enum bpf_prog_type type = bpf_program__type(prog);
		enum bpf_attach_type attach = bpf_program__expected_attach_type(prog);

		printf("%s{\"name\":\"%s\",\"section\":\"%s\",\"type\":\"%s\",",
		       sep, bpf_program__name(prog), bpf_program__section_name(prog),
		       or_unknown(libbpf_bpf_prog_type_str(type)));
		/* A struct_ops program's "attach type" is its member index. */
		if (type == BPF_PROG_TYPE_STRUCT_OPS)
			printf("\"attach_type\":null,\"struct_ops_member\":%u,", (unsigned)attach);
		/* Zero is also cgroup_inet_ingress; only cgroup_skb means it. */
		else if (attach == 0 && type != BPF_PROG_TYPE_CGROUP_SKB)
			printf("\"attach_type\":null,");
		else
			printf("\"attach_type\":\"%s\",", or_unknown(libbpf_bpf_attach_type_str(attach)));
		printf("\"autoload\":%s}", bpf_program__autoload(prog) ? "true" : "false");
		sep = ",";
	}
	printf("],\"maps\":[");
	sep = "";
	bpf_object__for_each_map(map, obj) {
		printf("%s{\"name\":\"%s\",\"type\":\"%s\",\"key_size\":%u,\"value_size\":%u,"
		       "\"max_entries\":%u,\"map_flags\":%u,\"pinning\":\"%s\"",
		       sep, manifest_map_name(map),
		       map_type_name(bpf_map__type(map)),
		       bpf_map__key_size(map), bpf_map__value_size(map),
		       bpf_map__max_entries(map), bpf_map__map_flags(map),
		       bpf_map__pin_path(map) ? "by_name" : "none");
		if (bpf_map__is_internal(map))
			printf(",\"internal\":true");
		if (bpf_map__numa_node(map))
			printf(",\"numa_node\":%u", bpf_map__numa_node(map));
		if (bpf_map__map_extra(map))
			printf(",\"map_extra\":%llu", (unsigned long long)bpf_map__map_extra(map));
		printf("}");
		sep = ",";
	}
	printf("]}\n");
}

static void print_kernel_view(struct bpf_object *obj)
{
	struct bpf_program *prog;
	struct bpf_map *map;
	const char *sep = "";

	printf("{\"load\":\"ok\",\"programs\":[");
	bpf_object__for_each_program(prog, obj) {
		struct bpf_prog_info info = {};
		__u32 len = sizeof(info);
		int fd = bpf_program__fd(prog);

		printf("%s{\"name\":\"%s\",\"loaded\":%s", sep, bpf_program__name(prog),
		       fd >= 0 ? "true" : "false");
		if (fd >= 0 && bpf_obj_get_info_by_fd(fd, &info, &len) == 0)
			printf(",\"type\":\"%s\"", or_unknown(libbpf_bpf_prog_type_str(info.type)));
		printf("}");
		sep = ",";
	}
	printf("],\"maps\":[");
	sep = "";
	bpf_object__for_each_map(map, obj) {
		struct bpf_map_info info = {};
		__u32 len = sizeof(info);
		int fd = bpf_map__fd(map);

		if (fd < 0 || bpf_obj_get_info_by_fd(fd, &info, &len) != 0)
			continue;
		printf("%s{\"name\":\"%s\",\"type\":\"%s\",\"key_size\":%u,\"value_size\":%u,"
		       "\"max_entries\":%u,\"map_flags\":%u,\"pin_path\":\"%s\"}",
		       sep, manifest_map_name(map), map_type_name(info.type),
		       info.key_size, info.value_size, info.max_entries, info.map_flags,
		       bpf_map__pin_path(map) ? bpf_map__pin_path(map) : "");
		sep = ",";
	}
	printf("]}\n");
}

int main(int argc, char **argv)
{
	struct bpf_object *obj;
	int load = argc == 3 && strcmp(argv[1], "--load") == 0;
	int err;

	if (argc != 2 && !load) {
		fprintf(stderr, "usage: %s [--load] OBJECT.o\n", argv[0]);
		return 2;
	}
	libbpf_set_print(silence);
	obj = bpf_object__open_file(argv[argc - 1], NULL);
	if (!obj) {
		printf("{\"open_error\":%d}\n", errno);
		return 1;
	}
	if (!load) {
		print_open_view(obj);
	} else if ((err = bpf_object__load(obj)) != 0) {
		printf("{\"load_error\":%d}\n", -err);
		bpf_object__close(obj);
		return 1;
	} else {
		print_kernel_view(obj);
	}
	bpf_object__close(obj);
	return 0;
}
