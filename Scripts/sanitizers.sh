#!/usr/bin/env bash
# The whole test suite under AddressSanitizer, then ThreadSanitizer, as root
# against the real kernel. Each sanitizer builds in its own scratch path
# (.build-asan, .build-tsan) so that neither invalidates the plain build.
#
# ThreadSanitizer reads its suppressions from Scripts/tsan-suppressions.txt:
# each entry there documents a false positive of this toolchain.
cd "$(dirname "$0")/.."
source Scripts/setup.sh

for sanitizer in address thread; do
    scratch=.build-${sanitizer:0:1}san
    echo "==> swift test --sanitize=$sanitizer (scratch path $scratch)"
    start=$SECONDS
    swift build --build-tests --sanitize="$sanitizer" --scratch-path "$scratch"
    built=$SECONDS
    # halt_on_error makes the first report fail the run instead of scrolling by.
    ASAN_OPTIONS=${ASAN_OPTIONS:-halt_on_error=1:detect_leaks=0} \
    TSAN_OPTIONS=${TSAN_OPTIONS:-halt_on_error=1:second_deadlock_stack=1:suppressions=$PWD/Scripts/tsan-suppressions.txt} \
        swift test --skip-build --sanitize="$sanitizer" --scratch-path "$scratch"
    echo "==> $sanitizer: build $((built - start)) s, tests $((SECONDS - built)) s"
done
