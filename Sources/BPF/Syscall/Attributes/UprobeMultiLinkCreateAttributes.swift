/// `union bpf_attr` for BPF_LINK_CREATE of a uprobe_multi link (`link_create`
/// with its `uprobe_multi` variant, 6.6+): a file and the offsets to probe in it.
package struct UprobeMultiLinkCreateAttributes: Sendable {
    package var programFD: UInt32 = 0
    /// Unused by uprobe_multi links; must be 0.
    package var targetFD: UInt32 = 0
    package var attachType: UInt32 = 0
    package var flags: UInt32 = 0
    /// `uprobe_multi.path`: address of the NUL-terminated path.
    package var path: UInt64 = 0
    /// `uprobe_multi.offsets`: address of `count` file offsets.
    package var offsets: UInt64 = 0
    /// `uprobe_multi.ref_ctr_offsets`: address of `count` semaphore offsets, or 0.
    package var referenceCounterOffsets: UInt64 = 0
    /// `uprobe_multi.cookies`: address of `count` cookies, or 0.
    package var cookies: UInt64 = 0
    /// `uprobe_multi.cnt`.
    package var count: UInt32 = 0
    /// `uprobe_multi.flags`, such as `BPF_F_UPROBE_MULTI_RETURN`.
    package var uprobeFlags: UInt32 = 0
    /// `uprobe_multi.pid`: limit the probes to one process, or 0.
    package var processID: UInt32 = 0
    private var padding: UInt32 = 0

    package init() {}
}
