#ifndef SWIFTBPF_TEST_SUPPORT_H
#define SWIFTBPF_TEST_SUPPORT_H

#include <stddef.h>

/// One field of a uapi struct as the C compiler lays it out from <linux/bpf.h>.
struct swiftbpf_layout_entry {
    /// The Swift mirror's group, such as "prog_load" or "bpf_map_info".
    const char *group;
    /// The field's path inside the C union or struct, such as "batch.in_batch".
    const char *field;
    size_t offset;
    size_t size;
};

/// The fields of `union bpf_attr` and the `bpf_*_info` structs that the
/// library mirrors and that the installed header knows.
const struct swiftbpf_layout_entry *swiftbpf_uapi_layout(size_t *count);

/// Moves the calling thread into a new network namespace (unshare(2), which
/// Glibc's Swift module does not expose). Returns 0 or -errno.
int swiftbpf_unshare_network(void);

/// Opens a software page-fault perf event on the calling process, any CPU,
/// disabled (perf_event_open(2), which Swift cannot call: syscall(2) is
/// variadic). Returns the descriptor or -errno. Not cpu-clock: 6.18 serves
/// that from a PMU of its own, whose dynamic type the kernel then reports.
int swiftbpf_open_page_fault_event(void);

/// Opens a uprobe perf event through the uprobe PMU (`pmu_type`, from
/// /sys/bus/event_source/devices/uprobe/type) on `path` at `offset`, for
/// every process on CPU 0. Returns the descriptor or -errno.
int swiftbpf_open_uprobe_event(int pmu_type, const char *path, unsigned long long offset);

#endif
