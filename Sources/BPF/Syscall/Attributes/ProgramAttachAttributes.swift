/// `union bpf_attr` for BPF_PROG_ATTACH and BPF_PROG_DETACH.
package struct ProgramAttachAttributes: Sendable {
    /// `target_fd` or `target_ifindex`.
    package var targetFD: UInt32 = 0
    package var attachBPFFD: UInt32 = 0
    package var attachType: UInt32 = 0
    package var attachFlags: UInt32 = 0
    package var replaceBPFFD: UInt32 = 0
    /// `relative_fd` or `relative_id`.
    package var relativeFD: UInt32 = 0
    package var expectedRevision: UInt64 = 0

    package init() {}
}
