/// What an ELF section name says about the programs in it: the program type,
/// the attach type the kernel verifies them for, load flags, and whether the
/// rest of the name names a kernel BTF attach target.
///
/// The names follow current libbpf's conventions (its `section_defs` table),
/// including names libbpf 1.1 lacks such as `sk_skb/verdict`.
public struct ProgramSection: Hashable, Sendable {
    /// The program type.
    public var type: ProgramType
    /// The expected attach type given to BPF_PROG_LOAD (raw 0 when the section implies none).
    public var expectedAttachType: AttachType
    /// Load flags the section implies (`BPF_F_SLEEPABLE`, `BPF_F_XDP_HAS_FRAGS`).
    public var flags: ProgramFlags
    /// Whether the part after the first `/` names a kernel function or type
    /// whose BTF id the program is loaded against (fentry, tp_btf, lsm, iter…).
    public var attachesByBTF: Bool
    /// The text after the section's prefix and `/`, such as `do_unlinkat` in
    /// `fentry/do_unlinkat`; nil when the name has no such part.
    public var attachTarget: String?

    /// The section `name` (without a leading `?`) classified, or nil when no
    /// known name matches.
    public static func classify(_ name: String) -> ProgramSection? {
        // No two patterns match one name, so a lookup by the whole name, then
        // by the part before the first `/`, finds the one libbpf's ordered scan finds.
        if let rule = exactRules[name] {
            return ProgramSection(type: rule.type, expectedAttachType: rule.attachType, flags: rule.flags,
                                  attachesByBTF: rule.attachesByBTF, attachTarget: nil)
        }
        guard let slash = name.firstIndex(of: "/"), let rule = slashRules[String(name[..<slash])] else { return nil }
        let target = name[name.index(after: slash)...]
        return ProgramSection(type: rule.type, expectedAttachType: rule.attachType, flags: rule.flags,
                              attachesByBTF: rule.attachesByBTF, attachTarget: target.isEmpty ? nil : String(target))
    }

    /// The rules by the whole name they match.
    private static let exactRules = Dictionary(rules.map { ($0.pattern, $0) }, uniquingKeysWith: { first, _ in first })
    /// The rules a name can also start with, followed by `/`.
    private static let slashRules = Dictionary(
        rules.filter { $0.form == .exactOrSlash }.map { ($0.pattern, $0) }, uniquingKeysWith: { first, _ in first })

    /// One entry of the table: a name pattern and what it implies.
    private struct Rule {
        /// How the pattern matches.
        enum Form {
            /// The name must equal the pattern.
            case exact
            /// The name must equal the pattern or continue with `/`.
            case exactOrSlash
        }

        let pattern: String
        let form: Form
        let type: ProgramType
        let attachType: AttachType
        var flags: ProgramFlags = []
        var attachesByBTF = false
    }

    private static let none = AttachType(rawValue: 0)

    /// First match wins, so longer names come before their prefixes.
    private static let rules: [Rule] = [
        Rule(pattern: "socket", form: .exact, type: .socketFilter, attachType: none),
        Rule(pattern: "sk_reuseport/migrate", form: .exact, type: .socketReuseport,
             attachType: .socketReuseportSelectOrMigrate),
        Rule(pattern: "sk_reuseport", form: .exact, type: .socketReuseport, attachType: .socketReuseportSelect),
        Rule(pattern: "kprobe", form: .exactOrSlash, type: .kprobe, attachType: none),
        Rule(pattern: "uprobe", form: .exactOrSlash, type: .kprobe, attachType: none),
        Rule(pattern: "uprobe.s", form: .exactOrSlash, type: .kprobe, attachType: none, flags: .sleepable),
        Rule(pattern: "kretprobe", form: .exactOrSlash, type: .kprobe, attachType: none),
        Rule(pattern: "uretprobe", form: .exactOrSlash, type: .kprobe, attachType: none),
        Rule(pattern: "uretprobe.s", form: .exactOrSlash, type: .kprobe, attachType: none, flags: .sleepable),
        Rule(pattern: "kprobe.multi", form: .exactOrSlash, type: .kprobe, attachType: .traceKprobeMulti),
        Rule(pattern: "kretprobe.multi", form: .exactOrSlash, type: .kprobe, attachType: .traceKprobeMulti),
        Rule(pattern: "kprobe.session", form: .exactOrSlash, type: .kprobe, attachType: .traceKprobeSession),
        Rule(pattern: "uprobe.multi", form: .exactOrSlash, type: .kprobe, attachType: .traceUprobeMulti),
        Rule(pattern: "uretprobe.multi", form: .exactOrSlash, type: .kprobe, attachType: .traceUprobeMulti),
        Rule(pattern: "uprobe.multi.s", form: .exactOrSlash, type: .kprobe, attachType: .traceUprobeMulti,
             flags: .sleepable),
        Rule(pattern: "uretprobe.multi.s", form: .exactOrSlash, type: .kprobe, attachType: .traceUprobeMulti,
             flags: .sleepable),
        Rule(pattern: "uprobe.session", form: .exactOrSlash, type: .kprobe, attachType: .traceUprobeSession),
        Rule(pattern: "ksyscall", form: .exactOrSlash, type: .kprobe, attachType: none),
        Rule(pattern: "kretsyscall", form: .exactOrSlash, type: .kprobe, attachType: none),
        Rule(pattern: "usdt", form: .exactOrSlash, type: .kprobe, attachType: none),
        Rule(pattern: "usdt.s", form: .exactOrSlash, type: .kprobe, attachType: none, flags: .sleepable),
        Rule(pattern: "tc/ingress", form: .exact, type: .schedClassifier, attachType: .tcxIngress),
        Rule(pattern: "tc/egress", form: .exact, type: .schedClassifier, attachType: .tcxEgress),
        Rule(pattern: "tcx/ingress", form: .exact, type: .schedClassifier, attachType: .tcxIngress),
        Rule(pattern: "tcx/egress", form: .exact, type: .schedClassifier, attachType: .tcxEgress),
        Rule(pattern: "tc", form: .exact, type: .schedClassifier, attachType: none),
        Rule(pattern: "classifier", form: .exact, type: .schedClassifier, attachType: none),
        Rule(pattern: "action", form: .exact, type: .schedAction, attachType: none),
        Rule(pattern: "netkit/primary", form: .exact, type: .schedClassifier, attachType: .netkitPrimary),
        Rule(pattern: "netkit/peer", form: .exact, type: .schedClassifier, attachType: .netkitPeer),
        Rule(pattern: "tracepoint", form: .exactOrSlash, type: .tracepoint, attachType: none),
        Rule(pattern: "tp", form: .exactOrSlash, type: .tracepoint, attachType: none),
        Rule(pattern: "raw_tracepoint", form: .exactOrSlash, type: .rawTracepoint, attachType: none),
        Rule(pattern: "raw_tp", form: .exactOrSlash, type: .rawTracepoint, attachType: none),
        Rule(pattern: "raw_tracepoint.w", form: .exactOrSlash, type: .rawTracepointWritable, attachType: none),
        Rule(pattern: "raw_tp.w", form: .exactOrSlash, type: .rawTracepointWritable, attachType: none),
        Rule(pattern: "tp_btf", form: .exactOrSlash, type: .tracing, attachType: .traceRawTP, attachesByBTF: true),
        Rule(pattern: "fentry", form: .exactOrSlash, type: .tracing, attachType: .traceFentry, attachesByBTF: true),
        Rule(pattern: "fmod_ret", form: .exactOrSlash, type: .tracing, attachType: .modifyReturn,
             attachesByBTF: true),
        Rule(pattern: "fexit", form: .exactOrSlash, type: .tracing, attachType: .traceFexit, attachesByBTF: true),
        Rule(pattern: "fentry.s", form: .exactOrSlash, type: .tracing, attachType: .traceFentry, flags: .sleepable,
             attachesByBTF: true),
        Rule(pattern: "fmod_ret.s", form: .exactOrSlash, type: .tracing, attachType: .modifyReturn,
             flags: .sleepable, attachesByBTF: true),
        Rule(pattern: "fexit.s", form: .exactOrSlash, type: .tracing, attachType: .traceFexit, flags: .sleepable,
             attachesByBTF: true),
        Rule(pattern: "freplace", form: .exactOrSlash, type: .extension_, attachType: none, attachesByBTF: true),
        Rule(pattern: "lsm", form: .exactOrSlash, type: .lsm, attachType: .lsmMac, attachesByBTF: true),
        Rule(pattern: "lsm.s", form: .exactOrSlash, type: .lsm, attachType: .lsmMac, flags: .sleepable,
             attachesByBTF: true),
        Rule(pattern: "lsm_cgroup", form: .exactOrSlash, type: .lsm, attachType: .lsmCgroup, attachesByBTF: true),
        Rule(pattern: "iter", form: .exactOrSlash, type: .tracing, attachType: .traceIter, attachesByBTF: true),
        Rule(pattern: "iter.s", form: .exactOrSlash, type: .tracing, attachType: .traceIter, flags: .sleepable,
             attachesByBTF: true),
        Rule(pattern: "syscall", form: .exact, type: .syscall, attachType: none, flags: .sleepable),
        Rule(pattern: "xdp.frags/devmap", form: .exact, type: .xdp, attachType: .xdpDevmap, flags: .xdpHasFragments),
        Rule(pattern: "xdp/devmap", form: .exact, type: .xdp, attachType: .xdpDevmap),
        Rule(pattern: "xdp.frags/cpumap", form: .exact, type: .xdp, attachType: .xdpCpumap, flags: .xdpHasFragments),
        Rule(pattern: "xdp/cpumap", form: .exact, type: .xdp, attachType: .xdpCpumap),
        Rule(pattern: "xdp.frags", form: .exact, type: .xdp, attachType: .xdp, flags: .xdpHasFragments),
        Rule(pattern: "xdp", form: .exact, type: .xdp, attachType: .xdp),
        Rule(pattern: "perf_event", form: .exact, type: .perfEvent, attachType: none),
        Rule(pattern: "lwt_in", form: .exact, type: .lwtIn, attachType: none),
        Rule(pattern: "lwt_out", form: .exact, type: .lwtOut, attachType: none),
        Rule(pattern: "lwt_xmit", form: .exact, type: .lwtTransmit, attachType: none),
        Rule(pattern: "lwt_seg6local", form: .exact, type: .lwtSeg6Local, attachType: none),
        Rule(pattern: "sockops", form: .exact, type: .socketOps, attachType: .cgroupSocketOps),
        Rule(pattern: "sk_skb/stream_parser", form: .exact, type: .socketSKB, attachType: .socketSKBStreamParser),
        Rule(pattern: "sk_skb/stream_verdict", form: .exact, type: .socketSKB, attachType: .socketSKBStreamVerdict),
        Rule(pattern: "sk_skb/verdict", form: .exact, type: .socketSKB, attachType: .socketSKBVerdict),
        Rule(pattern: "sk_skb", form: .exact, type: .socketSKB, attachType: none),
        Rule(pattern: "sk_msg", form: .exact, type: .socketMessage, attachType: .socketMessageVerdict),
        Rule(pattern: "lirc_mode2", form: .exact, type: .lircMode2, attachType: .lircMode2),
        Rule(pattern: "flow_dissector", form: .exact, type: .flowDissector, attachType: .flowDissector),
        Rule(pattern: "cgroup_skb/ingress", form: .exact, type: .cgroupSKB, attachType: .cgroupInetIngress),
        Rule(pattern: "cgroup_skb/egress", form: .exact, type: .cgroupSKB, attachType: .cgroupInetEgress),
        Rule(pattern: "cgroup/skb", form: .exact, type: .cgroupSKB, attachType: none),
        Rule(pattern: "cgroup/sock_create", form: .exact, type: .cgroupSocket, attachType: .cgroupInetSocketCreate),
        Rule(pattern: "cgroup/sock_release", form: .exact, type: .cgroupSocket,
             attachType: .cgroupInetSocketRelease),
        Rule(pattern: "cgroup/sock", form: .exact, type: .cgroupSocket, attachType: .cgroupInetSocketCreate),
        Rule(pattern: "cgroup/post_bind4", form: .exact, type: .cgroupSocket, attachType: .cgroupInet4PostBind),
        Rule(pattern: "cgroup/post_bind6", form: .exact, type: .cgroupSocket, attachType: .cgroupInet6PostBind),
        Rule(pattern: "cgroup/bind4", form: .exact, type: .cgroupSocketAddress, attachType: .cgroupInet4Bind),
        Rule(pattern: "cgroup/bind6", form: .exact, type: .cgroupSocketAddress, attachType: .cgroupInet6Bind),
        Rule(pattern: "cgroup/connect4", form: .exact, type: .cgroupSocketAddress, attachType: .cgroupInet4Connect),
        Rule(pattern: "cgroup/connect6", form: .exact, type: .cgroupSocketAddress, attachType: .cgroupInet6Connect),
        Rule(pattern: "cgroup/connect_unix", form: .exact, type: .cgroupSocketAddress,
             attachType: .cgroupUnixConnect),
        Rule(pattern: "cgroup/sendmsg4", form: .exact, type: .cgroupSocketAddress,
             attachType: .cgroupUDP4SendMessage),
        Rule(pattern: "cgroup/sendmsg6", form: .exact, type: .cgroupSocketAddress,
             attachType: .cgroupUDP6SendMessage),
        Rule(pattern: "cgroup/sendmsg_unix", form: .exact, type: .cgroupSocketAddress,
             attachType: .cgroupUnixSendMessage),
        Rule(pattern: "cgroup/recvmsg4", form: .exact, type: .cgroupSocketAddress,
             attachType: .cgroupUDP4ReceiveMessage),
        Rule(pattern: "cgroup/recvmsg6", form: .exact, type: .cgroupSocketAddress,
             attachType: .cgroupUDP6ReceiveMessage),
        Rule(pattern: "cgroup/recvmsg_unix", form: .exact, type: .cgroupSocketAddress,
             attachType: .cgroupUnixReceiveMessage),
        Rule(pattern: "cgroup/getpeername4", form: .exact, type: .cgroupSocketAddress,
             attachType: .cgroupInet4GetPeerName),
        Rule(pattern: "cgroup/getpeername6", form: .exact, type: .cgroupSocketAddress,
             attachType: .cgroupInet6GetPeerName),
        Rule(pattern: "cgroup/getpeername_unix", form: .exact, type: .cgroupSocketAddress,
             attachType: .cgroupUnixGetPeerName),
        Rule(pattern: "cgroup/getsockname4", form: .exact, type: .cgroupSocketAddress,
             attachType: .cgroupInet4GetSocketName),
        Rule(pattern: "cgroup/getsockname6", form: .exact, type: .cgroupSocketAddress,
             attachType: .cgroupInet6GetSocketName),
        Rule(pattern: "cgroup/getsockname_unix", form: .exact, type: .cgroupSocketAddress,
             attachType: .cgroupUnixGetSocketName),
        Rule(pattern: "cgroup/sysctl", form: .exact, type: .cgroupSysctl, attachType: .cgroupSysctl),
        Rule(pattern: "cgroup/getsockopt", form: .exact, type: .cgroupSocketOption,
             attachType: .cgroupGetSocketOption),
        Rule(pattern: "cgroup/setsockopt", form: .exact, type: .cgroupSocketOption,
             attachType: .cgroupSetSocketOption),
        Rule(pattern: "cgroup/dev", form: .exact, type: .cgroupDevice, attachType: .cgroupDevice),
        Rule(pattern: "struct_ops", form: .exactOrSlash, type: .structOps, attachType: none),
        Rule(pattern: "struct_ops.s", form: .exactOrSlash, type: .structOps, attachType: none, flags: .sleepable),
        Rule(pattern: "sk_lookup", form: .exact, type: .socketLookup, attachType: .socketLookup),
        Rule(pattern: "netfilter", form: .exact, type: .netfilter, attachType: .netfilter),
    ]
}
