/// `union bpf_attr` for BPF_LINK_CREATE of a netfilter link (`link_create`
/// with its `netfilter` variant, 6.4+): the hook takes the words other link
/// types use for BTF ids, relatives and cookies.
package struct NetfilterLinkCreateAttributes: Sendable {
    package var programFD: UInt32 = 0
    /// Unused by netfilter links; must be 0.
    package var targetFD: UInt32 = 0
    package var attachType: UInt32 = 0
    package var flags: UInt32 = 0
    /// `netfilter.pf`.
    package var protocolFamily: UInt32 = 0
    /// `netfilter.hooknum`.
    package var hook: UInt32 = 0
    /// `netfilter.priority`.
    package var priority: Int32 = 0
    /// `netfilter.flags`, such as `BPF_F_NETFILTER_IP_DEFRAG`.
    package var netfilterFlags: UInt32 = 0

    package init() {}
}
