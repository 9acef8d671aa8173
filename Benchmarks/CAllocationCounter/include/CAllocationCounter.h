#ifndef SWIFTBPF_ALLOCATION_COUNTER_H
#define SWIFTBPF_ALLOCATION_COUNTER_H

/// How many heap allocations (malloc, calloc, realloc, posix_memalign,
/// aligned_alloc, memalign) this process has made, counted by wrappers that
/// replace libc's. Only the benchmark executable links this.
unsigned long swiftbpf_allocation_count(void);

#endif
