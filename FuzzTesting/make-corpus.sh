#!/usr/bin/env bash
# Builds the seed corpora of the fuzz targets from the TestObjects, one
# directory per target under $1 (default FuzzTesting/.corpus): whole objects
# without debug info, their .BTF and .BTF.ext sections, their program
# sections' instructions, gzip and DEFLATE streams, and section damages.
# The corpora are not committed; FailCases/ is.
set -euo pipefail
cd "$(dirname "$0")"
corpus=${1:-.corpus}
objects=../TestObjects/build
# Also makes the copies without DWARF (build/stripped/) that FuzzSections damages.
make -s -C ../TestObjects -j"$(nproc)"
# The Swift toolchain ships these; they read and write BPF ELF for both byte orders.
objcopy=llvm-objcopy
objdump=llvm-objdump

for target in FuzzELF FuzzBTF FuzzBTFExt FuzzInstructions FuzzInflate FuzzObject FuzzSections; do
    mkdir -p "$corpus/$target"
done
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

# A little-endian 32-bit length: FuzzBTFExt reads that many bytes of .BTF, then .BTF.ext.
length_prefix() {
    local n=$1
    printf "$(printf '\\x%02x\\x%02x\\x%02x\\x%02x' $((n & 255)) $((n >> 8 & 255)) $((n >> 16 & 255)) $((n >> 24 & 255)))"
}

for order in bpfel bpfeb; do
    # FuzzInstructions' first byte picks the byte order: even for little-endian.
    selector='\x00'
    [ "$order" = bpfeb ] && selector='\x01'
    for object in "$objects/$order"/*.o; do
        name="$order-$(basename "$object" .o)"
        cp "$objects/stripped/$order/$(basename "$object")" "$corpus/FuzzELF/$name.o"
        cp "$corpus/FuzzELF/$name.o" "$corpus/FuzzObject/$name.o"
        # Section name, size and flags column; TEXT marks the program sections.
        "$objdump" -h "$object" | awk 'NR > 5 && $2 != "" { print $2, $5 }' | while read -r section type; do
            case "$section" in
            .BTF | .BTF.ext) "$objcopy" --dump-section "$section=$scratch/$section" "$object" /dev/null ;;
            *) if [ "$type" = TEXT ]; then
                   "$objcopy" --dump-section "$section=$scratch/text" "$object" /dev/null
                   [ -s "$scratch/text" ] && { printf "$selector"; cat "$scratch/text"; } \
                       > "$corpus/FuzzInstructions/$name-$(echo "$section" | tr '/' '_')"
               fi ;;
            esac
        done
        if [ -f "$scratch/.BTF" ]; then
            cp "$scratch/.BTF" "$corpus/FuzzBTF/$name"
            if [ -f "$scratch/.BTF.ext" ]; then
                { length_prefix "$(stat -c %s "$scratch/.BTF")"; cat "$scratch/.BTF" "$scratch/.BTF.ext"; } \
                    > "$corpus/FuzzBTFExt/$name"
            fi
        fi
        rm -f "$scratch/.BTF" "$scratch/.BTF.ext" "$scratch/text"
    done
done

# gzip members and raw DEFLATE streams (a member without its 10-byte header
# and 8-byte trailer) of a kconfig-like text, a C source and an object.
printf 'CONFIG_BPF=y\nCONFIG_HZ=250\n# CONFIG_X is not set\nCONFIG_S="a b"\n' > "$scratch/config"
for input in "$scratch/config" ../TestObjects/minimal.c "$objects/bpfel/minimal.o"; do
    name=$(basename "$input")
    for level in 1 9; do
        gzip -n -c -"$level" "$input" > "$corpus/FuzzInflate/$name-$level.gz"
        tail -c +11 "$corpus/FuzzInflate/$name-$level.gz" | head -c -8 > "$corpus/FuzzInflate/$name-$level.deflate"
    done
done
cp "$scratch/config" "$corpus/FuzzInflate/config"

# Damages: every kind on a spread of objects and sections, position 0, one payload byte.
for object in 0 7 19 45 52 71; do
    for section in 0 3 9 14 17 22; do
        for kind in 0 1 2 3 4; do
            printf "$(printf '\\x%02x\\x%02x\\x%02x' $object $section $kind)\x00\x00\x00\x00\xff" \
                > "$corpus/FuzzSections/$object-$section-$kind"
        done
    done
done
for target in "$corpus"/*; do
    echo "$(basename "$target"): $(ls "$target" | wc -l) seeds, $(du -sh "$target" | cut -f1)"
done
