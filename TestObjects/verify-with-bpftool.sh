#!/usr/bin/env bash
# Checks expected.json against the system's libbpf 1.1 and bpftool 7.1 (the
# oracles), on the bpfel objects (libbpf 1.1 cannot open bpfeb ones):
#   1. the programs and maps libbpf sees when it opens the object
#      (oracle/describe.c) equal the manifest's;
#   2. `bpftool prog loadall` gives the manifest's "load" outcome and pins
#      exactly the autoloaded programs;
#   3. for objects that load, the kernel's view after a libbpf load
#      (`oracle-describe --load`: program types, map types, sizes, flags,
#      by-name pins) matches the manifest;
#   4. objects marked "libbpf_oracle": "unsupported: ..." really fail with
#      bpftool, so the note stays true, and the kernel accepts each of their
#      non-internal maps as described (`bpftool map create`).
# bpftool 7.1's loadall cannot pin a program that autoload left unloaded,
# so for objects with such programs step 2 uses the libbpf load of step 3.
# Runs in a private mount namespace with fresh bpffs instances on
# /sys/fs/bpf (the LIBBPF_PIN_BY_NAME root) and on a temporary directory.
# An entry's "libbpf_oracle_retry" holds extra `bpftool prog loadall`
# arguments (e.g. "type sk_skb") that let bpftool load an unsupported
# object anyway, which must then succeed.
# Usage: verify-with-bpftool.sh [NAME ...]   (default: every object)
# Needs root, make, cc, jq, bpftool, libbpf-dev.
set -euo pipefail
cd "$(dirname "$0")"

if [ -z "${SWIFTBPF_VERIFY_NAMESPACE:-}" ]; then
    make -s -j"$(nproc)"
    cc -O1 -Wall -o build/oracle-describe oracle/describe.c -lbpf
    SWIFTBPF_VERIFY_NAMESPACE=1 exec unshare --mount --propagation private "$0" "$@"
fi

mount -t bpf bpf /sys/fs/bpf
# A fresh bpffs holds only the kernel's preloaded *.debug iterators; refuse
# to go on (and later empty it) if this one holds anything else.
if ls -A /sys/fs/bpf | grep -qv '\.debug$'; then echo "private /sys/fs/bpf is not empty" >&2; exit 1; fi
# No dots: libbpf turns every "." of a pin path into "_".
fs=$(mktemp -d /tmp/swiftbpf-verify-XXXXXX)
mount -t bpf bpf "$fs"
errors=$(mktemp /tmp/swiftbpf-verify-log-XXXXXX)
cleanup() {
    rm -f "$errors"
    umount "$fs" 2>/dev/null || true
    rmdir "$fs" 2>/dev/null || true
    umount /sys/fs/bpf 2>/dev/null || true
}
trap cleanup EXIT

manifest=expected.json
if [ $# -gt 0 ]; then names=("$@"); else mapfile -t names < <(jq -r '.objects | keys[]' "$manifest"); fi

failures=0
fail() { echo "  FAIL: $*"; failures=$((failures + 1)); }
clear_pins() {
    find "$fs" /sys/fs/bpf -mindepth 1 -maxdepth 1 ! -name '*.debug' -exec rm -rf {} +
}

# The manifest keys libbpf's open-time view is compared on, sorted by name.
# libbpf 1.1 keeps a program's load flags to itself: prog_flags is not compared.
normalize='{programs: (.programs | map(del(.prog_flags)) | sort_by(.name)),
            maps: (.maps | map({name, type, key_size, value_size, max_entries, map_flags, pinning}
                                + (if .internal then {internal} else {} end)
                                + (if .numa_node then {numa_node} else {} end)
                                + (if .map_extra then {map_extra} else {} end))
                         | sort_by(.name))}'

# The libbpf message that names each kind of load error.
error_pattern() {
    local kind=$1 entry=$2 program section symbol
    program=$(jq -r '.load.program // empty' <<<"$entry")
    section=$(jq -r '.load.section // empty' <<<"$entry")
    symbol=$(jq -r '.load.symbol // empty' <<<"$entry")
    case $kind in
        verifier)
            case $(jq -r '.load.errno // "EACCES"' <<<"$entry") in
                EINVAL) echo "prog '$program': BPF program load failed: Invalid argument" ;;
                *) echo "prog '$program': BPF program load failed: Permission denied" ;;
            esac ;;
        EPERM) echo "prog '$program': BPF program load failed: Operation not permitted" ;;
        ENOENT) echo "prog '$program': BPF program load failed: No such file or directory" ;;
        "unknown section") echo "failed to guess program type from ELF section '$section'" ;;
        "static function in program section") echo "program '$symbol' is static and not supported" ;;
        "unresolved call") echo "'$symbol'" ;;
        *) echo "unknown error kind in manifest: $kind" ;;
    esac
}

check_kernel_view() {
    local entry=$1 view=$2 name want got field w g
    while read -r name; do
        want=$(jq -r --arg n "$name" '.programs[] | select(.name == $n) | .autoload' <<<"$entry")
        got=$(jq -r --arg n "$name" '.programs[] | select(.name == $n) | .loaded' <<<"$view")
        [ "$want" = "$got" ] || fail "program $name: loaded=$got, manifest autoload=$want"
        if [ "$got" = true ]; then
            w=$(jq -r --arg n "$name" '.programs[] | select(.name == $n) | .type' <<<"$entry")
            g=$(jq -r --arg n "$name" '.programs[] | select(.name == $n) | .type' <<<"$view")
            [ "$w" = "$g" ] || fail "program $name: kernel type $g, manifest $w"
        fi
    done < <(jq -r '.programs[].name' <<<"$view")
    [ "$(jq '.maps | length' <<<"$view")" = "$(jq '.maps | length' <<<"$entry")" ] ||
        fail "$(jq '.maps | length' <<<"$view") maps created, manifest lists $(jq '.maps | length' <<<"$entry")"
    while read -r name; do
        want=$(jq -c --arg n "$name" '.maps[] | select(.name == $n)' <<<"$entry")
        got=$(jq -c --arg n "$name" '.maps[] | select(.name == $n)' <<<"$view")
        if [ -z "$want" ]; then fail "kernel map $name not in manifest"; continue; fi
        for field in type key_size value_size max_entries map_flags; do
            # "kernel_<field>" records where the kernel reports something
            # else than was asked (devmaps get BPF_F_RDONLY_PROG, struct_ops
            # values are the kernel's wrapper struct).
            w=$(jq -r ".kernel_$field // .$field" <<<"$want"); g=$(jq -r ".$field" <<<"$got")
            # A perf event array declared with 0 entries gets one per CPU.
            if [ "$field" = max_entries ] && [ "$w" = 0 ]; then continue; fi
            [ "$w" = "$g" ] || fail "map $name: $field is $g in the kernel, manifest says $w"
        done
        if [ "$(jq -r .pinning <<<"$want")" = by_name ]; then
            pin=$(jq -r .pin_path <<<"$got")
            [ -n "$pin" ] && [ -e "$pin" ] || fail "map $name: not pinned by name (pin path '$pin')"
        fi
    done < <(jq -r '.maps[].name' <<<"$view")
}

# For objects libbpf cannot load: the kernel must at least accept each
# non-internal map as the manifest describes it (bpftool map create).
check_maps_creatable() {
    local entry=$1 map mname args inner created=0
    while read -r map; do
        mname=$(jq -r .name <<<"$map")
        args=(type "$(jq -r .type <<<"$map")" key "$(jq -r .key_size <<<"$map")"
              value "$(jq -r .value_size <<<"$map")" entries "$(jq -r .max_entries <<<"$map")"
              name "${mname:0:15}" flags "$(jq -r .map_flags <<<"$map")")
        inner=$(jq -r '.inner_map // empty' <<<"$map")
        [ -n "$inner" ] && args+=(inner_map pinned "$fs/map-$inner")
        if bpftool map create "$fs/map-$mname" "${args[@]}" >"$errors" 2>&1; then
            created=$((created + 1))
        else
            fail "the kernel refuses map $mname as described: $(grep -v '^Warning' "$errors" | tail -n1)"
        fi
    done < <(jq -c '.maps[] | select(.internal | not)' <<<"$entry")
    echo "  bpftool map create accepts its $created non-internal maps"
}

for name in "${names[@]}"; do
    entry=$(jq -c --arg n "$name" '.objects[$n] // empty' "$manifest")
    object=build/bpfel/$name.o
    echo "== $name"
    if [ -z "$entry" ]; then fail "not in $manifest"; continue; fi
    if [ ! -f "$object" ]; then fail "$object missing"; continue; fi
    [ -f "build/bpfeb/$name.o" ] || fail "build/bpfeb/$name.o missing"
    oracle_note=$(jq -r '.libbpf_oracle // "supported"' <<<"$entry")
    load=$(jq -c '.load' <<<"$entry")

    # 1. What libbpf sees at open time. It cannot open objects it does not
    #    support or that fail at open; there is nothing to compare then.
    if described=$(build/oracle-describe "$object"); then
        expected_view=$(jq -cS "$normalize" <<<"$entry")
        actual_view=$(jq -cS "$normalize" <<<"$described")
        if [ "$expected_view" != "$actual_view" ]; then
            fail "manifest differs from libbpf's view (< manifest, > libbpf)"
            diff <(jq -S . <<<"$expected_view") <(jq -S . <<<"$actual_view") | sed 's/^/    /' || true
        fi
    else
        if [[ "$oracle_note" != unsupported* && "$load" = '"ok"' ]]; then
            fail "libbpf cannot open it: $described"
        fi
        described=""
    fi

    # 2. bpftool's outcome.
    autoload_off=$(jq '[.programs[] | select(.autoload | not)] | length' <<<"$entry")
    rc=0
    if [ "$autoload_off" -eq 0 ] || [ "$load" != '"ok"' ]; then
        set +e
        bpftool prog loadall "$object" "$fs/$name" >"$errors" 2>&1
        rc=$?
        set -e
        log=$(grep -v -e '^Warning: bpftool is now running' -e 'see --legacy option' "$errors" || true)
    fi

    if [[ "$oracle_note" == unsupported* ]]; then
        if [ $rc -eq 0 ]; then
            fail "marked '$oracle_note' but bpftool loaded it"
        else
            echo "  bpftool refuses it, as recorded: $(grep -m1 'libbpf: ' <<<"$log" || tail -n1 <<<"$log")"
        fi
        if [ "$load" = '"ok"' ]; then
            check_maps_creatable "$entry"
            # libbpf.so may still load what bpftool's built-in libbpf cannot.
            if [ -n "$described" ] && view=$(build/oracle-describe --load "$object"); then
                check_kernel_view "$entry" "$view"
                echo "  but libbpf.so loads it: $(jq '[.programs[] | select(.loaded)] | length' <<<"$view") programs, $(jq '.maps | length' <<<"$view") maps checked"
            fi
            # bpftool with extra arguments (e.g. "type sk_skb" for a section
            # name it does not know) shows the programs pass the verifier.
            retry=$(jq -r '.libbpf_oracle_retry // empty' <<<"$entry")
            if [ -n "$retry" ]; then
                clear_pins
                # shellcheck disable=SC2086 # the retry holds several arguments
                if bpftool prog loadall "$object" "$fs/$name" $retry >"$errors" 2>&1; then
                    echo "  bpftool loads it with '$retry'"
                else
                    fail "bpftool fails even with '$retry': $(grep -m1 'libbpf: ' "$errors")"
                fi
            fi
        fi
    elif [ "$load" = '"ok"' ]; then
        if [ $rc -ne 0 ]; then
            fail "expected load ok, bpftool failed:"; tail -n 8 <<<"$log" | sed 's/^/    /'
        elif [ "$autoload_off" -eq 0 ]; then
            pinned=$(find "$fs/$name" -mindepth 1 -maxdepth 1 | wc -l)
            autoloaded=$(jq '.programs | length' <<<"$entry")
            [ "$pinned" -eq "$autoloaded" ] || fail "bpftool loaded $pinned programs, manifest has $autoloaded"
        fi
        clear_pins
        # 3. The kernel's view after a libbpf load.
        if view=$(build/oracle-describe --load "$object"); then
            check_kernel_view "$entry" "$view"
            echo "  loaded: $(jq '[.programs[] | select(.loaded)] | length' <<<"$view") programs, $(jq '.maps | length' <<<"$view") maps checked"
        else
            fail "libbpf load failed: $view"
        fi
    else
        kind=$(jq -r '.load.error' <<<"$entry")
        pattern=$(error_pattern "$kind" "$entry")
        if [ $rc -eq 0 ]; then
            fail "expected error $load, bpftool loaded it"
        elif ! grep -qF -- "$pattern" <<<"$log" ||
             { [ "$kind" = verifier ] && ! grep -qF -- "-- BEGIN PROG LOAD LOG --" <<<"$log"; }; then
            fail "expected $load, bpftool said:"; tail -n 8 <<<"$log" | sed 's/^/    /'
        else
            echo "  refused as expected ($kind): $(grep -m1 -F -- "$pattern" <<<"$log")"
        fi
    fi
    clear_pins
done

if [ $failures -ne 0 ]; then
    echo "$failures check(s) failed"
    exit 1
fi
echo "all ${#names[@]} objects match expected.json"
