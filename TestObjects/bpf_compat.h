/* Definitions real BPF objects carry themselves because Debian's libbpf 1.1
 * headers either dropped them (the legacy map definition) or predate them
 * (bpf_ksym_exists, added in libbpf 1.2). */
#ifndef SWIFTBPF_TESTOBJECTS_COMPAT_H
#define SWIFTBPF_TESTOBJECTS_COMPAT_H

/* The pre-BTF map definition read from SEC("maps"): five 32-bit fields. */
struct bpf_map_def {
	unsigned int type;
	unsigned int key_size;
	unsigned int value_size;
	unsigned int max_entries;
	unsigned int map_flags;
};

#ifndef bpf_ksym_exists
/* A weak __ksym that the loader could not resolve is patched to zero, so the
 * address test is only meaningful for weak symbols. */
#define bpf_ksym_exists(sym) ({						\
	_Static_assert(!__builtin_constant_p(!!sym),			\
		       #sym " must be declared __weak");		\
	!!sym;								\
})
#endif

#endif
