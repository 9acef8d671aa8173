import Glibc

/// An IPv4 or IPv6 address, kept as the 32-bit words the kernel stores (and
/// BPF programs read): network byte order in memory.
public enum IPAddress: Hashable, Sendable, CustomStringConvertible {
    /// An IPv4 address: `in_addr.s_addr`.
    case v4(UInt32)
    /// An IPv6 address: the four words of `in6_addr`, in memory order.
    case v6(UInt32, UInt32, UInt32, UInt32)

    /// `127.0.0.1`.
    public static let loopbackV4 = IPAddress("127.0.0.1") ?? .v4(0)
    /// `::1`.
    public static let loopbackV6 = IPAddress("::1") ?? .v6(0, 0, 0, 0)

    /// Parses dotted-quad IPv4 or colon-separated IPv6 text.
    public init?(_ text: String) {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            self = .v4(v4.s_addr)
            return
        }
        var v6 = (UInt32(0), UInt32(0), UInt32(0), UInt32(0))
        guard inet_pton(AF_INET6, text, &v6) == 1 else { return nil }
        self = .v6(v6.0, v6.1, v6.2, v6.3)
    }

    /// `AF_INET` or `AF_INET6`.
    public var family: Int32 {
        switch self {
        case .v4: AF_INET
        case .v6: AF_INET6
        }
    }

    /// The address as four words; an IPv4 address fills the first.
    public var words: (UInt32, UInt32, UInt32, UInt32) {
        switch self {
        case let .v4(word): (word, 0, 0, 0)
        case let .v6(a, b, c, d): (a, b, c, d)
        }
    }

    /// The address as `inet_ntop` prints it.
    public var description: String {
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        var raw = words
        let family = family
        let printed = withUnsafeBytes(of: &raw) { bytes in
            buffer.withUnsafeMutableBufferPointer { out in
                inet_ntop(family, bytes.baseAddress, out.baseAddress, socklen_t(out.count)) != nil
            }
        }
        guard printed else { return "invalid address" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
