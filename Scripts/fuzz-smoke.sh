#!/usr/bin/env bash
# A bounded libFuzzer run of every FuzzTesting target: 60 s each for the ELF,
# BTF and .BTF.ext parsers, a shorter run for the others. It prints each
# target's executions, executions per second and coverage, and exits non-zero
# if any target finds a crash, a hang or a broken promise; the input is then in
# FuzzTesting/artifacts/<target>/ (minimise it, add it to FailCases/<target>/).
#
# FUZZ_SMOKE_SCALE multiplies every duration (e.g. 0.25 for a quick check).
set -euo pipefail
cd "$(dirname "$0")/../FuzzTesting"

scale=${FUZZ_SMOKE_SCALE:-1}
# Target and seconds.
targets=(
    "FuzzELF 60" "FuzzBTF 60" "FuzzBTFExt 60"
    "FuzzInstructions 15" "FuzzInflate 15" "FuzzObject 20" "FuzzSections 20"
)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Optimised: the parsers run 10-50 times faster than in a debug build, with
# the same sanitizer checks (ASan instruments the optimised code too).
build=(swift build -c release -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library)

echo "==> building the fuzz targets"
# SwiftPM plans a path dependency's sources only when the manifest changes, so
# files a merge added to the main package would be missed without this.
touch Package.swift
# gold warns about every ASan helper symbol it cannot export; those lines are noise.
if ! "${build[@]}" >"$work/build.log" 2>&1; then
    grep -v "Cannot export local symbol" "$work/build.log" >&2
    echo "fuzz-smoke: build failed" >&2
    exit 1
fi
grep -v "Cannot export local symbol" "$work/build.log" | tail -1
bin=$("${build[@]}" --show-bin-path)

# FuzzSections damages TestObjects/build/stripped/, which an older build lacks.
make -s -C ../TestObjects -j"$(nproc)"
[ -d .corpus/FuzzELF ] || { echo "==> building the seed corpora"; ./make-corpus.sh .corpus >/dev/null; }

# The Swift backtracer and ASan both catch the trap; ASan's report is the one
# libFuzzer expects, and the backtracer confuses it.
export SWIFT_BACKTRACE=enable=no
# LeakSanitizer checks every input that allocates more than it frees, and the
# whole heap at exit. Each input gets its own CO-RE target, whose type cache
# is freed with it: a target kept in a static was reported as leaked, since
# LeakSanitizer cannot follow the pointers Swift stores with tag bits in
# enum payloads (the cached types' member arrays).
failed=()
printf '%-18s %6s %12s %9s %7s %8s %s\n' target time executions exec/s cov ft result
for entry in "${targets[@]}"; do
    read -r target seconds <<<"$entry"
    seconds=$(awk -v s="$seconds" -v k="$scale" 'BEGIN { t = int(s * k); print (t < 1 ? 1 : t) }')
    mkdir -p "$work/$target" "artifacts/$target"
    # New inputs go to the scratch corpus (first directory); the seeds stay as they are.
    # FuzzSections' seeds are 8 bytes: a longer limit, reached at once, leaves room for payloads.
    extra=()
    [ "$target" = FuzzSections ] && extra=(-max_len=512 -len_control=0)
    status=0
    nice -n 10 "$bin/$target" -max_total_time="$seconds" -timeout=10 -print_final_stats=1 \
        -artifact_prefix="artifacts/$target/" "${extra[@]}" "$work/$target" ".corpus/$target" \
        >"$work/$target.log" 2>&1 || status=$?
    executions=$(awk '/stat::number_of_executed_units/ { value = $2 } END { print value }' "$work/$target.log")
    rate=$(awk '/stat::average_exec_per_sec/ { value = $2 } END { print value }' "$work/$target.log")
    coverage=$(grep -Eo "cov: [0-9]+ ft: [0-9]+" "$work/$target.log" | tail -1 || true)
    result=ok
    if [ "$status" != 0 ]; then
        result="FAILED (exit $status), input in FuzzTesting/artifacts/$target/"
        failed+=("$target")
        grep -E "ERROR|Fatal error|deadly signal|timeout|SUMMARY|brokenPromise|fuzz" "$work/$target.log" | head -20 >&2 || true
    fi
    printf '%-18s %5ss %12s %9s %7s %8s %s\n' "$target" "$seconds" "${executions:-?}" "${rate:-?}" \
        "$(echo "$coverage" | awk '{ print $2 }')" "$(echo "$coverage" | awk '{ print $4 }')" "$result"
done
if [ ${#failed[@]} -gt 0 ]; then
    echo "fuzz-smoke: findings in ${failed[*]}" >&2
    exit 1
fi
echo "fuzz-smoke: no findings"
