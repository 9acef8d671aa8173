#!/bin/sh
# Builds the C peers of the benchmarks outside the Swift package, which never
# links libbpf, into $1 (default Benchmarks/peers/.build):
# - btf_parse, libbpf's btf__parse beside BTFParseBenchmark;
# - libbpf_load, the libbpf side of ObjectLoadBenchmark;
# - libbpf_syscall_timer.so, the LD_PRELOAD library that times bpf(2) for both sides.
# Needs cc and libbpf-dev.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here/.build}
mkdir -p "$out"
cc -O2 -Wall -o "$out/btf_parse" "$here/btf_parse.c" -lbpf
cc -O2 -Wall -o "$out/libbpf_load" "$here/libbpf_load.c" -lbpf -ldl
cc -O2 -Wall -shared -fPIC -o "$out/libbpf_syscall_timer.so" "$here/bpf_syscall_timer.c" -ldl
