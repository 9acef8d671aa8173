#!/bin/sh
# Builds the C peers of the benchmarks outside the Swift package (which never
# links libbpf): Benchmarks/peers/.build/libbpf_load, the libbpf side of
# ObjectLoadBenchmark, and libbpf_syscall_timer.so, the LD_PRELOAD library
# that times bpf(2) for both sides. Needs cc and libbpf-dev.
set -eu
cd "$(dirname "$0")"
mkdir -p .build
cc -O2 -Wall -o .build/libbpf_load libbpf_load.c -lbpf -ldl
cc -O2 -Wall -shared -fPIC -o .build/libbpf_syscall_timer.so bpf_syscall_timer.c -ldl
echo "built $(pwd)/.build/libbpf_load and $(pwd)/.build/libbpf_syscall_timer.so"
