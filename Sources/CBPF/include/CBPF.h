#ifndef SWIFTBPF_CBPF_H
#define SWIFTBPF_CBPF_H

/// Calls bpf(2): `syscall(SYS_bpf, command, attribute, size)`.
///
/// Swift cannot call the variadic syscall(2), so this is the one place in the
/// library where C is needed. On failure it returns -1 and leaves errno set.
long swiftbpf_sys_bpf(int command, void *attribute, unsigned int size);

/// Reads errno in the same C context that the call above set it in.
int swiftbpf_errno(void);

/// Calls dup3(2), which Glibc declares only under _GNU_SOURCE: it points
/// `new_fd` at `old_fd`'s file and sets `flags` (O_CLOEXEC) in one call.
int swiftbpf_dup3(int old_fd, int new_fd, int flags);

#endif
