/// What a program attaches or links to.
public enum AttachTarget: Sendable {
    /// A sockmap or sockhash, for sk_skb and sk_msg programs.
    case map(Map)
    /// A descriptor the caller owns and keeps open during the call: a cgroup
    /// directory, a network namespace (`/proc/self/ns/net`), and so on.
    case descriptor(Int32)
    /// A network interface by index, for XDP and tcx.
    case interface(index: UInt32)

    /// Runs `body` with the number bpf(2) takes as `target_fd`/`target_ifindex`.
    func withRawValue<Result>(_ body: (UInt32) throws(BPFError) -> Result) throws(BPFError) -> Result {
        switch self {
        case .map(let map): try OwnedDescriptor.borrowing(map.descriptor, body)
        case .descriptor(let fd): try body(UInt32(bitPattern: fd))
        case .interface(let index): try body(index)
        }
    }

    /// A name for error messages.
    var displayName: String {
        switch self {
        case .map(let map): map.displayName
        case .descriptor(let fd): "descriptor \(fd)"
        case .interface(let index): "interface \(index)"
        }
    }
}
