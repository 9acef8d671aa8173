#!/bin/sh
# Builds the C peers of the benchmarks into the directory given as $1.
set -eu
out=${1:?output directory}
here=$(dirname "$0")
mkdir -p "$out"
cc -O2 -o "$out/btf_parse" "$here/btf_parse.c" -lbpf
