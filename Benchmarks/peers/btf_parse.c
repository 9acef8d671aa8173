// The libbpf peer of runBTFParseBenchmark(): parse a BTF file with btf__parse,
// look up each struct named in a list, parse again 31 times, and report the
// times and the peak memory above the baseline, in the same line format as the Swift child.
#include <bpf/btf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static long peak_kib(void) {
    FILE *status = fopen("/proc/self/status", "r");
    char line[256];
    long value = -1;
    while (status && fgets(line, sizeof line, status)) {
        if (strncmp(line, "VmHWM:", 6) == 0) value = strtol(line + 6, NULL, 10);
    }
    if (status) fclose(status);
    return value;
}

static double now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: %s BTF-FILE NAMES-FILE\n", argv[0]);
        return 2;
    }
    FILE *list = fopen(argv[2], "r");
    if (!list) return 1;
    static char names[1000][128];
    int count = 0;
    while (count < 1000 && fgets(names[count], sizeof names[count], list)) {
        names[count][strcspn(names[count], "\n")] = 0;
        count++;
    }
    fclose(list);

    long baseline = peak_kib();
    double start = now_ms();
    struct btf *btf = btf__parse(argv[1], NULL);
    if (!btf) return 1;
    double parsed = now_ms();
    int found = 0;
    for (int i = 0; i < count; i++) {
        if (btf__find_by_name_kind(btf, names[i], BTF_KIND_STRUCT) > 0) found++;
    }
    double looked_up = now_ms();
    long peak = peak_kib() - baseline;

    // Later parses: the median of 31 in this warm process.
    double later[31];
    for (int i = 0; i < 31; i++) {
        double begin = now_ms();
        struct btf *again = btf__parse(argv[1], NULL);
        if (!again) return 1;
        later[i] = now_ms() - begin;
        btf__free(again);
    }
    for (int i = 1; i < 31; i++) {
        for (int j = i; j > 0 && later[j - 1] > later[j]; j--) {
            double swap = later[j];
            later[j] = later[j - 1];
            later[j - 1] = swap;
        }
    }
    printf("parse_ms=%.3f later_ms=%.3f lookup_ms=%.3f found=%d peak_kib=%ld\n", parsed - start, later[15],
           looked_up - parsed, found, peak);
    btf__free(btf);
    return 0;
}
