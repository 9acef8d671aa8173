/// The kind of a BPF link: `enum bpf_link_type`.
public struct LinkType: KernelEnumeration {
    /// The kernel's number for the link type.
    public var rawValue: UInt32
    /// Creates a link type from its kernel number; unknown numbers are kept.
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// `BPF_LINK_TYPE_UNSPEC`.
    public static let unspecified = LinkType(rawValue: 0)
    /// `BPF_LINK_TYPE_RAW_TRACEPOINT`.
    public static let rawTracepoint = LinkType(rawValue: 1)
    /// `BPF_LINK_TYPE_TRACING`: fentry, fexit, LSM.
    public static let tracing = LinkType(rawValue: 2)
    /// `BPF_LINK_TYPE_CGROUP`.
    public static let cgroup = LinkType(rawValue: 3)
    /// `BPF_LINK_TYPE_ITER`.
    public static let iterator = LinkType(rawValue: 4)
    /// `BPF_LINK_TYPE_NETNS`: flow dissector and sk_lookup in a network namespace.
    public static let networkNamespace = LinkType(rawValue: 5)
    /// `BPF_LINK_TYPE_XDP`.
    public static let xdp = LinkType(rawValue: 6)
    /// `BPF_LINK_TYPE_PERF_EVENT`.
    public static let perfEvent = LinkType(rawValue: 7)
    /// `BPF_LINK_TYPE_KPROBE_MULTI`.
    public static let kprobeMulti = LinkType(rawValue: 8)
    /// `BPF_LINK_TYPE_STRUCT_OPS`.
    public static let structOps = LinkType(rawValue: 9)
    /// `BPF_LINK_TYPE_NETFILTER`.
    public static let netfilter = LinkType(rawValue: 10)
    /// `BPF_LINK_TYPE_TCX`.
    public static let tcx = LinkType(rawValue: 11)
    /// `BPF_LINK_TYPE_UPROBE_MULTI`.
    public static let uprobeMulti = LinkType(rawValue: 12)
    /// `BPF_LINK_TYPE_NETKIT`.
    public static let netkit = LinkType(rawValue: 13)
    /// `BPF_LINK_TYPE_SOCKMAP`: an sk_skb or sk_msg program on a sockmap (6.10+).
    public static let sockmap = LinkType(rawValue: 14)

    /// The bpftool names, indexed by raw value.
    public static let names = [
        "unspec", "raw_tracepoint", "tracing", "cgroup", "iter", "netns", "xdp", "perf_event",
        "kprobe_multi", "struct_ops", "netfilter", "tcx", "uprobe_multi", "netkit", "sockmap",
    ]
    /// Unknown link types print as `link type N`.
    public static let unknownPrefix = "link type"
}
