import Glibc

/// Real sockets to put into sockmaps.
enum Sockets {
    /// A TCP socket listening on an ephemeral loopback port.
    static func listeningTCP() -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        precondition(fd >= 0, "socket failed: \(errno)")
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = UInt32(0x7f00_0001).bigEndian
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        precondition(bound == 0 && listen(fd, 8) == 0, "bind/listen failed: \(errno)")
        return fd
    }

    /// The socket's cookie (SO_COOKIE), which sockmap lookups return.
    static func cookie(_ fd: Int32) -> UInt64 {
        var cookie: UInt64 = 0
        var length = socklen_t(MemoryLayout<UInt64>.size)
        precondition(getsockopt(fd, SOL_SOCKET, 57 /* SO_COOKIE */, &cookie, &length) == 0)
        return cookie
    }
}
