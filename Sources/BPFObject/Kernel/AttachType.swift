/// Where a program attaches: `enum bpf_attach_type`, also the expected attach
/// type given at load time.
public struct AttachType: KernelEnumeration {
    /// The kernel's number for the attach type.
    public var rawValue: UInt32
    /// Creates an attach type from its kernel number; unknown numbers are kept.
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// `BPF_CGROUP_INET_INGRESS`.
    public static let cgroupInetIngress = AttachType(rawValue: 0)
    /// `BPF_CGROUP_INET_EGRESS`.
    public static let cgroupInetEgress = AttachType(rawValue: 1)
    /// `BPF_CGROUP_INET_SOCK_CREATE`.
    public static let cgroupInetSocketCreate = AttachType(rawValue: 2)
    /// `BPF_CGROUP_SOCK_OPS`.
    public static let cgroupSocketOps = AttachType(rawValue: 3)
    /// `BPF_SK_SKB_STREAM_PARSER`.
    public static let socketSKBStreamParser = AttachType(rawValue: 4)
    /// `BPF_SK_SKB_STREAM_VERDICT`.
    public static let socketSKBStreamVerdict = AttachType(rawValue: 5)
    /// `BPF_CGROUP_DEVICE`.
    public static let cgroupDevice = AttachType(rawValue: 6)
    /// `BPF_SK_MSG_VERDICT`.
    public static let socketMessageVerdict = AttachType(rawValue: 7)
    /// `BPF_CGROUP_INET4_BIND`.
    public static let cgroupInet4Bind = AttachType(rawValue: 8)
    /// `BPF_CGROUP_INET6_BIND`.
    public static let cgroupInet6Bind = AttachType(rawValue: 9)
    /// `BPF_CGROUP_INET4_CONNECT`.
    public static let cgroupInet4Connect = AttachType(rawValue: 10)
    /// `BPF_CGROUP_INET6_CONNECT`.
    public static let cgroupInet6Connect = AttachType(rawValue: 11)
    /// `BPF_CGROUP_INET4_POST_BIND`.
    public static let cgroupInet4PostBind = AttachType(rawValue: 12)
    /// `BPF_CGROUP_INET6_POST_BIND`.
    public static let cgroupInet6PostBind = AttachType(rawValue: 13)
    /// `BPF_CGROUP_UDP4_SENDMSG`.
    public static let cgroupUDP4SendMessage = AttachType(rawValue: 14)
    /// `BPF_CGROUP_UDP6_SENDMSG`.
    public static let cgroupUDP6SendMessage = AttachType(rawValue: 15)
    /// `BPF_LIRC_MODE2`.
    public static let lircMode2 = AttachType(rawValue: 16)
    /// `BPF_FLOW_DISSECTOR`.
    public static let flowDissector = AttachType(rawValue: 17)
    /// `BPF_CGROUP_SYSCTL`.
    public static let cgroupSysctl = AttachType(rawValue: 18)
    /// `BPF_CGROUP_UDP4_RECVMSG`.
    public static let cgroupUDP4ReceiveMessage = AttachType(rawValue: 19)
    /// `BPF_CGROUP_UDP6_RECVMSG`.
    public static let cgroupUDP6ReceiveMessage = AttachType(rawValue: 20)
    /// `BPF_CGROUP_GETSOCKOPT`.
    public static let cgroupGetSocketOption = AttachType(rawValue: 21)
    /// `BPF_CGROUP_SETSOCKOPT`.
    public static let cgroupSetSocketOption = AttachType(rawValue: 22)
    /// `BPF_TRACE_RAW_TP`.
    public static let traceRawTP = AttachType(rawValue: 23)
    /// `BPF_TRACE_FENTRY`.
    public static let traceFentry = AttachType(rawValue: 24)
    /// `BPF_TRACE_FEXIT`.
    public static let traceFexit = AttachType(rawValue: 25)
    /// `BPF_MODIFY_RETURN`.
    public static let modifyReturn = AttachType(rawValue: 26)
    /// `BPF_LSM_MAC`.
    public static let lsmMac = AttachType(rawValue: 27)
    /// `BPF_TRACE_ITER`.
    public static let traceIter = AttachType(rawValue: 28)
    /// `BPF_CGROUP_INET4_GETPEERNAME`.
    public static let cgroupInet4GetPeerName = AttachType(rawValue: 29)
    /// `BPF_CGROUP_INET6_GETPEERNAME`.
    public static let cgroupInet6GetPeerName = AttachType(rawValue: 30)
    /// `BPF_CGROUP_INET4_GETSOCKNAME`.
    public static let cgroupInet4GetSocketName = AttachType(rawValue: 31)
    /// `BPF_CGROUP_INET6_GETSOCKNAME`.
    public static let cgroupInet6GetSocketName = AttachType(rawValue: 32)
    /// `BPF_XDP_DEVMAP`.
    public static let xdpDevmap = AttachType(rawValue: 33)
    /// `BPF_CGROUP_INET_SOCK_RELEASE`.
    public static let cgroupInetSocketRelease = AttachType(rawValue: 34)
    /// `BPF_XDP_CPUMAP`.
    public static let xdpCpumap = AttachType(rawValue: 35)
    /// `BPF_SK_LOOKUP`.
    public static let socketLookup = AttachType(rawValue: 36)
    /// `BPF_XDP`.
    public static let xdp = AttachType(rawValue: 37)
    /// `BPF_SK_SKB_VERDICT`.
    public static let socketSKBVerdict = AttachType(rawValue: 38)
    /// `BPF_SK_REUSEPORT_SELECT`.
    public static let socketReuseportSelect = AttachType(rawValue: 39)
    /// `BPF_SK_REUSEPORT_SELECT_OR_MIGRATE`.
    public static let socketReuseportSelectOrMigrate = AttachType(rawValue: 40)
    /// `BPF_PERF_EVENT`.
    public static let perfEvent = AttachType(rawValue: 41)
    /// `BPF_TRACE_KPROBE_MULTI`.
    public static let traceKprobeMulti = AttachType(rawValue: 42)
    /// `BPF_LSM_CGROUP`.
    public static let lsmCgroup = AttachType(rawValue: 43)
    /// `BPF_STRUCT_OPS`.
    public static let structOps = AttachType(rawValue: 44)
    /// `BPF_NETFILTER`.
    public static let netfilter = AttachType(rawValue: 45)
    /// `BPF_TCX_INGRESS`.
    public static let tcxIngress = AttachType(rawValue: 46)
    /// `BPF_TCX_EGRESS`.
    public static let tcxEgress = AttachType(rawValue: 47)
    /// `BPF_TRACE_UPROBE_MULTI`.
    public static let traceUprobeMulti = AttachType(rawValue: 48)
    /// `BPF_CGROUP_UNIX_CONNECT`.
    public static let cgroupUnixConnect = AttachType(rawValue: 49)
    /// `BPF_CGROUP_UNIX_SENDMSG`.
    public static let cgroupUnixSendMessage = AttachType(rawValue: 50)
    /// `BPF_CGROUP_UNIX_RECVMSG`.
    public static let cgroupUnixReceiveMessage = AttachType(rawValue: 51)
    /// `BPF_CGROUP_UNIX_GETPEERNAME`.
    public static let cgroupUnixGetPeerName = AttachType(rawValue: 52)
    /// `BPF_CGROUP_UNIX_GETSOCKNAME`.
    public static let cgroupUnixGetSocketName = AttachType(rawValue: 53)
    /// `BPF_NETKIT_PRIMARY`.
    public static let netkitPrimary = AttachType(rawValue: 54)
    /// `BPF_NETKIT_PEER`.
    public static let netkitPeer = AttachType(rawValue: 55)
    /// `BPF_TRACE_KPROBE_SESSION`.
    public static let traceKprobeSession = AttachType(rawValue: 56)
    /// `BPF_TRACE_UPROBE_SESSION`.
    public static let traceUprobeSession = AttachType(rawValue: 57)

    /// The bpftool names, indexed by raw value.
    public static let names = [
        "cgroup_inet_ingress", "cgroup_inet_egress", "cgroup_inet_sock_create", "cgroup_sock_ops",
        "sk_skb_stream_parser", "sk_skb_stream_verdict", "cgroup_device", "sk_msg_verdict",
        "cgroup_inet4_bind", "cgroup_inet6_bind", "cgroup_inet4_connect", "cgroup_inet6_connect",
        "cgroup_inet4_post_bind", "cgroup_inet6_post_bind", "cgroup_udp4_sendmsg", "cgroup_udp6_sendmsg",
        "lirc_mode2", "flow_dissector", "cgroup_sysctl", "cgroup_udp4_recvmsg", "cgroup_udp6_recvmsg",
        "cgroup_getsockopt", "cgroup_setsockopt", "trace_raw_tp", "trace_fentry", "trace_fexit",
        "modify_return", "lsm_mac", "trace_iter", "cgroup_inet4_getpeername", "cgroup_inet6_getpeername",
        "cgroup_inet4_getsockname", "cgroup_inet6_getsockname", "xdp_devmap", "cgroup_inet_sock_release",
        "xdp_cpumap", "sk_lookup", "xdp", "sk_skb_verdict", "sk_reuseport_select",
        "sk_reuseport_select_or_migrate", "perf_event", "trace_kprobe_multi", "lsm_cgroup", "struct_ops",
        "netfilter", "tcx_ingress", "tcx_egress", "trace_uprobe_multi", "cgroup_unix_connect",
        "cgroup_unix_sendmsg", "cgroup_unix_recvmsg", "cgroup_unix_getpeername", "cgroup_unix_getsockname",
        "netkit_primary", "netkit_peer", "trace_kprobe_session", "trace_uprobe_session",
    ]
    /// Unknown attach types print as `attach type N`.
    public static let unknownPrefix = "attach type"
}
