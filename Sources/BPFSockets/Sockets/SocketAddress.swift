import Glibc

/// An IP address and port: what `bind`, `connect`, `getsockname` and
/// `getpeername` exchange as `sockaddr_in` or `sockaddr_in6`.
public struct SocketAddress: Hashable, Sendable, CustomStringConvertible {
    /// The address.
    public var address: IPAddress
    /// The port, in host byte order.
    public var port: UInt16

    /// Creates an address.
    public init(_ address: IPAddress, port: UInt16) {
        self.address = address
        self.port = port
    }

    /// Parses `ADDR:PORT`, with IPv6 addresses in brackets: `[::1]:8080`.
    public init?(_ text: String) {
        guard let colon = text.lastIndex(of: ":"), let port = UInt16(text[text.index(after: colon)...]) else {
            return nil
        }
        var host = text[..<colon]
        if host.hasPrefix("["), host.hasSuffix("]") { host = host.dropFirst().dropLast() }
        guard let address = IPAddress(String(host)) else { return nil }
        self.init(address, port: port)
    }

    /// The local address of the socket `descriptor`, or nil if it has none of
    /// the IP families.
    public init?(localOf descriptor: Int32) {
        self.init(descriptor, reading: getsockname)
    }

    /// The peer address of the connected socket `descriptor`.
    public init?(peerOf descriptor: Int32) {
        self.init(descriptor, reading: getpeername)
    }

    private init?(_ descriptor: Int32,
                  reading call: (Int32, UnsafeMutablePointer<sockaddr>, UnsafeMutablePointer<socklen_t>) -> Int32) {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let read = withUnsafeMutablePointer(to: &storage) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { call(descriptor, $0, &length) }
        }
        guard read == 0 else { return nil }
        switch Int32(storage.ss_family) {
        case AF_INET:
            let v4 = withUnsafeBytes(of: storage) { $0.loadUnaligned(as: sockaddr_in.self) }
            self.init(.v4(v4.sin_addr.s_addr), port: UInt16(bigEndian: v4.sin_port))
        case AF_INET6:
            let v6 = withUnsafeBytes(of: storage) { $0.loadUnaligned(as: sockaddr_in6.self) }
            let words = withUnsafeBytes(of: v6.sin6_addr) { $0.loadUnaligned(as: (UInt32, UInt32, UInt32, UInt32).self) }
            self.init(.v6(words.0, words.1, words.2, words.3), port: UInt16(bigEndian: v6.sin6_port))
        default:
            return nil
        }
    }

    /// Whether the port is 0: the socket is not bound to a port.
    var isUnspecifiedPort: Bool { port == 0 }

    /// Runs `body` with this address as a `sockaddr` and its length.
    func withSocketAddress<Result>(_ body: (UnsafePointer<sockaddr>, socklen_t) -> Result) -> Result {
        switch address {
        case let .v4(word):
            var v4 = sockaddr_in()
            v4.sin_family = sa_family_t(AF_INET)
            v4.sin_port = port.bigEndian
            v4.sin_addr.s_addr = word
            return withUnsafePointer(to: &v4) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
        case .v6:
            var v6 = sockaddr_in6()
            v6.sin6_family = sa_family_t(AF_INET6)
            v6.sin6_port = port.bigEndian
            var words = address.words
            withUnsafeMutableBytes(of: &v6.sin6_addr) { target in
                withUnsafeBytes(of: &words) { target.copyMemory(from: $0) }
            }
            return withUnsafePointer(to: &v6) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, socklen_t(MemoryLayout<sockaddr_in6>.size)) }
            }
        }
    }

    /// `ADDR:PORT`, with IPv6 addresses in brackets.
    public var description: String {
        switch address {
        case .v4: "\(address):\(port)"
        case .v6: "[\(address)]:\(port)"
        }
    }
}
