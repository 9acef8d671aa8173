// SPDX-License-Identifier: GPL-2.0
/* sk_lookup dispatch: every TCP connection to a port in a configured range
 * goes to the one socket stored in a sockmap, selected with bpf_sk_assign
 * instead of a bpf_sk_lookup_tcp search. */
#include <linux/bpf.h>
#include <linux/in.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_SOCKMAP);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 1);
} target_socket SEC(".maps");

struct port_range {
	__u16 first;
	__u16 last;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, struct port_range);
	__uint(max_entries, 1);
} dispatch_ports SEC(".maps");

SEC("sk_lookup")
int dispatch_port_range(struct bpf_sk_lookup *ctx)
{
	__u32 zero = 0;
	struct port_range *range;
	struct bpf_sock *sk;
	long err;

	if (ctx->protocol != IPPROTO_TCP)
		return SK_PASS;
	range = bpf_map_lookup_elem(&dispatch_ports, &zero);
	if (!range || ctx->local_port < range->first || ctx->local_port > range->last)
		return SK_PASS;

	sk = bpf_map_lookup_elem(&target_socket, &zero);
	if (!sk)
		return SK_PASS;
	err = bpf_sk_assign(ctx, sk, 0);
	bpf_sk_release(sk);
	return err ? SK_DROP : SK_PASS;
}

/* A second program in the same section that drops a single port, to test
 * several sk_lookup programs run in attach order. */
SEC("sk_lookup")
int drop_port(struct bpf_sk_lookup *ctx)
{
	return ctx->local_port == 7 ? SK_DROP : SK_PASS;
}

char _license[] SEC("license") = "GPL";
