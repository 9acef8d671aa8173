#!/usr/bin/env bash
# Checks expected.json against the system's libbpf 1.1 and bpftool (the
# oracles), on the bpfel objects:
#   - the programs and maps libbpf sees when it opens the object
#     (oracle/describe.c) must equal the manifest's;
#   - `bpftool prog loadall` must give the manifest's "load" outcome, pin
#     exactly the autoloaded programs, and the kernel's view of every map
#     (`bpftool map show`) must match the manifest's type and sizes;
#   - objects marked "libbpf_oracle": "unsupported: ..." must indeed fail
#     with libbpf (so the note stays true).
# Runs in a private mount namespace with its own bpffs on /sys/fs/bpf (for
# LIBBPF_PIN_BY_NAME) and on a temporary directory, so nothing leaks.
# Usage: verify-with-bpftool.sh [NAME ...]   (default: every object)
# Needs root, make, cc, jq, bpftool, libbpf-dev.
set -euo pipefail
cd "$(dirname "$0")"

if [ -z "${SWIFTBPF_VERIFY_NAMESPACE:-}" ]; then
    make -s -j"$(nproc)"
    mkdir -p build
    cc -O1 -Wall -o build/oracle-describe oracle/describe.c -lbpf
    SWIFTBPF_VERIFY_NAMESPACE=1 exec unshare --mount --propagation private "$0" "$@"
fi

mount -t bpf bpf /sys/fs/bpf
# Inside this namespace /sys/fs/bpf is a fresh bpffs holding only the
# kernel's preloaded *.debug iterators; refuse to go on (and later empty it)
# if it holds anything else.
if ls -A /sys/fs/bpf | grep -qv '\.debug$'; then echo "private /sys/fs/bpf is not empty" >&2; exit 1; fi
# No dots: libbpf turns every "." of a pin path into "_".
fs=$(mktemp -d /tmp/swiftbpf-verify-XXXXXX)
mount -t bpf bpf "$fs"
errors=$(mktemp /tmp/swiftbpf-verify-log.XXXXXX)
cleanup() {
    rm -f "$errors"
    umount "$fs" 2>/dev/null || true
    rmdir "$fs" 2>/dev/null || true
    umount /sys/fs/bpf 2>/dev/null || true
}
trap cleanup EXIT

manifest=expected.json
if [ $# -gt 0 ]; then names=("$@"); else mapfile -t names < <(jq -r '.objects | keys[]' "$manifest"); fi

clear_pins() {
    rm -rf "$pins" "$maps"
    find /sys/fs/bpf -mindepth 1 -maxdepth 1 ! -name '*.debug' -exec rm -rf {} +
}

failures=0
fail() { echo "  FAIL: $*"; failures=$((failures + 1)); }

# The manifest keys libbpf's open-time view is compared on, sorted by name.
normalize='{programs: (.programs | sort_by(.name)),
            maps: (.maps | map({name, type, key_size, value_size, max_entries, map_flags, pinning}
                                + (if .internal then {internal} else {} end)
                                + (if .numa_node then {numa_node} else {} end)
                                + (if .map_extra then {map_extra} else {} end))
                         | sort_by(.name))}'

for name in "${names[@]}"; do
    entry=$(jq -c --arg n "$name" '.objects[$n] // empty' "$manifest")
    object=build/bpfel/$name.o
    echo "== $name"
    if [ -z "$entry" ]; then fail "not in $manifest"; continue; fi
    if [ ! -f "$object" ]; then fail "$object missing"; continue; fi
    [ -f "build/bpfeb/$name.o" ] || fail "build/bpfeb/$name.o missing"

    oracle_note=$(jq -r '.libbpf_oracle // "supported"' <<<"$entry")
    pins=$fs/$name
    maps=$fs/$name-maps
    mkdir -p "$maps"
    set +e
    bpftool prog loadall "$object" "$pins" pinmaps "$maps" >"$errors" 2>&1
    rc=$?
    set -e
    log=$(grep -v -e '^Warning: bpftool is now running' -e 'see --legacy option' "$errors" || true)

    # 1. What libbpf sees at open time (libbpf.so; when it cannot open an
    #    object marked unsupported, there is nothing to compare).
    if described=$(build/oracle-describe "$object"); then
        expected_view=$(jq -cS "$normalize" <<<"$entry")
        actual_view=$(jq -cS "$normalize" <<<"$described")
        if [ "$expected_view" != "$actual_view" ]; then
            fail "manifest differs from libbpf's view"
            diff <(jq -S . <<<"$expected_view") <(jq -S . <<<"$actual_view") | sed 's/^/    /' || true
        fi
    elif [[ "$oracle_note" != unsupported* ]]; then
        fail "libbpf cannot open it: $described"
    fi

    if [[ "$oracle_note" == unsupported* ]]; then
        if [ $rc -eq 0 ]; then
            fail "marked '$oracle_note' but bpftool loaded it"
        else
            echo "  bpftool refuses it as recorded ($oracle_note): $(grep -m1 -e 'libbpf: ' <<<"$log" || tail -n1 <<<"$log")"
        fi
        clear_pins
        continue
    fi

    # 2. The load outcome.
    load=$(jq -c '.load' <<<"$entry")
    if [ "$load" = '"ok"' ]; then
        if [ $rc -ne 0 ]; then
            fail "expected load ok, bpftool failed:"; tail -n 8 <<<"$log" | sed 's/^/    /'
        else
            autoloaded=$(jq '[.programs[] | select(.autoload)] | length' <<<"$entry")
            pinned=$(find "$pins" -mindepth 1 -maxdepth 1 | wc -l)
            [ "$pinned" -eq "$autoloaded" ] || fail "$pinned programs loaded, manifest autoloads $autoloaded"
            # 3. The kernel's view of each map libbpf created.
            for pin in "$maps"/*; do
                [ -e "$pin" ] || continue
                got=$(bpftool -j map show pinned "$pin")
                # The kernel keeps 15 characters of a name; libbpf names an
                # internal map "<object prefix>.<section>".
                kernel_name=$(jq -r .name <<<"$got")
                manifest_name=$kernel_name
                [[ "$kernel_name" == *.* ]] && manifest_name=".${kernel_name#*.}"
                want=$(jq -c --arg m "$manifest_name" '.maps[] | select(.name[0:15] == $m)' <<<"$entry")
                if [ -z "$want" ]; then fail "kernel map $kernel_name not in manifest"; continue; fi
                for field in type key_size value_size max_entries map_flags; do
                    kernel_field=$field
                    case $field in
                        key_size) kernel_field=bytes_key ;;
                        value_size) kernel_field=bytes_value ;;
                        map_flags) kernel_field=flags ;;
                    esac
                    w=$(jq -r ".$field" <<<"$want"); g=$(jq -r ".$kernel_field" <<<"$got")
                    # A perf event array declared with 0 entries gets one per CPU.
                    if [ "$field" = max_entries ] && [ "$w" = 0 ]; then continue; fi
                    [ "$w" = "$g" ] || fail "map $manifest_name: $field is $g in the kernel, manifest says $w"
                done
                if [ "$(jq -r .pinning <<<"$want")" = by_name ] && [ ! -e "/sys/fs/bpf/$(basename "$pin")" ]; then
                    fail "map $manifest_name is not pinned by name"
                fi
            done
            mapped=$(find "$maps" -mindepth 1 -maxdepth 1 | wc -l)
            declared=$(jq '.maps | length' <<<"$entry")
            [ "$mapped" -eq "$declared" ] || fail "$mapped maps created, manifest lists $declared"
            echo "  loaded: $pinned programs, $mapped maps checked"
        fi
    else
        kind=$(jq -r '.load.error' <<<"$entry")
        program=$(jq -r '.load.program // empty' <<<"$entry")
        if [ $rc -eq 0 ]; then
            fail "expected error $load, bpftool loaded it"
        else
            case $kind in
                verifier) pattern="prog '$program': BPF program load failed: Permission denied" ;;
                EPERM) pattern="prog '$program': BPF program load failed: Operation not permitted" ;;
                "unknown section") pattern="" ;;
                *) pattern="" ;;
            esac
            if [ -n "$pattern" ] && ! grep -qF "$pattern" <<<"$log"; then
                fail "expected $load, bpftool said:"; tail -n 8 <<<"$log" | sed 's/^/    /'
            else
                echo "  refused as expected ($kind): $(grep -m1 -e 'libbpf: ' <<<"$log" || tail -n1 <<<"$log")"
            fi
        fi
    fi
    clear_pins
done

if [ $failures -ne 0 ]; then
    echo "$failures check(s) failed"
    exit 1
fi
echo "all ${#names[@]} objects match expected.json"
