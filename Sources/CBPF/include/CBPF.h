#ifndef SWIFTBPF_CBPF_H
#define SWIFTBPF_CBPF_H

/// Calls bpf(2): `syscall(SYS_bpf, command, attribute, size)`.
///
/// Swift cannot call the variadic syscall(2), so this is the one place in the
/// library where C is needed. On failure it returns -1 and leaves errno set.
long swiftbpf_sys_bpf(int command, void *attribute, unsigned int size);

/// Reads errno in the same C context that the call above set it in.
int swiftbpf_errno(void);

#endif
