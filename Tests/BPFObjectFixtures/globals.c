// Globals of every BTF kind clang emits: maps, .data/.rodata/.bss, enum64, signed enums,
// bitfields, floats, a decl tag, a static subprogram.
#include <linux/bpf.h>
#define SEC(n) __attribute__((section(n), used))
struct { int type; int max_entries; int *key; long *value; } m SEC(".maps");
int g = 3; const volatile long c = 5; char buf[16];
enum e64 { A = 0xffffffffffULL, B = 1 };
enum es { N = -1, P = 2 };
struct bf { int a:3; unsigned b:5; long long c; union { int x; float f; } u; double d; };
struct bf gbf;
enum e64 ge; enum es ges;
int __attribute__((btf_decl_tag("tag1"))) tagged;
int * __attribute__((btf_type_tag("user"))) up;
static __attribute__((noinline)) int helper(int x) { return x + g; }
SEC("socket") int prog(struct __sk_buff *skb) { return helper(skb->len) + c + buf[1] + gbf.a; }
char LICENSE[] SEC("license") = "GPL";
