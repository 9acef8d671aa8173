#!/usr/bin/env bash
# The main job: `swiftbpf demo`, a real in-kernel sockmap redirect on loopback.
cd "$(dirname "$0")/.."
source Scripts/setup.sh

swift build -c release --product swiftbpf
.build/release/swiftbpf demo "$@"
