#include "CBPF.h"

#include <errno.h>
#include <sys/syscall.h>
#include <unistd.h>

long swiftbpf_sys_bpf(int command, void *attribute, unsigned int size) {
    return syscall(SYS_bpf, command, attribute, size);
}

int swiftbpf_errno(void) {
    return errno;
}
