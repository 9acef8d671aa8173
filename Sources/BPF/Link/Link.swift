import BPFObject

/// A BPF link: a program attached to a target for as long as the link lives
/// (the descriptor, a pin, or until ``detach()``).
public final class Link: KernelObject, CustomStringConvertible {
    /// The descriptor.
    public let descriptor: OwnedDescriptor

    /// Attaches `program` to `target` as `attachType` (BPF_LINK_CREATE):
    /// a sockmap (6.10+), a network namespace for sk_lookup, a cgroup, an
    /// interface for XDP and tcx, a perf event descriptor, and so on. Netfilter
    /// and uprobe_multi links have no target: pass `.descriptor(0)` and
    /// ``LinkOptions/netfilter`` or ``LinkOptions/uprobes``.
    ///
    /// - Throws: a ``BPFError``; when the target is a sockmap and the kernel
    ///   has no sockmap links, its ``BPFError/missingFeature`` says so and how
    ///   that was probed.
    public convenience init(program: Program, target: AttachTarget, attachType: AttachType,
                            options: LinkOptions = LinkOptions()) throws(BPFError) {
        try self.init(program: program, target: target, attachType: attachType, options: options,
                      diagnosingFailure: true)
    }

    /// Creates a link; `diagnosingFailure` is false where a failure is itself
    /// the answer sought (the feature probes, the sockmap attach fallback).
    package convenience init(program: Program, target: AttachTarget, attachType: AttachType,
                             options: LinkOptions = LinkOptions(), diagnosingFailure: Bool) throws(BPFError) {
        let context = "link \(program.displayName) to \(target.displayName) as \(attachType)"
        let descriptor: OwnedDescriptor
        do {
            descriptor = try target.withRawValue { targetFD throws(BPFError) in
                try program.descriptor.withRawValue { programFD throws(BPFError) in
                    if let hook = options.netfilter {
                        var attributes = NetfilterLinkCreateAttributes()
                        attributes.programFD = UInt32(bitPattern: programFD)
                        attributes.targetFD = targetFD
                        attributes.attachType = attachType.rawValue
                        attributes.flags = options.flags
                        attributes.protocolFamily = hook.protocolFamily
                        attributes.hook = hook.hook
                        attributes.priority = hook.priority
                        attributes.netfilterFlags = hook.flags
                        return try SystemCall.descriptor(.linkCreate, &attributes, context)
                    }
                    if let probes = options.uprobes {
                        return try Self.createUprobes(probes, programFD: programFD, attachType: attachType,
                                                      flags: options.flags, context: context)
                    }
                    var attributes = LinkCreateAttributes()
                    attributes.programFD = UInt32(bitPattern: programFD)
                    attributes.targetFD = targetFD
                    attributes.attachType = attachType.rawValue
                    attributes.flags = options.flags
                    attributes.targetBTFIDOrRelative = options.targetBTFID != 0 ? options.targetBTFID : options.relative
                    attributes.cookieOrExpectedRevision = options.expectedRevisionOrCookie
                    return try SystemCall.descriptor(.linkCreate, &attributes, context)
                }
            }
        } catch {
            throw diagnosingFailure ? MissingFeatureDiagnosis.linkCreate(error, target: target) : error
        }
        self.init(adopting: descriptor)
    }

    /// LINK_CREATE of a uprobe_multi link, with the path and arrays held in place during the call.
    private static func createUprobes(_ probes: ProbeMultiLinkTarget, programFD: Int32, attachType: AttachType,
                                      flags: UInt32, context: String) throws(BPFError) -> OwnedDescriptor {
        let count = probes.locations.count
        guard let count32 = UInt32(exactly: count), count > 0,
              probes.cookies.isEmpty || probes.cookies.count == count,
              probes.referenceCounterOffsets.isEmpty || probes.referenceCounterOffsets.count == count else {
            throw BPFError(.command(.linkCreate), errno: .invalidArgument,
                           context: "\(context): uprobes need offsets, and as many cookies and semaphore offsets or none")
        }
        var attributes = UprobeMultiLinkCreateAttributes()
        attributes.programFD = UInt32(bitPattern: programFD)
        attributes.attachType = attachType.rawValue
        attributes.flags = flags
        attributes.count = count32
        attributes.uprobeFlags = probes.isReturn ? 1 : 0
        attributes.processID = probes.processID
        let result = probes.path.withCString { path in
            probes.locations.withUnsafeBufferPointer { offsets in
                probes.cookies.withUnsafeBufferPointer { cookies in
                    probes.referenceCounterOffsets.withUnsafeBufferPointer { counters in
                        attributes.path = UInt64(UInt(bitPattern: path))
                        attributes.offsets = UInt64(UInt(bitPattern: offsets.baseAddress))
                        attributes.cookies = cookies.isEmpty ? 0 : UInt64(UInt(bitPattern: cookies.baseAddress))
                        attributes.referenceCounterOffsets =
                            counters.isEmpty ? 0 : UInt64(UInt(bitPattern: counters.baseAddress))
                        return SystemCall.bpf(.linkCreate, &attributes)
                    }
                }
            }
        }
        guard result >= 0 else {
            throw BPFError(.command(.linkCreate), errno: Errno(rawValue: Int32(truncatingIfNeeded: -result)), context: context)
        }
        return try OwnedDescriptor(adopting: Int32(truncatingIfNeeded: result))
    }

    private init(adopting descriptor: OwnedDescriptor) {
        self.descriptor = descriptor
    }

    /// Opens the link pinned at `path` in a bpffs mount.
    public static func open(pinnedAt path: String) throws(BPFError) -> Link {
        try Link(adopting: ObjectPath.open(path))
    }

    /// Opens the link with the machine-wide `id`.
    public static func open(id: UInt32) throws(BPFError) -> Link {
        try Link(adopting: KernelObjectKind.link.open(id: id))
    }

    /// Swaps in `program` (BPF_LINK_UPDATE), atomically; with `old`, only if
    /// `old` is the program currently linked.
    public func update(to program: Program, replacing old: Program? = nil) throws(BPFError) {
        try descriptor.withRawValue { linkFD throws(BPFError) in
            try program.descriptor.withRawValue { programFD throws(BPFError) in
                try OwnedDescriptor.borrowing(old?.descriptor) { oldFD throws(BPFError) in
                    var attributes = LinkUpdateAttributes()
                    attributes.linkFD = UInt32(bitPattern: linkFD)
                    attributes.newProgramFD = UInt32(bitPattern: programFD)
                    if old != nil {
                        attributes.flags = AttachFlags.replace.rawValue
                        attributes.oldProgramFD = oldFD
                    }
                    _ = try SystemCall.check(.linkUpdate, &attributes, "update \(displayName) to \(program.displayName)")
                }
            }
        }
    }

    /// Detaches the program now (BPF_LINK_DETACH). The link object remains,
    /// defunct, until its descriptor and pins are gone.
    public func detach() throws(BPFError) {
        try descriptor.withRawValue { fd throws(BPFError) in
            var attributes = SingleWordAttributes(UInt32(bitPattern: fd))
            _ = try SystemCall.check(.linkDetach, &attributes, "detach \(displayName)")
        }
    }

    /// What the kernel reports about the link.
    public func info() throws(BPFError) -> LinkInfo { try LinkInfo(descriptor) }

    /// `link`, for error messages.
    public var displayName: String { "link" }

    /// The descriptor.
    public var description: String { "link (\(descriptor))" }
}
