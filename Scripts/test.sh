#!/usr/bin/env bash
# The whole test suite, as root against the real kernel: the suite, a
# bounded fuzz run of every FuzzTesting target, then the suite again under
# AddressSanitizer and ThreadSanitizer (Scripts/sanitizers.sh).
#
# SWIFTBPF_SKIP_SANITIZERS=1 leaves out the sanitizer runs, which take most
# of the time, for a quicker local check; CI (.ci/run) always runs them.
cd "$(dirname "$0")/.."
source Scripts/setup.sh

echo "==> swift test"
start=$SECONDS
swift build --build-tests
swift test --skip-build
echo "==> suite: $((SECONDS - start)) s"

start=$SECONDS
Scripts/fuzz-smoke.sh
echo "==> fuzz smoke: $((SECONDS - start)) s"

if [ "${SWIFTBPF_SKIP_SANITIZERS:-0}" = 1 ]; then
    echo "==> sanitizer runs skipped (SWIFTBPF_SKIP_SANITIZERS=1)"
else
    start=$SECONDS
    bash Scripts/sanitizers.sh
    echo "==> sanitizers: $((SECONDS - start)) s"
fi
