#ifndef SWIFTBPF_CFUZZERDRIVER_H
#define SWIFTBPF_CFUZZERDRIVER_H
#include <stddef.h>
#include <stdint.h>

// libFuzzer's documented entry for programs that keep their own main:
// it parses the fuzzer flags in argv and runs the loop on `callback`.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

#endif
