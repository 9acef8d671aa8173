import BPFObject

/// What the kernel reports about a link (`struct bpf_link_info`).
public struct LinkInfo: Sendable, Hashable {
    /// What the link is attached to, for every link type of the 6.18 uapi.
    public enum Target: Sendable, Hashable {
        /// A raw tracepoint (`raw_tp` or `tp_btf`), by name.
        case rawTracepoint(name: String, cookie: UInt64)
        /// A tracing attachment (fentry, fexit, fmod_ret, LSM, freplace): the attach type,
        /// the id of the BTF object or program attached to, and the BTF id of the function.
        case tracing(attachType: AttachType, targetObjectID: UInt32, targetBTFID: UInt32, cookie: UInt64)
        /// A cgroup, by its id.
        case cgroup(id: UInt64, attachType: AttachType)
        /// An iterator.
        case iterator(IteratorLinkTarget)
        /// A network namespace, by its inode number.
        case networkNamespace(inode: UInt32, attachType: AttachType)
        /// A network interface's XDP hook, by interface index.
        case xdp(interfaceIndex: UInt32)
        /// A struct_ops map, by its id.
        case structOps(mapID: UInt32)
        /// A netfilter hook.
        case netfilter(NetfilterHook)
        /// Kernel functions probed together.
        case kprobeMulti(ProbeMultiLinkTarget)
        /// Offsets in one file probed together.
        case uprobeMulti(ProbeMultiLinkTarget)
        /// A perf event: a kprobe, uprobe, tracepoint or hardware/software event.
        case perfEvent(PerfEventLinkTarget)
        /// A network interface's tcx ingress or egress, by interface index.
        case tcx(interfaceIndex: UInt32, attachType: AttachType)
        /// A netkit device's primary or peer side, by interface index.
        case netkit(interfaceIndex: UInt32, attachType: AttachType)
        /// A sockmap or sockhash, by its map id.
        case sockmap(mapID: UInt32, attachType: AttachType)
        /// A link type this library does not know (see ``LinkInfo/type``), with the raw bytes of its union.
        case other(details: [UInt8])
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
        let (record, target) = try descriptor.withRawValue { fd throws(BPFError) in
            var record = LinkInfoRecord()
            try ObjectInfo.fetch(fd, into: &record, context: "read link info")
            return try Self.decode(record, fd: fd)
        }
        type = LinkType(rawValue: record.type)
        id = record.id
        programID = record.programID
        self.target = target
    }

    private typealias Layout = LinkInfoLayout

    /// The target from a first answer, reading names and arrays with a second call where the type has them.
    private static func decode(_ first: LinkInfoRecord, fd: Int32) throws(BPFError) -> (LinkInfoRecord, Target) {
        let buffers = LinkInfoBuffers()
        var record = first
        func refetch() throws(BPFError) {
            try ObjectInfo.fetch(fd, into: &record, context: "read link info names")
        }
        switch LinkType(rawValue: first.type) {
        case .rawTracepoint:
            let name = buffers.provideName(length: first.word(Layout.rawTracepointNameLength), at: Layout.rawTracepointName,
                                           lengthField: Layout.rawTracepointNameLength, in: &record)
            try refetch()
            return (record, .rawTracepoint(name: buffers.string(name), cookie: record.doubleWord(Layout.rawTracepointCookie)))
        case .tracing:
            return (record, .tracing(attachType: AttachType(rawValue: record.word(Layout.tracingAttachType)),
                                     targetObjectID: record.word(Layout.tracingTargetObjectID),
                                     targetBTFID: record.word(Layout.tracingTargetBTFID),
                                     cookie: record.doubleWord(Layout.tracingCookie)))
        case .cgroup:
            return (record, .cgroup(id: record.doubleWord(Layout.cgroupID),
                                    attachType: AttachType(rawValue: record.word(Layout.cgroupAttachType))))
        case .iterator:
            let name = buffers.provideName(length: first.word(Layout.iteratorTargetNameLength), at: Layout.iteratorTargetName,
                                           lengthField: Layout.iteratorTargetNameLength, in: &record)
            try refetch()
            return (record, .iterator(iterator(record, name: buffers.string(name))))
        case .networkNamespace:
            return (record, .networkNamespace(inode: record.word(Layout.networkNamespaceInode),
                                              attachType: AttachType(rawValue: record.word(Layout.networkNamespaceAttachType))))
        case .xdp:
            return (record, .xdp(interfaceIndex: record.word(Layout.xdpInterface)))
        case .structOps:
            return (record, .structOps(mapID: record.word(Layout.structOpsMapID)))
        case .netfilter:
            return (record, .netfilter(NetfilterHook(
                protocolFamily: record.word(Layout.netfilterFamily), hook: record.word(Layout.netfilterHook),
                priority: Int32(bitPattern: record.word(Layout.netfilterPriority)), flags: record.word(Layout.netfilterFlags))))
        case .kprobeMulti:
            return try kprobeMulti(first, buffers: buffers, fd: fd)
        case .uprobeMulti:
            return try uprobeMulti(first, buffers: buffers, fd: fd)
        case .perfEvent:
            return try perfEvent(first, buffers: buffers, fd: fd)
        case .tcx:
            return (record, .tcx(interfaceIndex: record.word(Layout.tcxInterface),
                                 attachType: AttachType(rawValue: record.word(Layout.tcxAttachType))))
        case .netkit:
            return (record, .netkit(interfaceIndex: record.word(Layout.netkitInterface),
                                    attachType: AttachType(rawValue: record.word(Layout.netkitAttachType))))
        case .sockmap:
            return (record, .sockmap(mapID: record.word(Layout.sockmapMapID),
                                     attachType: AttachType(rawValue: record.word(Layout.sockmapAttachType))))
        default:
            return (record, .other(details: record.unionBytes))
        }
    }

    /// An iterator's scope: which part of the union holds it depends on the target's name.
    private static func iterator(_ record: LinkInfoRecord, name: String) -> IteratorLinkTarget {
        let mapID = record.word(Layout.iteratorMapID)
        let scope: IteratorLinkTarget.Scope
        if name == "cgroup" {
            scope = .cgroup(id: record.doubleWord(Layout.iteratorCgroupID), order: record.word(Layout.iteratorCgroupOrder))
        } else if name.hasPrefix("task"),
                  record.word(Layout.iteratorTaskThreadID) != 0 || record.word(Layout.iteratorTaskProcessID) != 0 {
            scope = .task(threadID: record.word(Layout.iteratorTaskThreadID),
                          processID: record.word(Layout.iteratorTaskProcessID))
        } else if mapID != 0 {
            scope = .map(id: mapID)
        } else {
            scope = .all
        }
        return IteratorLinkTarget(name: name, scope: scope)
    }

    /// The entry count to ask for: what the kernel reported, bounded.
    private static func entries(_ count: UInt32) -> Int { min(Int(count), LinkInfoBuffers.maximumEntries) }

    private static func kprobeMulti(_ first: LinkInfoRecord, buffers: LinkInfoBuffers, fd: Int32)
        throws(BPFError) -> (LinkInfoRecord, Target)
    {
        var record = first
        let count = entries(first.word(Layout.kprobeMultiCount))
        var addresses = -1
        var cookies = -1
        if count > 0 {
            record.setWord(Layout.kprobeMultiCount, UInt32(count))
            addresses = buffers.provide(count * 8, at: Layout.kprobeMultiAddresses, in: &record)
            cookies = buffers.provide(count * 8, at: Layout.kprobeMultiCookies, in: &record)
            try ObjectInfo.fetch(fd, into: &record, context: "read kprobe_multi link addresses")
        }
        return (record, .kprobeMulti(ProbeMultiLinkTarget(
            locations: buffers.words(addresses, count: count), cookies: buffers.words(cookies, count: count),
            count: first.word(Layout.kprobeMultiCount), isReturn: record.word(Layout.kprobeMultiFlags) & 1 != 0,
            missed: record.doubleWord(Layout.kprobeMultiMissed))))
    }

    private static func uprobeMulti(_ first: LinkInfoRecord, buffers: LinkInfoBuffers, fd: Int32)
        throws(BPFError) -> (LinkInfoRecord, Target)
    {
        var record = first
        let count = entries(first.word(Layout.uprobeMultiCount))
        let path = buffers.provideName(length: UInt32(LinkInfoBuffers.maximumNameLength), at: Layout.uprobeMultiPath,
                                       lengthField: Layout.uprobeMultiPathSize, in: &record)
        var offsets = -1
        var counters = -1
        var cookies = -1
        if count > 0 {
            record.setWord(Layout.uprobeMultiCount, UInt32(count))
            offsets = buffers.provide(count * 8, at: Layout.uprobeMultiOffsets, in: &record)
            counters = buffers.provide(count * 8, at: Layout.uprobeMultiReferenceCounterOffsets, in: &record)
            cookies = buffers.provide(count * 8, at: Layout.uprobeMultiCookies, in: &record)
        }
        try ObjectInfo.fetch(fd, into: &record, context: "read uprobe_multi link offsets")
        let referenceCounters = buffers.words(counters, count: count)
        return (record, .uprobeMulti(ProbeMultiLinkTarget(
            path: buffers.string(path), locations: buffers.words(offsets, count: count),
            referenceCounterOffsets: referenceCounters.allSatisfy { $0 == 0 } ? [] : referenceCounters,
            cookies: buffers.words(cookies, count: count), count: first.word(Layout.uprobeMultiCount),
            isReturn: record.word(Layout.uprobeMultiFlags) & 1 != 0, processID: record.word(Layout.uprobeMultiProcessID))))
    }

    /// `enum bpf_perf_event_type`.
    private enum PerfEventType: UInt32 {
        case uprobe = 1, uretprobe, kprobe, kretprobe, tracepoint, event
    }

    private static func perfEvent(_ first: LinkInfoRecord, buffers: LinkInfoBuffers, fd: Int32)
        throws(BPFError) -> (LinkInfoRecord, Target)
    {
        var record = first
        let rawType = first.word(Layout.perfEventType)
        guard let type = PerfEventType(rawValue: rawType) else { return (record, .perfEvent(.unknown(type: rawType))) }
        // The name and its length sit at the same offsets for uprobes, kprobes and tracepoints.
        var name = -1
        if type != .event {
            name = buffers.provideName(length: first.word(Layout.perfKprobeNameLength), at: Layout.perfKprobeFunction,
                                       lengthField: Layout.perfKprobeNameLength, in: &record)
            try ObjectInfo.fetch(fd, into: &record, context: "read perf_event link name")
        }
        let target: PerfEventLinkTarget
        switch type {
        case .uprobe, .uretprobe:
            target = .uprobe(file: buffers.string(name), offset: record.word(Layout.perfUprobeOffset),
                             isReturn: type == .uretprobe, cookie: record.doubleWord(Layout.perfUprobeCookie),
                             referenceCounterOffset: record.doubleWord(Layout.perfUprobeReferenceCounterOffset))
        case .kprobe, .kretprobe:
            target = .kprobe(function: buffers.string(name), offset: record.word(Layout.perfKprobeOffset),
                             address: record.doubleWord(Layout.perfKprobeAddress), isReturn: type == .kretprobe,
                             missed: record.doubleWord(Layout.perfKprobeMissed),
                             cookie: record.doubleWord(Layout.perfKprobeCookie))
        case .tracepoint:
            target = .tracepoint(name: buffers.string(name), cookie: record.doubleWord(Layout.perfTracepointCookie))
        case .event:
            target = .event(type: record.word(Layout.perfEventEventType), config: record.doubleWord(Layout.perfEventConfig),
                            cookie: record.doubleWord(Layout.perfEventCookie))
        }
        return (record, .perfEvent(target))
    }
}
