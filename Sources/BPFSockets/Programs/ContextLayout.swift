/// Where a program context keeps a connection's addresses and ports: the
/// offsets of `family`, `remote_ip4`, `local_ip4`, `remote_ip6`,
/// `local_ip6`, `remote_port` and `local_port` in `struct __sk_buff`,
/// `struct sk_msg_md` and `struct bpf_sock_ops`.
///
/// In all three, `local_port` is in host byte order, while `remote_port`
/// holds the network-order port in its upper 16 bits.
struct ContextLayout: Sendable {
    let family: Int16
    let remoteIPv4: Int16
    let localIPv4: Int16
    let remoteIPv6: Int16
    let localIPv6: Int16
    let remotePort: Int16
    let localPort: Int16

    /// `struct __sk_buff`, for sk_skb programs.
    static let socketBuffer = ContextLayout(family: 88, remoteIPv4: 92, localIPv4: 96, remoteIPv6: 100,
                                            localIPv6: 116, remotePort: 132, localPort: 136)
    /// `struct sk_msg_md`, for sk_msg programs.
    static let message = ContextLayout(family: 16, remoteIPv4: 20, localIPv4: 24, remoteIPv6: 28,
                                       localIPv6: 44, remotePort: 60, localPort: 64)
    /// `struct bpf_sock_ops`, for sock_ops programs.
    static let socketOperations = ContextLayout(family: 20, remoteIPv4: 24, localIPv4: 28, remoteIPv6: 32,
                                                localIPv6: 48, remotePort: 64, localPort: 68)
}
