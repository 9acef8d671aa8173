// SPDX-License-Identifier: GPL-2.0
/* A struct_ops map (tcp_congestion_ops) whose function pointers are
 * struct_ops programs: the loader must find struct tcp_congestion_ops and
 * its bpf_struct_ops_tcp_congestion_ops wrapper in vmlinux BTF, create a
 * BPF_MAP_TYPE_STRUCT_OPS map with btf_vmlinux_value_type_id, load each
 * program with attach_btf_id and the member index as expected_attach_type,
 * and write the programs' fds into the map value. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

SEC("struct_ops/swiftbpf_ssthresh")
__u32 BPF_PROG(swiftbpf_ssthresh, struct sock *sk)
{
	const struct tcp_sock *tp = (const struct tcp_sock *)sk;

	return tp->snd_cwnd > 4 ? tp->snd_cwnd / 2 : 2;
}

SEC("struct_ops/swiftbpf_cong_avoid")
void BPF_PROG(swiftbpf_cong_avoid, struct sock *sk, __u32 ack, __u32 acked)
{
}

SEC("struct_ops/swiftbpf_undo_cwnd")
__u32 BPF_PROG(swiftbpf_undo_cwnd, struct sock *sk)
{
	const struct tcp_sock *tp = (const struct tcp_sock *)sk;

	return tp->snd_cwnd;
}

SEC(".struct_ops")
struct tcp_congestion_ops swiftbpf_cc = {
	.ssthresh = (void *)swiftbpf_ssthresh,
	.cong_avoid = (void *)swiftbpf_cong_avoid,
	.undo_cwnd = (void *)swiftbpf_undo_cwnd,
	.name = "swiftbpf_cc",
};

char _license[] SEC("license") = "GPL";
