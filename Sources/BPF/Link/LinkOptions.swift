/// The type-specific part of BPF_LINK_CREATE.
public struct LinkOptions: Sendable, Hashable {
    /// `link_create.flags`, such as ``AttachFlags`` bits for cgroup links.
    public var flags: UInt32
    /// For tracing and LSM links: the BTF id of the target (`target_btf_id`).
    public var targetBTFID: UInt32
    /// For cgroup, tcx and netkit links: the program or link to insert next to
    /// (`relative_fd` or, with ``AttachFlags/id``, `relative_id`).
    public var relative: UInt32
    /// For cgroup, tcx and netkit links: fail unless the attach point is at
    /// this revision (`expected_revision`); for tracing links, the cookie.
    public var expectedRevisionOrCookie: UInt64
    /// For netfilter links (attach type ``AttachType/netfilter``, no target): the hook to
    /// join, in the calling thread's network namespace.
    public var netfilter: NetfilterHook?
    /// For uprobe_multi links (attach type ``AttachType/traceUprobeMulti``, no target):
    /// the file (``ProbeMultiLinkTarget/path``), the offsets in it
    /// (``ProbeMultiLinkTarget/locations``), optional semaphore offsets and cookies
    /// (empty, or one per offset), return probes or not, and an optional process id.
    public var uprobes: ProbeMultiLinkTarget?

    /// Creates options; all default to 0.
    public init(flags: UInt32 = 0, targetBTFID: UInt32 = 0, relative: UInt32 = 0, expectedRevisionOrCookie: UInt64 = 0,
                netfilter: NetfilterHook? = nil, uprobes: ProbeMultiLinkTarget? = nil) {
        self.flags = flags
        self.targetBTFID = targetBTFID
        self.relative = relative
        self.expectedRevisionOrCookie = expectedRevisionOrCookie
        self.netfilter = netfilter
        self.uprobes = uprobes
    }
}
