// SPDX-License-Identifier: GPL-2.0
/* An LSM program (lsm/file_open, BPF_LSM_MAC, attach_btf_id of the
 * bpf_lsm_file_open hook). Refused here with EPERM like fentry. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

__u64 opens;

SEC("lsm/file_open")
int BPF_PROG(watch_file_open, struct file *file, int ret)
{
	opens++;
	return ret;
}

char _license[] SEC("license") = "GPL";
