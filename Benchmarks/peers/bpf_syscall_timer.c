// An LD_PRELOAD library that times every bpf(2) made through libc's
// syscall(), which both libbpf and swift-bpf's CBPF trampoline call. The
// benchmarks read the totals through bpf_syscall_timer_nanoseconds() and
// bpf_syscall_timer_calls(), found with dlsym.
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdarg.h>
#include <sys/syscall.h>
#include <time.h>

static unsigned long long total_nanoseconds;
static unsigned long long total_calls;

static unsigned long long now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (unsigned long long)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

long syscall(long number, ...)
{
	static long (*real)(long, ...);
	va_list arguments;
	long a, b, c, d, e, f;

	va_start(arguments, number);
	a = va_arg(arguments, long);
	b = va_arg(arguments, long);
	c = va_arg(arguments, long);
	d = va_arg(arguments, long);
	e = va_arg(arguments, long);
	f = va_arg(arguments, long);
	va_end(arguments);
	if (!real)
		real = (long (*)(long, ...))dlsym(RTLD_NEXT, "syscall");
	if (number != SYS_bpf)
		return real(number, a, b, c, d, e, f);
	unsigned long long start = now_ns();
	long result = real(number, a, b, c, d, e, f);
	__atomic_fetch_add(&total_nanoseconds, now_ns() - start, __ATOMIC_RELAXED);
	__atomic_fetch_add(&total_calls, 1, __ATOMIC_RELAXED);
	return result;
}

unsigned long long bpf_syscall_timer_nanoseconds(void)
{
	return __atomic_load_n(&total_nanoseconds, __ATOMIC_RELAXED);
}

unsigned long long bpf_syscall_timer_calls(void)
{
	return __atomic_load_n(&total_calls, __ATOMIC_RELAXED);
}
