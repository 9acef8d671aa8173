// SPDX-License-Identifier: GPL-2.0
/* Map values whose BTF carries special fields the kernel finds only through
 * btf_value_type_id: a bpf_spin_lock, a bpf_timer, and referenced and
 * untrusted kptrs (btf_type_tag "kptr" / "kptr_untrusted"). A loader that
 * drops the value's BTF gets EINVAL for these maps. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

#define __kptr __attribute__((btf_type_tag("kptr")))
#define __kptr_untrusted __attribute__((btf_type_tag("kptr_untrusted")))

extern struct task_struct *bpf_task_acquire(struct task_struct *p) __ksym;
extern void bpf_task_release(struct task_struct *p) __ksym;

struct locked_counter {
	struct bpf_spin_lock lock;
	__u64 value;
};

struct task_slot {
	struct task_struct __kptr *owner;
	struct task_struct __kptr_untrusted *last_seen;
	struct bpf_timer timer;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, __u32);
	__type(value, struct locked_counter);
	__uint(max_entries, 32);
} locked SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, struct task_slot);
	__uint(max_entries, 1);
} task_slots SEC(".maps");

SEC("tp_btf/task_newtask")
int remember_task(__u64 *ctx)
{
	struct task_struct *task = (struct task_struct *)ctx[0];
	struct locked_counter *counter;
	struct task_struct *acquired, *old;
	struct task_slot *slot;
	__u32 zero = 0;

	counter = bpf_map_lookup_elem(&locked, &zero);
	if (counter) {
		bpf_spin_lock(&counter->lock);
		counter->value++;
		bpf_spin_unlock(&counter->lock);
	}

	slot = bpf_map_lookup_elem(&task_slots, &zero);
	if (!slot)
		return 0;
	slot->last_seen = task;
	acquired = bpf_task_acquire(task);
	if (!acquired)
		return 0;
	old = bpf_kptr_xchg(&slot->owner, acquired);
	if (old)
		bpf_task_release(old);
	return 0;
}

char _license[] SEC("license") = "GPL";
