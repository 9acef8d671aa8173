import BPF
import Glibc

/// The socket system calls the proxy, the dispatcher, the demo and the tests
/// share, each failure turned into a ``BPFError`` naming the call.
/// Descriptors are close-on-exec and belong to the caller.
public enum SocketCalls {
    /// A listening TCP socket bound to `address` (port 0 picks one).
    ///
    /// - Parameter bufferSize: if given, the send and receive buffer sizes of
    ///   the connections it accepts (forced past the sysctl limits where the
    ///   caller has CAP_NET_ADMIN).
    public static func listen(at address: SocketAddress, backlog: Int32 = 512,
                              bufferSize: Int32? = nil) throws(BPFError) -> Int32 {
        let fd = try socket(address.address.family, SOCK_STREAM)
        if let bufferSize { setBuffers(fd, bufferSize) }
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        try check(fd, address.withSocketAddress { Glibc.bind(fd, $0, $1) }, "bind to \(address)")
        try check(fd, Glibc.listen(fd, backlog), "listen on \(address)")
        return fd
    }

    /// A TCP socket connected to `address`, with Nagle's delay off.
    ///
    /// - Parameter bufferSize: if given, the send and receive buffer sizes,
    ///   set before the handshake so the window scale fits them.
    public static func connect(to address: SocketAddress, bufferSize: Int32? = nil) throws(BPFError) -> Int32 {
        let fd = try socket(address.address.family, SOCK_STREAM)
        if let bufferSize { setBuffers(fd, bufferSize) }
        let result = address.withSocketAddress { pointer, length in
            var result: Int32
            repeat { result = Glibc.connect(fd, pointer, length) } while result < 0 && errno == EINTR
            return result
        }
        try check(fd, result, "connect to \(address)")
        noDelay(fd)
        return fd
    }

    /// The next connection on `listener`, with Nagle's delay off; nil when the
    /// listener was shut down.
    public static func accept(_ listener: Int32) throws(BPFError) -> Int32? {
        while true {
            let fd = Glibc.accept(listener, nil, nil)
            if fd >= 0 {
                _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
                noDelay(fd)
                return fd
            }
            switch errno {
            case EINTR, ECONNABORTED: continue
            case EINVAL, EBADF: return nil
            default: throw BPFError(.system("accept"), errno: Errno(rawValue: errno), context: "accept a connection")
            }
        }
    }

    /// Sends every byte of `bytes`; false if the connection failed first.
    public static func sendAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Bool {
        var sent = 0
        while sent < bytes.count {
            let result = send(fd, bytes.baseAddress.map { $0 + sent }, bytes.count - sent, Int32(MSG_NOSIGNAL))
            if result < 0 && errno == EINTR { continue }
            guard result > 0 else { return false }
            sent += result
        }
        return true
    }

    /// Makes TCP signal data-ready on `fd` (by setting `SO_RCVLOWAT` to 1),
    /// so that bytes queued before the socket entered a map with a verdict
    /// program go through the verdict now instead of waiting for more bytes.
    public static func signalDataReady(_ fd: Int32) {
        var lowWater: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_RCVLOWAT, &lowWater, socklen_t(MemoryLayout<Int32>.size))
    }

    /// A UDP socket bound to `address`.
    public static func udp(boundTo address: SocketAddress) throws(BPFError) -> Int32 {
        let fd = try socket(address.address.family, SOCK_DGRAM)
        try check(fd, address.withSocketAddress { Glibc.bind(fd, $0, $1) }, "bind UDP to \(address)")
        return fd
    }

    /// The kernel's cookie for the socket (`SO_COOKIE`): what a sockmap lookup returns.
    public static func cookie(of descriptor: Int32) throws(BPFError) -> UInt64 {
        var cookie: UInt64 = 0
        var length = socklen_t(MemoryLayout<UInt64>.size)
        guard getsockopt(descriptor, SOL_SOCKET, SO_COOKIE, &cookie, &length) == 0 else {
            throw BPFError(.system("getsockopt(SO_COOKIE)"), errno: Errno(rawValue: errno),
                           context: "read the cookie of socket \(descriptor)")
        }
        return cookie
    }

    private static func socket(_ family: Int32, _ type: __socket_type) throws(BPFError) -> Int32 {
        let fd = Glibc.socket(family, Int32(type.rawValue | SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else {
            throw BPFError(.system("socket"), errno: Errno(rawValue: errno), context: "create a socket")
        }
        return fd
    }

    private static func setBuffers(_ fd: Int32, _ size: Int32) {
        var size = size
        let length = socklen_t(MemoryLayout<Int32>.size)
        for (forced, plain) in [(SO_SNDBUFFORCE, SO_SNDBUF), (SO_RCVBUFFORCE, SO_RCVBUF)]
        where setsockopt(fd, SOL_SOCKET, forced, &size, length) != 0 {
            setsockopt(fd, SOL_SOCKET, plain, &size, length)
        }
    }

    private static func noDelay(_ fd: Int32) {
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
    }

    /// Closes `fd` and throws if `result` says the call failed.
    private static func check(_ fd: Int32, _ result: Int32, _ what: String) throws(BPFError) {
        guard result < 0 else { return }
        let failure = Errno(rawValue: errno)
        Glibc.close(fd)
        throw BPFError(.system(what.split(separator: " ").first.map(String.init) ?? what), errno: failure, context: what)
    }
}
