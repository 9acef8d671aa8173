import BPFObject

/// What the kernel reports about a link (`struct bpf_link_info`).
public struct LinkInfo: Sendable, Hashable {
    /// What the link is attached to, for the kinds this library creates.
    public enum Target: Sendable, Hashable {
        /// A cgroup, by its id.
        case cgroup(id: UInt64, attachType: AttachType)
        /// A network namespace, by its inode number.
        case networkNamespace(inode: UInt32, attachType: AttachType)
        /// A sockmap or sockhash, by its map id.
        case sockmap(mapID: UInt32, attachType: AttachType)
        /// Another kind; see ``LinkInfo/type``.
        case other
    }

    /// The link's type.
    public var type: LinkType
    /// The machine-wide id.
    public var id: UInt32
    /// The id of the linked program.
    public var programID: UInt32
    /// What it is attached to.
    public var target: Target

    init(_ descriptor: OwnedDescriptor) throws(BPFError) {
        var record = LinkInfoRecord()
        try descriptor.withRawValue { fd throws(BPFError) in
            try ObjectInfo.fetch(fd, into: &record, context: "read link info")
        }
        type = LinkType(rawValue: record.type)
        id = record.id
        programID = record.programID
        let low = UInt32(truncatingIfNeeded: record.details.0)
        let high = UInt32(truncatingIfNeeded: record.details.0 >> 32)
        switch type {
        case .cgroup:
            target = .cgroup(id: record.details.0, attachType: AttachType(rawValue: UInt32(truncatingIfNeeded: record.details.1)))
        case .networkNamespace:
            target = .networkNamespace(inode: low, attachType: AttachType(rawValue: high))
        case .sockmap:
            target = .sockmap(mapID: low, attachType: AttachType(rawValue: high))
        default:
            target = .other
        }
    }
}

/// `struct bpf_link_info`: the common head and room for the union that follows.
package struct LinkInfoRecord: Sendable {
    package var type: UInt32 = 0
    package var id: UInt32 = 0
    package var programID: UInt32 = 0
    private var padding: UInt32 = 0
    /// The union, as 64-bit words (it is 8-byte aligned).
    package var details: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0)

    package init() {}
}
