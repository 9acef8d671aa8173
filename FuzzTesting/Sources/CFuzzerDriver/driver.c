// LLVMFuzzerRunDriver is defined by libclang_rt.fuzzer, which
// -sanitize=fuzzer links into each fuzz executable; this file only sets
// AddressSanitizer's defaults for them.

// ASan calls this at start-up; ASAN_OPTIONS still overrides what it returns.
//
// malloc_context_size=0: ASan otherwise unwinds and stores the stack of
// every malloc and free (30 frames), which was a third of the time of the
// object targets, whose parsers allocate a String or an array per BTF name
// and member. Detection is unchanged: every out-of-bounds access,
// use-after-free and leak is still caught and reported with the stack of the
// access; only the allocation and free stacks are missing from the report.
// To get them, replay the saved input with ASAN_OPTIONS=malloc_context_size=30.
const char *__asan_default_options(void) {
    return "malloc_context_size=0";
}
