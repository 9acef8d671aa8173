#!/usr/bin/env bash
# The whole test suite under AddressSanitizer, then ThreadSanitizer, as root
# against the real kernel. Each sanitizer builds in its own scratch path
# (.build-asan, .build-tsan) so that neither invalidates the plain build.
#
# ThreadSanitizer reads its suppressions from Scripts/tsan-suppressions.txt:
# each entry there documents a false positive of this toolchain.
#
# The object leak cycles make 100 loads of each TestObject here instead of
# 1,000: the plain suite proves the counts, and the full cycles would take
# most of CI's time under ThreadSanitizer.
cd "$(dirname "$0")/.."
source Scripts/setup.sh
export SWIFTBPF_OBJECT_CYCLE_LOADS=100

# Both sanitizers run even when the first fails, so one CI run shows both.
failed=()
for sanitizer in address thread; do
    scratch=.build-${sanitizer:0:1}san
    echo "==> swift test --sanitize=$sanitizer (scratch path $scratch)"
    start=$SECONDS
    swift build --build-tests --sanitize="$sanitizer" --scratch-path "$scratch"
    built=$SECONDS
    # halt_on_error makes the first report fail the run instead of scrolling by.
    status=0
    ASAN_OPTIONS=${ASAN_OPTIONS:-halt_on_error=1:detect_leaks=0} \
    TSAN_OPTIONS=${TSAN_OPTIONS:-halt_on_error=1:second_deadlock_stack=1:suppressions=$PWD/Scripts/tsan-suppressions.txt} \
        swift test --skip-build --sanitize="$sanitizer" --scratch-path "$scratch" || status=$?
    echo "==> $sanitizer: build $((built - start)) s, tests $((SECONDS - built)) s, exit $status"
    [ "$status" = 0 ] || failed+=("$sanitizer")
done
if [ ${#failed[@]} -gt 0 ]; then
    echo "sanitizers: the suite failed under ${failed[*]}" >&2
    exit 1
fi
