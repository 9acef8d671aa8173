#!/bin/sh
# Builds the C peers of the benchmarks into the directory given as $1, outside
# the Swift package (which never links libbpf): btf_parse, libbpf_load (the
# libbpf side of the object-load benchmark) and libbpf_syscall_timer.so (the
# LD_PRELOAD library that times bpf(2) for both loaders).
set -eu
out=${1:?output directory}
here=$(dirname "$0")
mkdir -p "$out"
cc -O2 -o "$out/btf_parse" "$here/btf_parse.c" -lbpf
cc -O2 -Wall -o "$out/libbpf_load" "$here/libbpf_load.c" -lbpf -ldl
cc -O2 -Wall -shared -fPIC -o "$out/libbpf_syscall_timer.so" "$here/bpf_syscall_timer.c" -ldl
