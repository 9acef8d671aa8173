/// The kinds of kernel objects that have machine-wide ids.
public enum KernelObjectKind: Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// Programs (PROG_GET_NEXT_ID, PROG_GET_FD_BY_ID).
    case program
    /// Maps (MAP_GET_NEXT_ID, MAP_GET_FD_BY_ID).
    case map
    /// BTF objects (BTF_GET_NEXT_ID, BTF_GET_FD_BY_ID).
    case btf
    /// Links (LINK_GET_NEXT_ID, LINK_GET_FD_BY_ID).
    case link

    private var nextIDCommand: BPFCommand {
        switch self {
        case .program: .programGetNextID
        case .map: .mapGetNextID
        case .btf: .btfGetNextID
        case .link: .linkGetNextID
        }
    }

    private var openCommand: BPFCommand {
        switch self {
        case .program: .programGetFDByID
        case .map: .mapGetFDByID
        case .btf: .btfGetFDByID
        case .link: .linkGetFDByID
        }
    }

    /// `program`, `map`, `btf` or `link`.
    public var description: String {
        switch self {
        case .program: "program"
        case .map: "map"
        case .btf: "btf"
        case .link: "link"
        }
    }

    /// The smallest id greater than `id` of a live object of this kind, or nil
    /// after the last.
    public func nextID(after id: UInt32) throws(BPFError) -> UInt32? {
        var attributes = ObjectIDAttributes()
        attributes.id = id
        let result = SystemCall.bpf(nextIDCommand, &attributes)
        if result >= 0 { return attributes.nextID }
        let errno = Errno(rawValue: Int32(truncatingIfNeeded: -result))
        if errno == .noSuchEntry { return nil }
        throw BPFError(.command(nextIDCommand), errno: errno, context: "list \(self) ids")
    }

    /// The ids of every live object of this kind on the machine, ascending.
    /// Objects come and go while the walk runs; the list is a snapshot.
    public func ids() throws(BPFError) -> [UInt32] {
        var ids: [UInt32] = []
        var current: UInt32 = 0
        while let next = try nextID(after: current) {
            ids.append(next)
            current = next
        }
        return ids
    }

    /// Opens the object with `id`.
    func open(id: UInt32) throws(BPFError) -> OwnedDescriptor {
        var attributes = ObjectIDAttributes()
        attributes.id = id
        return try SystemCall.descriptor(openCommand, &attributes, "open \(self) with id \(id)")
    }
}
