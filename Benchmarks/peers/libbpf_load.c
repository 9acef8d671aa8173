// The libbpf side of ObjectLoadBenchmark: open and load an object N times
// with bpf_object__open_file + bpf_object__load, and print the median wall
// time of a load and the median time of its bpf(2) calls, in microseconds,
// as `total=… bpf=…`. The bpf(2) time comes from libbpf_syscall_timer.so
// (LD_PRELOAD); without it the second number is -1.
#define _GNU_SOURCE
#include <bpf/libbpf.h>
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static int compare(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static int load_once(const char *path)
{
	struct bpf_object *object = bpf_object__open_file(path, NULL);
	if (!object)
		return -1;
	int err = bpf_object__load(object);
	bpf_object__close(object);
	return err;
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: %s OBJECT ITERATIONS\n", argv[0]);
		return 2;
	}
	int iterations = atoi(argv[2]);
	if (iterations <= 0)
		return 2;
	libbpf_set_print(NULL);
	if (load_once(argv[1])) {
		fprintf(stderr, "libbpf cannot load %s\n", argv[1]);
		return 1;
	}
	unsigned long long (*bpf_ns)(void) =
		(unsigned long long (*)(void))dlsym(RTLD_DEFAULT, "bpf_syscall_timer_nanoseconds");
	double *samples = calloc(iterations, sizeof(double));
	double *in_bpf = calloc(iterations, sizeof(double));
	if (!samples || !in_bpf)
		return 1;
	for (int i = 0; i < iterations; i++) {
		unsigned long long bpf_before = bpf_ns ? bpf_ns() : 0;
		double start = now_us();
		if (load_once(argv[1]))
			return 1;
		samples[i] = now_us() - start;
		in_bpf[i] = bpf_ns ? (bpf_ns() - bpf_before) / 1e3 : -1;
	}
	qsort(samples, iterations, sizeof(double), compare);
	qsort(in_bpf, iterations, sizeof(double), compare);
	printf("total=%.1f bpf=%.1f\n", samples[iterations / 2], in_bpf[iterations / 2]);
	free(in_bpf);
	free(samples);
	return 0;
}
