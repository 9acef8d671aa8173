#!/usr/bin/env bash
# The whole test suite, as root against the real kernel.
cd "$(dirname "$0")/.."
source Scripts/setup.sh

echo "==> swift test"
swift build --build-tests
swift test --skip-build
Scripts/fuzz-smoke.sh
