import Glibc

/// A socket's family, type and state as the kernel reports them
/// (`SO_DOMAIN`, `SO_TYPE`, `SO_PROTOCOL`, `TCP_INFO`, `getsockname`).
///
/// Sockmaps accept only some sockets; this is what an error names when the
/// kernel refuses one, so the caller sees which of the rules the socket broke.
public struct SocketDescription: Sendable, Hashable, CustomStringConvertible {
    /// The address family (`AF_INET`, `AF_INET6`, `AF_UNIX`, …).
    public var family: Int32
    /// The socket type (`SOCK_STREAM`, `SOCK_DGRAM`, …).
    public var type: Int32
    /// The protocol (`IPPROTO_TCP`, `IPPROTO_UDP`, or 0).
    public var `protocol`: Int32
    /// For TCP sockets, the connection state.
    public var tcpState: TCPState?
    /// Whether the socket has a local address (for UDP: a port).
    public var isBound: Bool
    /// Whether the socket has a peer (`getpeername` succeeds).
    public var isConnected: Bool

    /// Reads what the kernel says about `descriptor`, or nil if it is not a socket.
    public init?(descriptor: Int32) {
        guard let family = Self.option(descriptor, SOL_SOCKET, SO_DOMAIN),
              let type = Self.option(descriptor, SOL_SOCKET, SO_TYPE) else { return nil }
        self.family = family
        self.type = type
        self.protocol = Self.option(descriptor, SOL_SOCKET, SO_PROTOCOL) ?? 0
        tcpState = nil
        if (family == AF_INET || family == AF_INET6) && self.protocol == Int32(IPPROTO_TCP) {
            // tcpi_state is the first byte of struct tcp_info.
            var info = (UInt64(0), UInt64(0), UInt64(0), UInt64(0))
            var length = socklen_t(MemoryLayout.size(ofValue: info))
            if getsockopt(descriptor, Int32(IPPROTO_TCP), TCP_INFO, &info, &length) == 0 {
                tcpState = TCPState(rawValue: UInt8(truncatingIfNeeded: info.0))
            }
        }
        isBound = SocketAddress(localOf: descriptor).map { !$0.isUnspecifiedPort } ?? false
        var peer = sockaddr_storage()
        var peerLength = socklen_t(MemoryLayout<sockaddr_storage>.size)
        isConnected = withUnsafeMutablePointer(to: &peer) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { getpeername(descriptor, $0, &peerLength) == 0 }
        }
    }

    /// Whether the documented rules let this socket into a sockmap or sockhash:
    /// established or listening TCP, bound UDP, AF_UNIX stream (connected) and
    /// dgram sockets.
    public var isInsertable: Bool {
        switch (family, type) {
        case (AF_INET, Int32(SOCK_STREAM.rawValue)), (AF_INET6, Int32(SOCK_STREAM.rawValue)):
            tcpState == .established || tcpState == .listen
        case (AF_INET, Int32(SOCK_DGRAM.rawValue)), (AF_INET6, Int32(SOCK_DGRAM.rawValue)):
            isBound
        case (AF_UNIX, Int32(SOCK_STREAM.rawValue)):
            isConnected
        case (AF_UNIX, Int32(SOCK_DGRAM.rawValue)):
            true
        default:
            false
        }
    }

    /// What sockmaps and sockhashes accept, for error messages.
    public static let acceptedSockets =
        "established or listening TCP, bound UDP, and AF_UNIX stream (connected) or dgram sockets"

    /// Such as `AF_INET SOCK_STREAM socket (TCP, state SYN_SENT)`.
    public var description: String {
        var text = "\(Self.familyName(family)) \(Self.typeName(type)) socket"
        if let tcpState {
            text += " (TCP, state \(tcpState))"
        } else if type == Int32(SOCK_DGRAM.rawValue), family != AF_UNIX {
            text += isBound ? " (UDP, bound)" : " (UDP, unbound)"
        } else if family == AF_UNIX, type == Int32(SOCK_STREAM.rawValue) {
            text += isConnected ? " (connected)" : " (not connected)"
        }
        return text
    }

    private static func option(_ descriptor: Int32, _ level: Int32, _ name: Int32) -> Int32? {
        var value: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        return getsockopt(descriptor, level, name, &value, &length) == 0 ? value : nil
    }

    private static func familyName(_ family: Int32) -> String {
        switch family {
        case AF_INET: "AF_INET"
        case AF_INET6: "AF_INET6"
        case AF_UNIX: "AF_UNIX"
        case AF_NETLINK: "AF_NETLINK"
        case AF_PACKET: "AF_PACKET"
        default: "family \(family)"
        }
    }

    private static func typeName(_ type: Int32) -> String {
        switch type {
        case Int32(SOCK_STREAM.rawValue): "SOCK_STREAM"
        case Int32(SOCK_DGRAM.rawValue): "SOCK_DGRAM"
        case Int32(SOCK_RAW.rawValue): "SOCK_RAW"
        case Int32(SOCK_SEQPACKET.rawValue): "SOCK_SEQPACKET"
        default: "type \(type)"
        }
    }
}

/// A TCP connection state, as `tcpi_state` reports it.
public enum TCPState: UInt8, Sendable, Hashable, CustomStringConvertible {
    /// `TCP_ESTABLISHED`.
    case established = 1
    /// `TCP_SYN_SENT`.
    case synSent
    /// `TCP_SYN_RECV`.
    case synReceived
    /// `TCP_FIN_WAIT1`.
    case finWait1
    /// `TCP_FIN_WAIT2`.
    case finWait2
    /// `TCP_TIME_WAIT`.
    case timeWait
    /// `TCP_CLOSE`: fresh, or closed.
    case close
    /// `TCP_CLOSE_WAIT`.
    case closeWait
    /// `TCP_LAST_ACK`.
    case lastAck
    /// `TCP_LISTEN`.
    case listen
    /// `TCP_CLOSING`.
    case closing

    /// The kernel's name, such as `SYN_SENT`.
    public var description: String {
        switch self {
        case .established: "ESTABLISHED"
        case .synSent: "SYN_SENT"
        case .synReceived: "SYN_RECV"
        case .finWait1: "FIN_WAIT1"
        case .finWait2: "FIN_WAIT2"
        case .timeWait: "TIME_WAIT"
        case .close: "CLOSE (fresh or closed)"
        case .closeWait: "CLOSE_WAIT"
        case .lastAck: "LAST_ACK"
        case .listen: "LISTEN"
        case .closing: "CLOSING"
        }
    }
}
