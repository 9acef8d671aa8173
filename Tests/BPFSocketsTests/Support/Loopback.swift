@testable import BPFSockets
import Glibc
import Testing

/// Real sockets on loopback, closed when the value goes away.
final class Sockets: @unchecked Sendable {
    private(set) var descriptors: [Int32] = []

    deinit { descriptors.forEach { close($0) } }

    /// Keeps `fd` to close later.
    @discardableResult
    func own(_ fd: Int32) -> Int32 {
        descriptors.append(fd)
        return fd
    }

    /// Closes `fd` now instead of later.
    func close(_ fd: Int32) {
        descriptors.removeAll { $0 == fd }
        Glibc.close(fd)
    }

    /// A TCP listener on 127.0.0.1 with a free port.
    func listener() throws -> (fd: Int32, address: SocketAddress) {
        let fd = own(try SocketCalls.listen(at: SocketAddress(.loopbackV4, port: 0)))
        return (fd, try #require(SocketAddress(localOf: fd)))
    }

    /// An established loopback TCP connection: the client end and the accepted end.
    func tcpPair() throws -> (client: Int32, server: Int32) {
        let (listener, address) = try listener()
        let client = own(try SocketCalls.connect(to: address))
        let server = own(try #require(try SocketCalls.accept(listener)))
        return (client, server)
    }

    /// A UDP socket bound to 127.0.0.1 with a free port.
    func boundUDP() throws -> (fd: Int32, address: SocketAddress) {
        let fd = own(try SocketCalls.udp(boundTo: SocketAddress(.loopbackV4, port: 0)))
        return (fd, try #require(SocketAddress(localOf: fd)))
    }

    /// A connected AF_UNIX pair of `type` (`SOCK_STREAM` or `SOCK_DGRAM`).
    func unixPair(_ type: __socket_type) throws -> (Int32, Int32) {
        var fds: [Int32] = [-1, -1]
        try #require(socketpair(AF_UNIX, Int32(type.rawValue), 0, &fds) == 0)
        return (own(fds[0]), own(fds[1]))
    }

    /// A fresh, unconnected socket.
    func fresh(_ family: Int32, _ type: __socket_type, protocol: Int32 = 0) -> Int32 {
        own(socket(family, Int32(type.rawValue), `protocol`))
    }
}

/// Moving bytes through sockets in tests.
enum Wire {
    /// Sends all of `bytes` (one `send` call per chunk the kernel takes).
    static func send(_ fd: Int32, _ bytes: [UInt8]) throws {
        var sent = 0
        while sent < bytes.count {
            let result = bytes[sent...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            try #require(result > 0, "send failed with errno \(errno)")
            sent += result
        }
    }

    /// Sends `bytes` to `address` as one datagram.
    static func send(_ fd: Int32, _ bytes: [UInt8], to address: SocketAddress) throws {
        let result = address.withSocketAddress { pointer, length in
            bytes.withUnsafeBytes { sendto(fd, $0.baseAddress, $0.count, 0, pointer, length) }
        }
        try #require(result == bytes.count, "sendto failed with errno \(errno)")
    }

    /// Reads until `count` bytes arrived or nothing came for `timeout` milliseconds.
    static func receive(_ fd: Int32, count: Int, timeout: Int32 = 2000) -> [UInt8] {
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: max(count, 1))
        // poll can report a socket with a psock readable while recv still says
        // EAGAIN, so the wait is bounded by time since the last progress, not
        // by poll alone.
        let clock = ContinuousClock()
        var lastProgress = clock.now
        while received.count < count, clock.now - lastProgress < .milliseconds(timeout) {
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, timeout) == 1 else { break }
            let result = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, count - received.count, Int32(MSG_DONTWAIT)) }
            if result > 0 {
                received += buffer[..<result]
                lastProgress = clock.now
            } else if result == 0 || (errno != EAGAIN && errno != EINTR) {
                break
            } else {
                usleep(1_000)
            }
        }
        return received
    }

    /// Reads until end-of-file, or until nothing came for `timeout`
    /// milliseconds; `ended` says whether end-of-file was seen.
    static func receiveToEnd(_ fd: Int32, timeout: Int32 = 5000) -> (bytes: [UInt8], ended: Bool) {
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        // As in receive(_:count:timeout:), poll alone does not bound the wait.
        let clock = ContinuousClock()
        var lastProgress = clock.now
        while clock.now - lastProgress < .milliseconds(timeout) {
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, timeout) == 1 else { break }
            let result = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
            if result > 0 {
                received += buffer[..<result]
                lastProgress = clock.now
            } else if result == 0 {
                return (received, true)
            } else if errno != EAGAIN && errno != EINTR {
                break
            } else {
                usleep(1_000)
            }
        }
        return (received, false)
    }

    /// Whether anything arrives on `fd` within `timeout` milliseconds.
    static func isQuiet(_ fd: Int32, timeout: Int32 = 200) -> Bool {
        var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        return poll(&poller, 1, timeout) == 0
    }

    /// `count` bytes of a recognisable pattern.
    static func pattern(_ count: Int, seed: UInt8 = 1) -> [UInt8] {
        (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ Int(seed)) }
    }
}

extension Sockets {
    /// A TCP listener at `address`.
    func listener(at address: SocketAddress) throws -> Int32 {
        own(try SocketCalls.listen(at: address))
    }

    /// Connects to `address` within `timeout` milliseconds; nil if refused,
    /// dropped or timed out.
    func connection(to address: SocketAddress, timeout: Int32 = 1000) -> Int32? {
        let fd = own(socket(address.address.family, Int32(SOCK_STREAM.rawValue | SOCK_NONBLOCK.rawValue), 0))
        let started = address.withSocketAddress { connect(fd, $0, $1) }
        if started == 0 { return fd }
        guard errno == EINPROGRESS else { return nil }
        var poller = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
        guard poll(&poller, 1, timeout) == 1 else { return nil }
        var failure: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        getsockopt(fd, SOL_SOCKET, SO_ERROR, &failure, &length)
        return failure == 0 ? fd : nil
    }

    /// Which of `listeners` has a connection waiting (accepting it), or nil.
    func acceptingListener(among listeners: [Int32], timeout: Int32 = 1000) -> (listener: Int32, connection: Int32)? {
        var pollers = listeners.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
        guard poll(&pollers, nfds_t(pollers.count), timeout) > 0,
              let ready = pollers.first(where: { $0.revents & Int16(POLLIN) != 0 }) else { return nil }
        let connection = accept(ready.fd, nil, nil)
        guard connection >= 0 else { return nil }
        return (ready.fd, own(connection))
    }
}
