// SPDX-License-Identifier: GPL-2.0
/* A zoo of C types for the BTF parser, encoder and dumper: integers of each
 * width and sign, bool, char, float and double, enums (negative values,
 * 64-bit ENUM64, packed), structs and unions (nested, anonymous, packed,
 * bitfields, flexible array), multi-dimensional arrays, typedef chains,
 * const/volatile/restrict, function pointers (FUNC_PROTO), a forward
 * declaration, btf_type_tag and btf_decl_tag on a struct, field, variable,
 * function and parameter, and global functions with varied signatures. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#define __tag(x) __attribute__((btf_decl_tag(x)))
#define __type_tag(x) __attribute__((btf_type_tag(x)))

enum small_enum { SMALL_NEG = -3, SMALL_ZERO = 0, SMALL_BIG = 0x7fffffff };
enum wide_enum : unsigned long long { WIDE_LOW = 1, WIDE_HIGH = 0xfedcba9876543210ULL };
enum __attribute__((packed)) packed_enum { PACKED_A, PACKED_B = 200 };

typedef unsigned int counter_t;
typedef counter_t counter_alias_t;
typedef const volatile counter_alias_t cv_counter_t;

struct opaque_forward;

struct bitfields {
	unsigned int low : 3;
	unsigned int mid : 13;
	int negative : 5;
	unsigned long long wide : 40;
	unsigned char byte;
	_Bool flag : 1;
};

struct __attribute__((packed)) packed_header {
	__u8 kind;
	__u32 length;
	__u16 port;
};

union number {
	__s64 signed_value;
	__u64 unsigned_value;
	double real;
	__u8 bytes[8];
};

typedef int (*compare_fn)(const void *left, const void *right);

struct everything {
	char c;
	signed char sc;
	unsigned char uc;
	short s;
	unsigned short us;
	int i;
	long l;
	unsigned long ul;
	long long ll;
	__int128 huge;
	unsigned __int128 uhuge;
	_Bool b;
	float f;
	double d;
	enum small_enum small;
	enum wide_enum wide;
	enum packed_enum packed;
	counter_alias_t counter;
	cv_counter_t cv_counter;
	int matrix[2][3][4];
	const char *restrict name;
	struct opaque_forward *opaque;
	compare_fn compare;
	void (*callbacks[2])(int, struct everything *);
	struct bitfields bits;
	struct packed_header header;
	union number number;
	struct {
		int anon_x;
		union {
			int anon_y;
			float anon_z;
		};
	};
	int __tag("field_tag") tagged_field;
	int __type_tag("user") *user_pointer;
	__u32 length;
	__u8 tail[];
} __tag("struct_tag");

struct everything zoo;
union number number_var;
struct bitfields bits_var;
static volatile enum wide_enum wide_var = WIDE_HIGH;
const volatile int tagged_var __tag("var_tag") = 5;
cv_counter_t cv_var;
char strings[3][8] = { "one", "two", "three" };

__noinline int __tag("func_tag") sum_bits(struct bitfields *bits __tag("param_tag"), int scale)
{
	if (!bits)
		return 0;
	return (bits->low + bits->mid + bits->negative) * scale;
}

__noinline long mix_numbers(long a, unsigned short b, char c, __u64 d, int e)
{
	return a * b + c - (long)d + e;
}

static __noinline void touch(struct everything *e)
{
	e->counter++;
}

SEC("socket")
int use_types(struct __sk_buff *skb)
{
	touch(&zoo);
	number_var.unsigned_value = skb->len;
	bits_var.low = skb->len & 7;
	return sum_bits(&bits_var, skb->len & 3) +
	       mix_numbers(skb->len, 3, 'x', wide_var, tagged_var) +
	       zoo.matrix[1][2][3] + strings[1][0] + cv_var;
}

char _license[] SEC("license") = "Dual BSD/GPL";
__u32 _version SEC("version") = 0x061200;
