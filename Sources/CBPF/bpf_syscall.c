#define _GNU_SOURCE
#include "CBPF.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/syscall.h>
#include <unistd.h>

long swiftbpf_sys_bpf(int command, void *attribute, unsigned int size) {
    return syscall(SYS_bpf, command, attribute, size);
}

int swiftbpf_errno(void) {
    return errno;
}

int swiftbpf_dup3(int old_fd, int new_fd, int flags) {
    return dup3(old_fd, new_fd, flags);
}
