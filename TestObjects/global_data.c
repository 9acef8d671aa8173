// SPDX-License-Identifier: GPL-2.0
/* Global variables of every kind: .data, .rodata, .bss and the custom
 * .data.NAME and .rodata.NAME sections libbpf turns into one internal array
 * map each. (.bss.NAME is in global_data_bss_custom.c: bpftool 7.1 cannot
 * load it.) */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct config {
	__u32 mode;
	__u8 enabled;
	char tag[11];
};

int packet_limit = 1500;                         /* .data */
__u64 drops = 0;                                 /* .bss */
static volatile int last_len;                    /* .bss, static */
const volatile __u32 sample_rate = 100;          /* .rodata */
const volatile struct config cfg = { .mode = 2, .enabled = 1, .tag = "swiftbpf" };
const char greeting[] = "hello";                 /* .rodata, not volatile */

int foo_counter SEC(".data.foo") = 7;
__u64 foo_table[4] SEC(".data.foo") = { 1, 2, 3, 4 };
const volatile __u32 bar_limit SEC(".rodata.bar") = 42;

SEC("tc")
int use_globals(struct __sk_buff *skb)
{
	__u32 slot = skb->len & 7;

	last_len = skb->len;
	if (!cfg.enabled || cfg.mode == 0)
		return 0;
	if (skb->len > packet_limit + bar_limit) {
		__sync_fetch_and_add(&drops, 1);
		return 2; /* TC_ACT_SHOT */
	}
	if (sample_rate && (skb->hash % sample_rate) == 0)
		foo_counter++;
	foo_table[slot & 3] += greeting[slot % 5];
	return 0; /* TC_ACT_OK */
}

char _license[] SEC("license") = "GPL";
