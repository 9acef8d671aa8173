import BPFObject

/// The answer of BPF_PROG_QUERY: what is attached at one attach point, in run order.
///
/// The arrays run in parallel: entry `i` of each describes the `i`-th program.
public struct AttachedPrograms: Sendable, Hashable {
    /// The ids of the attached programs, in run order.
    public var ids: [UInt32]
    /// Each program's attach flags (`prog_attach_flags`); empty for an effective
    /// cgroup query, and all 0 where the attach point keeps no per-program flags.
    public var programAttachFlags: [AttachFlags]
    /// For each program, the id of the link that holds it, or 0 when it was
    /// attached without a link or the attach point does not report links
    /// (`link_ids`, filled by tcx and netkit, 6.6+).
    public var linkIDs: [UInt32]
    /// For each program, its link's attach flags (`link_attach_flags`).
    public var linkAttachFlags: [AttachFlags]
    /// The flags the attach point was set up with (`attach_flags`).
    public var attachFlags: AttachFlags
    /// The attach point's revision, which changes with each attach or detach (6.6+; 0 where not kept).
    public var revision: UInt64

    /// The first `count` entries of the arrays the kernel filled.
    init(count: Int, ids: [UInt32], programAttachFlags: [UInt32]?, linkIDs: [UInt32], linkAttachFlags: [UInt32],
         attachFlags: UInt32, revision: UInt64) {
        let count = min(max(count, 0), ids.count)
        self.ids = Array(ids.prefix(count))
        self.programAttachFlags = programAttachFlags?.prefix(count).map(AttachFlags.init(rawValue:)) ?? []
        self.linkIDs = Array(linkIDs.prefix(count))
        self.linkAttachFlags = linkAttachFlags.prefix(count).map(AttachFlags.init(rawValue:))
        self.attachFlags = AttachFlags(rawValue: attachFlags)
        self.revision = revision
    }
}
