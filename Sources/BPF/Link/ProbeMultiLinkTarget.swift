/// The probes of a kprobe_multi or uprobe_multi link (`kprobe_multi`, `uprobe_multi` in `bpf_link_info`).
public struct ProbeMultiLinkTarget: Sendable, Hashable {
    /// For uprobes, the probed file; empty for kprobes.
    public var path: String
    /// For kprobes, the probed kernel addresses (0 where the caller may not see kernel
    /// addresses); for uprobes, the offsets in ``path``.
    public var locations: [UInt64]
    /// For uprobes, the semaphore (reference counter) offsets; empty for kprobes or when none.
    public var referenceCounterOffsets: [UInt64]
    /// Each probe's BPF cookie.
    public var cookies: [UInt64]
    /// How many probes the link has, which may exceed what was read.
    public var count: UInt32
    /// Whether these are return probes (`BPF_F_KPROBE_MULTI_RETURN`, `BPF_F_UPROBE_MULTI_RETURN`).
    public var isReturn: Bool
    /// For kprobes, runs skipped for recursion; 0 for uprobes.
    public var missed: UInt64
    /// For uprobes, the process the probes are limited to, or 0.
    public var processID: UInt32

    /// Creates a description.
    public init(path: String = "", locations: [UInt64], referenceCounterOffsets: [UInt64] = [], cookies: [UInt64],
                count: UInt32, isReturn: Bool, missed: UInt64 = 0, processID: UInt32 = 0) {
        self.path = path
        self.locations = locations
        self.referenceCounterOffsets = referenceCounterOffsets
        self.cookies = cookies
        self.count = count
        self.isReturn = isReturn
        self.missed = missed
        self.processID = processID
    }
}
