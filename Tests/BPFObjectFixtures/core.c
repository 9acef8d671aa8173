// CO-RE field accesses (core_relo records in .BTF.ext), externs, weak symbols,
// several programs, strings in .rodata and a type tag.
#include <linux/bpf.h>
#define SEC(n) __attribute__((section(n), used))
#define __weak __attribute__((weak))
#define __ksym __attribute__((section(".ksyms")))
#define __kconfig __attribute__((section(".kconfig")))

struct task_struct { int pid; int tgid; struct task_struct *parent; } __attribute__((preserve_access_index));
struct pair { long first; long second; };

extern int LINUX_KERNEL_VERSION __kconfig;
extern int bpf_ksym_example __ksym __weak;

struct { int type; int max_entries; int *key; struct pair *value; } counters SEC(".maps");
int __weak weak_counter = 7;
int __attribute__((btf_type_tag("user"))) *tagged_pointer;

static long (*bpf_trace_printk)(const char *fmt, __u32 fmt_size, ...) = (void *)6;

SEC("kprobe/do_sys_open") int probe_open(struct task_struct *task) {
    static const char message[] = "pid %d\n";
    bpf_trace_printk(message, sizeof message, task->parent->pid);
    return task->tgid + LINUX_KERNEL_VERSION + weak_counter + (tagged_pointer ? 1 : 0);
}

SEC("xdp") int pass_all(struct xdp_md *ctx) {
    return ctx->data_end > ctx->data ? XDP_PASS : XDP_DROP;
}

char LICENSE[] SEC("license") = "GPL";
