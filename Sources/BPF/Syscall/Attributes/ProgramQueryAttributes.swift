/// `union bpf_attr` for BPF_PROG_QUERY (`query`).
package struct ProgramQueryAttributes: Sendable {
    /// `target_fd` or `target_ifindex`.
    package var targetFD: UInt32 = 0
    package var attachType: UInt32 = 0
    package var queryFlags: UInt32 = 0
    /// Written by the kernel.
    package var attachFlags: UInt32 = 0
    package var programIDs: UInt64 = 0
    /// `prog_cnt` or `count`: in, the capacity of the id array; out, how many are attached.
    package var count: UInt32 = 0
    private var padding: UInt32 = 0
    package var programAttachFlags: UInt64 = 0
    package var linkIDs: UInt64 = 0
    package var linkAttachFlags: UInt64 = 0
    /// Written by the kernel: the attach point's revision.
    package var revision: UInt64 = 0

    package init() {}
}
