// SPDX-License-Identifier: GPL-2.0
/* Map kinds newer than Debian's 6.1 uapi header, declared through the
 * running kernel's vmlinux.h: cgrp_storage (6.2, cgroup local storage used
 * with bpf_cgrp_storage_get) and arena (6.9, a sparse shared memory region:
 * BPF_F_MMAPABLE, max_entries in pages, no key or value). */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_CGRP_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, __u64);
} cgrp_marks SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARENA);
	__uint(map_flags, BPF_F_MMAPABLE);
	__uint(max_entries, 4);
} shared_arena SEC(".maps");

SEC("tp_btf/cgroup_mkdir")
int mark_new_cgroup(__u64 *ctx)
{
	struct cgroup *cgrp = (struct cgroup *)ctx[0];
	__u64 *mark;

	mark = bpf_cgrp_storage_get(&cgrp_marks, cgrp, 0, BPF_LOCAL_STORAGE_GET_F_CREATE);
	if (mark)
		*mark = bpf_ktime_get_ns();
	return 0;
}

char _license[] SEC("license") = "GPL";
