/// The kind of a BPF program: `enum bpf_prog_type`.
public struct ProgramType: KernelEnumeration {
    /// The kernel's number for the type.
    public var rawValue: UInt32
    /// Creates a type from its kernel number; unknown numbers are kept.
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// `BPF_PROG_TYPE_UNSPEC`.
    public static let unspecified = ProgramType(rawValue: 0)
    /// `BPF_PROG_TYPE_SOCKET_FILTER`: a classic socket filter.
    public static let socketFilter = ProgramType(rawValue: 1)
    /// `BPF_PROG_TYPE_KPROBE`: a kprobe or uprobe.
    public static let kprobe = ProgramType(rawValue: 2)
    /// `BPF_PROG_TYPE_SCHED_CLS`: a tc classifier.
    public static let schedClassifier = ProgramType(rawValue: 3)
    /// `BPF_PROG_TYPE_SCHED_ACT`: a tc action.
    public static let schedAction = ProgramType(rawValue: 4)
    /// `BPF_PROG_TYPE_TRACEPOINT`: a tracepoint.
    public static let tracepoint = ProgramType(rawValue: 5)
    /// `BPF_PROG_TYPE_XDP`: an XDP program.
    public static let xdp = ProgramType(rawValue: 6)
    /// `BPF_PROG_TYPE_PERF_EVENT`: a perf event handler.
    public static let perfEvent = ProgramType(rawValue: 7)
    /// `BPF_PROG_TYPE_CGROUP_SKB`: cgroup packet filter.
    public static let cgroupSKB = ProgramType(rawValue: 8)
    /// `BPF_PROG_TYPE_CGROUP_SOCK`: cgroup socket hooks.
    public static let cgroupSocket = ProgramType(rawValue: 9)
    /// `BPF_PROG_TYPE_LWT_IN`: lightweight tunnel input.
    public static let lwtIn = ProgramType(rawValue: 10)
    /// `BPF_PROG_TYPE_LWT_OUT`: lightweight tunnel output.
    public static let lwtOut = ProgramType(rawValue: 11)
    /// `BPF_PROG_TYPE_LWT_XMIT`: lightweight tunnel transmit.
    public static let lwtTransmit = ProgramType(rawValue: 12)
    /// `BPF_PROG_TYPE_SOCK_OPS`: TCP socket operations.
    public static let socketOps = ProgramType(rawValue: 13)
    /// `BPF_PROG_TYPE_SK_SKB`: sockmap stream parser and verdict.
    public static let socketSKB = ProgramType(rawValue: 14)
    /// `BPF_PROG_TYPE_CGROUP_DEVICE`: cgroup device access.
    public static let cgroupDevice = ProgramType(rawValue: 15)
    /// `BPF_PROG_TYPE_SK_MSG`: sockmap message verdict.
    public static let socketMessage = ProgramType(rawValue: 16)
    /// `BPF_PROG_TYPE_RAW_TRACEPOINT`: a raw tracepoint.
    public static let rawTracepoint = ProgramType(rawValue: 17)
    /// `BPF_PROG_TYPE_CGROUP_SOCK_ADDR`: cgroup bind/connect/sendmsg hooks.
    public static let cgroupSocketAddress = ProgramType(rawValue: 18)
    /// `BPF_PROG_TYPE_LWT_SEG6LOCAL`: seg6local action.
    public static let lwtSeg6Local = ProgramType(rawValue: 19)
    /// `BPF_PROG_TYPE_LIRC_MODE2`: infrared decoder.
    public static let lircMode2 = ProgramType(rawValue: 20)
    /// `BPF_PROG_TYPE_SK_REUSEPORT`: SO_REUSEPORT socket selection.
    public static let socketReuseport = ProgramType(rawValue: 21)
    /// `BPF_PROG_TYPE_FLOW_DISSECTOR`: flow dissector.
    public static let flowDissector = ProgramType(rawValue: 22)
    /// `BPF_PROG_TYPE_CGROUP_SYSCTL`: cgroup sysctl access.
    public static let cgroupSysctl = ProgramType(rawValue: 23)
    /// `BPF_PROG_TYPE_RAW_TRACEPOINT_WRITABLE`: a writable raw tracepoint.
    public static let rawTracepointWritable = ProgramType(rawValue: 24)
    /// `BPF_PROG_TYPE_CGROUP_SOCKOPT`: cgroup get/setsockopt hooks.
    public static let cgroupSocketOption = ProgramType(rawValue: 25)
    /// `BPF_PROG_TYPE_TRACING`: fentry, fexit, iterators.
    public static let tracing = ProgramType(rawValue: 26)
    /// `BPF_PROG_TYPE_STRUCT_OPS`: a struct_ops member.
    public static let structOps = ProgramType(rawValue: 27)
    /// `BPF_PROG_TYPE_EXT`: a replacement for another program's function.
    public static let extension_ = ProgramType(rawValue: 28)
    /// `BPF_PROG_TYPE_LSM`: an LSM hook.
    public static let lsm = ProgramType(rawValue: 29)
    /// `BPF_PROG_TYPE_SK_LOOKUP`: socket lookup dispatch in a network namespace.
    public static let socketLookup = ProgramType(rawValue: 30)
    /// `BPF_PROG_TYPE_SYSCALL`: a program run through bpf(2).
    public static let syscall = ProgramType(rawValue: 31)
    /// `BPF_PROG_TYPE_NETFILTER`: a netfilter hook.
    public static let netfilter = ProgramType(rawValue: 32)

    /// The bpftool names, indexed by raw value.
    public static let names = [
        "unspec", "socket_filter", "kprobe", "sched_cls", "sched_act", "tracepoint", "xdp", "perf_event",
        "cgroup_skb", "cgroup_sock", "lwt_in", "lwt_out", "lwt_xmit", "sock_ops", "sk_skb", "cgroup_device",
        "sk_msg", "raw_tracepoint", "cgroup_sock_addr", "lwt_seg6local", "lirc_mode2", "sk_reuseport",
        "flow_dissector", "cgroup_sysctl", "raw_tracepoint_writable", "cgroup_sockopt", "tracing",
        "struct_ops", "ext", "lsm", "sk_lookup", "syscall", "netfilter",
    ]
    /// Unknown types print as `program type N`.
    public static let unknownPrefix = "program type"
}
