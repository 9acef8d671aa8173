# Shared set-up for the README's two commands. Sourced, not run.
#
# It installs the system packages the tests and TestObjects need, builds the
# TestObjects and mounts a private bpffs, so that a fresh machine needs nothing
# done by hand. The library itself needs none of these packages at run time.
set -euo pipefail

if [ "$(id -u)" != 0 ]; then
    echo "swift-bpf: these commands load BPF programs and must run as root (CAP_BPF, CAP_NET_ADMIN, CAP_SYS_ADMIN)." >&2
    exit 1
fi

# clang comes with the Swift toolchain (it has the bpf target). These are the
# test oracles and the BPF-side headers the TestObjects include.
swiftbpf_packages=(libbpf-dev bpftool libelf-dev linux-libc-dev iproute2 make jq)
swiftbpf_missing=()
for package in "${swiftbpf_packages[@]}"; do
    dpkg -s "$package" >/dev/null 2>&1 || swiftbpf_missing+=("$package")
done
if [ ${#swiftbpf_missing[@]} -gt 0 ]; then
    echo "==> installing ${swiftbpf_missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${swiftbpf_missing[@]}" >/dev/null
fi

if [ -f TestObjects/Makefile ]; then
    echo "==> building TestObjects"
    make -s -C TestObjects -j"$(nproc)"
fi

# A private bpffs: /sys/fs/bpf is shared with everything else on the machine.
SWIFTBPF_BPFFS=$(mktemp -d /tmp/swiftbpf-bpffs.XXXXXX)
mount -t bpf bpf "$SWIFTBPF_BPFFS"
export SWIFTBPF_BPFFS
swiftbpf_cleanup() {
    umount "$SWIFTBPF_BPFFS" 2>/dev/null || true
    rmdir "$SWIFTBPF_BPFFS" 2>/dev/null || true
}
trap swiftbpf_cleanup EXIT
