// SPDX-License-Identifier: GPL-2.0
/* Compiled with clang -g -target bpf; its .BTF is the target of the CO-RE
 * tests. The variables only make clang emit the types. */
#include "target_types.h"

struct swiftbpf_core_sample swiftbpf_sample;
swiftbpf_core_node_pp swiftbpf_chain;
enum swiftbpf_core_color swiftbpf_color;
enum swiftbpf_core_wide swiftbpf_wide;
struct swiftbpf_core_mismatch swiftbpf_mismatch;
struct swiftbpf_core_dup swiftbpf_dup;
struct swiftbpf_core_dup___other swiftbpf_dup_other;
