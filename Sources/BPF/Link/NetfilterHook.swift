/// Where a netfilter link sits: protocol family, hook and priority (`netfilter` in `bpf_link_info`).
public struct NetfilterHook: Sendable, Hashable {
    /// The protocol family (`pf`): `NFPROTO_IPV4` (2) or `NFPROTO_IPV6` (10).
    public var protocolFamily: UInt32
    /// The hook (`hooknum`): 0 prerouting, 1 local in, 2 forward, 3 local out, 4 postrouting.
    public var hook: UInt32
    /// The priority among the hook's functions; lower runs first.
    public var priority: Int32
    /// `BPF_F_NETFILTER_IP_DEFRAG` (1): packets are defragmented first.
    public var flags: UInt32

    /// Creates a hook description.
    public init(protocolFamily: UInt32, hook: UInt32, priority: Int32, flags: UInt32 = 0) {
        self.protocolFamily = protocolFamily
        self.hook = hook
        self.priority = priority
        self.flags = flags
    }

    /// The family as bpftool names it (`ipv4`, `ipv6`), or its number.
    public var familyName: String {
        switch protocolFamily {
        case 2: "ipv4"
        case 10: "ipv6"
        default: "pf\(protocolFamily)"
        }
    }

    /// The hook as bpftool names it (`local_in`, …), or its number.
    public var hookName: String {
        let names = ["prerouting", "local_in", "forward", "local_out", "postrouting"]
        return Int(exactly: hook).flatMap { names.indices.contains($0) ? names[$0] : nil } ?? "hook\(hook)"
    }
}
