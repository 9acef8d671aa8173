/// `struct bpf_link_info`: the common head, then the type-specific union kept
/// as raw bytes and read through the offsets in ``LinkInfoLayout``.
package struct LinkInfoRecord: Sendable {
    package var type: UInt32 = 0
    package var id: UInt32 = 0
    package var programID: UInt32 = 0
    private var padding: UInt32 = 0
    /// The union (48 bytes on 6.18; 8-byte aligned).
    private var union: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0)

    package init() {}

    /// The 32-bit field at `field` (an offset from the start of the struct).
    package func word(_ field: LinkInfoLayout.Field) -> UInt32 {
        withUnsafeBytes(of: self) { $0.loadUnaligned(fromByteOffset: field.offset, as: UInt32.self) }
    }

    /// The 64-bit field at `field`.
    package func doubleWord(_ field: LinkInfoLayout.Field) -> UInt64 {
        withUnsafeBytes(of: self) { $0.loadUnaligned(fromByteOffset: field.offset, as: UInt64.self) }
    }

    /// Sets the 32-bit field at `field`, such as a buffer length for the kernel to fill.
    package mutating func setWord(_ field: LinkInfoLayout.Field, _ value: UInt32) {
        withUnsafeMutableBytes(of: &self) { $0.storeBytes(of: value, toByteOffset: field.offset, as: UInt32.self) }
    }

    /// Sets the 64-bit field at `field`, such as a buffer address for the kernel to fill.
    package mutating func setDoubleWord(_ field: LinkInfoLayout.Field, _ value: UInt64) {
        withUnsafeMutableBytes(of: &self) { $0.storeBytes(of: value, toByteOffset: field.offset, as: UInt64.self) }
    }

    /// The union's bytes, for link types this library does not know.
    package var unionBytes: [UInt8] {
        withUnsafeBytes(of: union) { Array($0) }
    }
}

/// Where each field of `struct bpf_link_info` lies, as the 6.18 uapi has it.
/// The layout test checks every entry of ``all`` against the running kernel's BTF.
package enum LinkInfoLayout {
    /// One field: its offset from the start of the struct and its size.
    package struct Field: Sendable {
        package var offset: Int
        package var size: Int
    }

    private static let union = 16

    private static func u32(_ offset: Int) -> Field { Field(offset: union + offset, size: 4) }
    private static func u64(_ offset: Int) -> Field { Field(offset: union + offset, size: 8) }

    static let rawTracepointName = u64(0), rawTracepointNameLength = u32(8), rawTracepointCookie = u64(16)
    static let tracingAttachType = u32(0), tracingTargetObjectID = u32(4), tracingTargetBTFID = u32(8)
    static let tracingCookie = u64(16)
    static let cgroupID = u64(0), cgroupAttachType = u32(8)
    static let iteratorTargetName = u64(0), iteratorTargetNameLength = u32(8), iteratorMapID = u32(12)
    static let iteratorCgroupID = u64(16), iteratorCgroupOrder = u32(24)
    static let iteratorTaskThreadID = u32(16), iteratorTaskProcessID = u32(20)
    static let networkNamespaceInode = u32(0), networkNamespaceAttachType = u32(4)
    static let xdpInterface = u32(0)
    static let structOpsMapID = u32(0)
    static let netfilterFamily = u32(0), netfilterHook = u32(4), netfilterPriority = u32(8), netfilterFlags = u32(12)
    static let kprobeMultiAddresses = u64(0), kprobeMultiCount = u32(8), kprobeMultiFlags = u32(12)
    static let kprobeMultiMissed = u64(16), kprobeMultiCookies = u64(24)
    static let uprobeMultiPath = u64(0), uprobeMultiOffsets = u64(8), uprobeMultiReferenceCounterOffsets = u64(16)
    static let uprobeMultiCookies = u64(24), uprobeMultiPathSize = u32(32), uprobeMultiCount = u32(36)
    static let uprobeMultiFlags = u32(40), uprobeMultiProcessID = u32(44)
    static let perfEventType = u32(0)
    static let perfUprobeFile = u64(8), perfUprobeNameLength = u32(16), perfUprobeOffset = u32(20)
    static let perfUprobeCookie = u64(24), perfUprobeReferenceCounterOffset = u64(32)
    static let perfKprobeFunction = u64(8), perfKprobeNameLength = u32(16), perfKprobeOffset = u32(20)
    static let perfKprobeAddress = u64(24), perfKprobeMissed = u64(32), perfKprobeCookie = u64(40)
    static let perfTracepointName = u64(8), perfTracepointNameLength = u32(16), perfTracepointCookie = u64(24)
    static let perfEventConfig = u64(8), perfEventEventType = u32(16), perfEventCookie = u64(24)
    static let tcxInterface = u32(0), tcxAttachType = u32(4)
    static let netkitInterface = u32(0), netkitAttachType = u32(4)
    static let sockmapMapID = u32(0), sockmapAttachType = u32(4)

    /// Every field with its path in the kernel's struct, for the layout test.
    package static let all: [(path: String, field: Field)] = [
        ("type", Field(offset: 0, size: 4)), ("id", Field(offset: 4, size: 4)), ("prog_id", Field(offset: 8, size: 4)),
        ("raw_tracepoint.tp_name", rawTracepointName), ("raw_tracepoint.tp_name_len", rawTracepointNameLength),
        ("raw_tracepoint.cookie", rawTracepointCookie),
        ("tracing.attach_type", tracingAttachType), ("tracing.target_obj_id", tracingTargetObjectID),
        ("tracing.target_btf_id", tracingTargetBTFID), ("tracing.cookie", tracingCookie),
        ("cgroup.cgroup_id", cgroupID), ("cgroup.attach_type", cgroupAttachType),
        ("iter.target_name", iteratorTargetName), ("iter.target_name_len", iteratorTargetNameLength),
        ("iter.map.map_id", iteratorMapID), ("iter.cgroup.cgroup_id", iteratorCgroupID),
        ("iter.cgroup.order", iteratorCgroupOrder), ("iter.task.tid", iteratorTaskThreadID),
        ("iter.task.pid", iteratorTaskProcessID),
        ("netns.netns_ino", networkNamespaceInode), ("netns.attach_type", networkNamespaceAttachType),
        ("xdp.ifindex", xdpInterface), ("struct_ops.map_id", structOpsMapID),
        ("netfilter.pf", netfilterFamily), ("netfilter.hooknum", netfilterHook),
        ("netfilter.priority", netfilterPriority), ("netfilter.flags", netfilterFlags),
        ("kprobe_multi.addrs", kprobeMultiAddresses), ("kprobe_multi.count", kprobeMultiCount),
        ("kprobe_multi.flags", kprobeMultiFlags), ("kprobe_multi.missed", kprobeMultiMissed),
        ("kprobe_multi.cookies", kprobeMultiCookies),
        ("uprobe_multi.path", uprobeMultiPath), ("uprobe_multi.offsets", uprobeMultiOffsets),
        ("uprobe_multi.ref_ctr_offsets", uprobeMultiReferenceCounterOffsets),
        ("uprobe_multi.cookies", uprobeMultiCookies), ("uprobe_multi.path_size", uprobeMultiPathSize),
        ("uprobe_multi.count", uprobeMultiCount), ("uprobe_multi.flags", uprobeMultiFlags),
        ("uprobe_multi.pid", uprobeMultiProcessID),
        ("perf_event.type", perfEventType),
        ("perf_event.uprobe.file_name", perfUprobeFile), ("perf_event.uprobe.name_len", perfUprobeNameLength),
        ("perf_event.uprobe.offset", perfUprobeOffset), ("perf_event.uprobe.cookie", perfUprobeCookie),
        ("perf_event.uprobe.ref_ctr_offset", perfUprobeReferenceCounterOffset),
        ("perf_event.kprobe.func_name", perfKprobeFunction), ("perf_event.kprobe.name_len", perfKprobeNameLength),
        ("perf_event.kprobe.offset", perfKprobeOffset), ("perf_event.kprobe.addr", perfKprobeAddress),
        ("perf_event.kprobe.missed", perfKprobeMissed), ("perf_event.kprobe.cookie", perfKprobeCookie),
        ("perf_event.tracepoint.tp_name", perfTracepointName),
        ("perf_event.tracepoint.name_len", perfTracepointNameLength),
        ("perf_event.tracepoint.cookie", perfTracepointCookie),
        ("perf_event.event.config", perfEventConfig), ("perf_event.event.type", perfEventEventType),
        ("perf_event.event.cookie", perfEventCookie),
        ("tcx.ifindex", tcxInterface), ("tcx.attach_type", tcxAttachType),
        ("netkit.ifindex", netkitInterface), ("netkit.attach_type", netkitAttachType),
        ("sockmap.map_id", sockmapMapID), ("sockmap.attach_type", sockmapAttachType),
    ]
}
