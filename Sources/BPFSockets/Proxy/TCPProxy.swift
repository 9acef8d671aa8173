import BPF
import BPFObject
import Glibc

/// A TCP proxy: every connection to ``listenAddress`` gets a connection to
/// ``upstream``, and bytes flow between the two until either side ends its
/// stream (or, with ``halfClose``, until both have).
///
/// With ``Forwarding/kernelSplice`` the payload never comes to user space:
/// each socket sits in ``partners`` under its partner's ``SocketFourTuple``,
/// and the built-in ``SpliceVerdictProgram`` (an skb_verdict program)
/// redirects every skb a socket receives to its partner's transmit path.
/// The proxy only accepts, connects, inserts, and passes the end of each
/// stream on: when one side's peer finishes sending (FIN), it waits until
/// every byte that socket received has reached the partner's send queue,
/// then shuts the partner's sending side, so the other peer reads all the
/// bytes and then end-of-file.
///
/// Closing either side closes the pair: once the other peer has
/// acknowledged those bytes and the end of the stream, the proxy removes
/// both sockets from the maps and closes them, whatever the other direction
/// still carried. Waiting for the acknowledgment matters: closing a socket
/// with unread bytes makes the kernel reset it, which would throw away what
/// its send queue still held. With ``halfClose`` the pair stays open
/// instead until both directions have ended, so a half-closed connection
/// keeps carrying the other direction. Either way a pair closes at once
/// when either side fails, and bytes that take more than 10 seconds are
/// given up with the pair.
///
/// With ``Forwarding/userSpaceCopy`` it is an ordinary read/write proxy, for
/// comparison, which ends pairs the same way.
public final class TCPProxy: Sendable {
    /// How bytes get from one side to the other.
    public enum Forwarding: String, Sendable, Hashable {
        /// In the kernel, through a sockhash and a verdict program.
        case kernelSplice = "kernel splice"
        /// Through user space: `recv` into a buffer, `send` out.
        case userSpaceCopy = "user-space copy"
    }

    /// The address clients connect to (with the port the kernel chose, if 0 was asked).
    public let listenAddress: SocketAddress
    /// Where connections are forwarded.
    public let upstream: SocketAddress
    /// How bytes are forwarded.
    public let forwarding: Forwarding
    /// Whether a pair stays open after one side ended its stream, until the
    /// other side has ended its own (a half-close); if false, the end of
    /// either side's stream closes the pair once its bytes were passed on.
    public let halfClose: Bool
    /// For the splice: each socket under its partner's 4-tuple.
    public let partners: SockHash<SocketFourTuple>?
    /// For the splice: the sockets under their cookies, in the map that gives them the verdict program.
    public let spliced: SockHash<UInt64>?
    /// For the splice: the verdict program's attachment to ``spliced``.
    public let verdict: SocketMapAttachment?

    private let listener: Int32
    /// A pipe whose read end wakes the hang-up loop when pairs change or the proxy stops.
    private let wake: (read: Int32, write: Int32)
    private let state = PthreadMutex(State())
    private let threads = PthreadMutex<[DedicatedThread]>([])

    private struct State {
        /// Each open socket's partner.
        var partnerOf: [Int32: Int32] = [:]
        /// For the splice: each open socket's end-of-stream progress.
        var ends: [Int32: StreamEnd] = [:]
        var pairs = 0
        var stopping = false
    }

    /// Where one spliced socket's incoming stream stands.
    private struct StreamEnd {
        /// The socket's written count before the splice, so that only
        /// redirected bytes count (the connecting side's SYN is in it).
        var writtenBefore: UInt64
        /// When the peer's FIN arrived, the time by which the partner must
        /// have queued every byte this socket received; nil before that.
        var drainDeadline: ContinuousClock.Instant?
        /// Whether the end was passed on: the partner's sending side is shut.
        var passedOn = false
        /// Whether the hang-up loop polls the socket. It stops once the
        /// socket hung up for good, which poll would report without end.
        var watched = true
    }

    /// How long the bytes of a finished stream may take to reach the partner's send queue.
    private static let drainTimeout = Duration.seconds(10)

    /// Listens on `listenAddress` and prepares the maps and program; call
    /// ``start()`` to begin accepting. `halfClose` keeps a pair open until
    /// both sides have ended their streams (see ``halfClose``).
    public init(listen listenAddress: SocketAddress, upstream: SocketAddress, forwarding: Forwarding = .kernelSplice,
                halfClose: Bool = false, capacity: UInt32 = 4096) throws(SocketMapError) {
        self.upstream = upstream
        self.forwarding = forwarding
        self.halfClose = halfClose
        if forwarding == .kernelSplice {
            let partners = try SockHash<SocketFourTuple>(capacity: capacity, name: "proxy_partners")
            let spliced = try SockHash<UInt64>(capacity: capacity, name: "proxy_spliced")
            let program: Program
            do {
                program = try SpliceVerdictProgram.load(partners: partners)
            } catch {
                throw SocketMapError(.kernel, context: "load the splice verdict", kernelError: error)
            }
            verdict = try spliced.attach(program, as: .skbVerdict)
            self.partners = partners
            self.spliced = spliced
        } else {
            partners = nil
            spliced = nil
            verdict = nil
        }
        do throws(BPFError) {
            var ends: [Int32] = [-1, -1]
            guard pipe(&ends) == 0 else {
                throw BPFError(.system("pipe"), errno: Errno(rawValue: errno), context: "start the proxy")
            }
            wake = (ends[0], ends[1])
            // A full pipe already wakes the loop; writers must not block on it.
            _ = fcntl(ends[1], F_SETFL, O_NONBLOCK)
            listener = try SocketCalls.listen(at: listenAddress, bufferSize: Self.bufferSize(forwarding))
        } catch {
            try? verdict?.detach()
            throw SocketMapError(.kernel, context: "listen on \(listenAddress)", kernelError: error)
        }
        self.listenAddress = SocketAddress(localOf: listener) ?? listenAddress
    }

    /// Starts accepting connections and watching for hang-ups, each on a thread of its own.
    public func start() {
        threads.withLock { threads in
            threads.append(DedicatedThread { [self] in acceptLoop() })
            if forwarding == .kernelSplice { threads.append(DedicatedThread { [self] in hangUpLoop() }) }
        }
    }

    /// How many connection pairs are open.
    public var openPairs: Int { state.withLock { $0.pairs } }

    /// Stops accepting, closes every pair, waits for the threads, detaches
    /// the verdict program and closes the maps: the proxy's kernel objects go.
    /// Later calls do nothing (its descriptors must not be closed twice).
    public func stop() {
        let open = state.withLock { state -> [Int32]? in
            guard !state.stopping else { return nil }
            state.stopping = true
            return Array(state.partnerOf.keys)
        }
        guard let open else { return }
        shutdown(listener, Int32(SHUT_RDWR))
        for fd in open { shutdown(fd, Int32(SHUT_RDWR)) }
        signalChange()
        threads.withLock { threads in
            threads.forEach { $0.join() }
            threads.removeAll()
        }
        for fd in state.withLock({ Array($0.partnerOf.keys) }) { closePair(fd) }
        close(listener)
        close(wake.read)
        close(wake.write)
        try? verdict?.detach()
        verdict?.program.close()
        partners?.map.close()
        spliced?.map.close()
    }

    private func acceptLoop() {
        while let client = try? SocketCalls.accept(listener) {
            if state.withLock({ $0.stopping }) {
                close(client)
                break
            }
            guard let server = try? SocketCalls.connect(to: upstream, bufferSize: Self.bufferSize(forwarding)) else {
                close(client)
                continue
            }
            state.withLock { state in
                state.partnerOf[client] = server
                state.partnerOf[server] = client
                state.pairs += 1
            }
            switch forwarding {
            case .kernelSplice:
                if (try? splice(client, server)) == nil { closePair(client) }
            case .userSpaceCopy:
                let copier = DedicatedThread { [self] in
                    copyLoop(client, server)
                    closePair(client)
                }
                threads.withLock { threads in
                    DedicatedThread.reap(&threads)
                    threads.append(copier)
                }
            }
        }
    }

    /// The socket buffer size for spliced connections. Redirected bytes stay
    /// charged to the receiving socket until the partner has sent them, and
    /// a redirect that finds the partner's send buffer half full is retried
    /// only a jiffy later; large buffers keep the stream out of both limits.
    private static func bufferSize(_ forwarding: Forwarding) -> Int32? {
        forwarding == .kernelSplice ? 16 << 20 : nil
    }

    /// Puts both sockets in place for the verdict, then gives them the program.
    private func splice(_ client: Int32, _ server: Int32) throws(SocketMapError) {
        guard let partners, let spliced,
              let clientTuple = SocketFourTuple(of: client), let serverTuple = SocketFourTuple(of: server) else {
            throw SocketMapError(.kernel, context: "splice a connection")
        }
        // Both partners must be findable before either socket runs the verdict.
        try partners.insert(server, at: clientTuple)
        try partners.insert(client, at: serverTuple)
        // Read before either socket gets the verdict, so no redirected byte is in them.
        state.withLock { state in
            for fd in [client, server] {
                state.ends[fd] = StreamEnd(writtenBefore: TCPByteCounts(of: fd)?.written ?? 0)
            }
        }
        for fd in [client, server] {
            let cookie = (try? SocketCalls.cookie(of: fd)) ?? 0
            try spliced.insert(fd, at: cookie)
            // Bytes that arrived before the insert go through the verdict now.
            SocketCalls.signalDataReady(fd)
        }
        signalChange()
    }

    /// `POLLRDHUP`: the peer closed or shut down its sending side.
    private static let peerHungUp = Int16(0x2000)

    /// Passes on the end of each spliced stream and closes finished pairs.
    /// Spliced sockets never become readable for user space, so the peer's
    /// FIN (or an error) is the only event they report. After its stream
    /// ended a socket is polled only for errors and its final hang-up: its
    /// partner reports the other direction's end.
    private func hangUpLoop() {
        var pollers: [pollfd] = []
        while !state.withLock({ $0.stopping }) {
            let (watched, draining) = state.withLock { state in
                (state.ends.filter(\.value.watched).map { ($0.key, $0.value.drainDeadline == nil) },
                 state.ends.values.contains { $0.drainDeadline != nil && (!$0.passedOn || !halfClose) })
            }
            pollers = [pollfd(fd: wake.read, events: Int16(POLLIN), revents: 0)]
                + watched.map { pollfd(fd: $0.0, events: $0.1 ? Self.peerHungUp : 0, revents: 0) }
            // While bytes drain, look again every millisecond.
            if poll(&pollers, nfds_t(pollers.count), draining ? 1 : -1) < 0 { continue }
            if pollers[0].revents != 0 {
                var drained = [UInt8](repeating: 0, count: 64)
                _ = read(wake.read, &drained, drained.count)
            }
            for poller in pollers.dropFirst() where poller.revents != 0 {
                let failed = poller.revents & Int16(POLLERR) != 0
                let fails = state.withLock { state -> Bool in
                    // Gone: its pair closed earlier in this round.
                    guard var end = state.ends[poller.fd] else { return false }
                    if failed { return true }
                    if end.drainDeadline == nil {
                        end.drainDeadline = .now + Self.drainTimeout
                    } else {
                        // A hang-up after the stream ended is expected only once
                        // this socket's own sending side was shut: both ways are done.
                        guard let partner = state.partnerOf[poller.fd], state.ends[partner]?.passedOn == true else {
                            return true
                        }
                        end.watched = false
                    }
                    state.ends[poller.fd] = end
                    return false
                }
                if fails { closePair(poller.fd) }
            }
            passOnDrainedEnds()
        }
    }

    /// For each socket whose peer finished sending: once the partner has
    /// queued every byte the socket received, shuts the partner's sending
    /// side (its peer reads the bytes, then end-of-file). Then, unless
    /// ``halfClose``, closes the pair once the partner's peer has
    /// acknowledged it all; with it, once both directions are done. Closes
    /// the pair too when the bytes take too long.
    private func passOnDrainedEnds() {
        let pending = state.withLock { state in
            state.ends.compactMap { fd, end -> (Int32, Int32, StreamEnd, StreamEnd)? in
                guard end.drainDeadline != nil, !end.passedOn || !halfClose, let partner = state.partnerOf[fd],
                      let partnerEnd = state.ends[partner] else { return nil }
                return (fd, partner, end, partnerEnd)
            }
        }
        for (fd, partner, end, partnerEnd) in pending {
            guard let incoming = TCPByteCounts(of: fd), let outgoing = TCPByteCounts(of: partner) else {
                closePair(fd)
                continue
            }
            // The FIN takes one unit of the received sequence space.
            let delivered = outgoing.written &- partnerEnd.writtenBefore >= incoming.received &- 1
            // Past the shutdown, the partner's unacknowledged bytes include its FIN.
            let acknowledged = end.passedOn && (outgoing.unacknowledged == 0 || outgoing.closed)
            if !delivered || (end.passedOn && !acknowledged) {
                if let deadline = end.drainDeadline, deadline < .now { closePair(fd) }
                continue
            }
            if acknowledged {
                closePair(fd)
                continue
            }
            shutdown(partner, Int32(SHUT_WR))
            let bothDone = state.withLock { state -> Bool in
                state.ends[fd]?.passedOn = true
                return state.ends[partner]?.passedOn == true
            }
            if halfClose && bothDone { closePair(fd) }
        }
    }

    /// Wakes the hang-up loop.
    private func signalChange() {
        var byte: UInt8 = 1
        _ = write(wake.write, &byte, 1)
    }

    /// Copies both ways between `first` and `second`, one direction on a
    /// thread of its own: with one thread for both, a blocked send in one
    /// direction stops the reads of the other, and a peer that also writes
    /// before it reads (such as the echo server) deadlocks with it once
    /// both send buffers fill. Returns when both directions have ended, or
    /// (unless ``halfClose``) when either has.
    private func copyLoop(_ first: Int32, _ second: Int32) {
        let halfClose = halfClose
        let back = DedicatedThread { Self.copy(from: second, to: first, halfClose: halfClose) }
        Self.copy(from: first, to: second, halfClose: halfClose)
        back.join()
    }

    /// Copies `from` to `to`. At `from`'s end-of-file it shuts `to`'s sending
    /// side; unless `halfClose`, it then waits until `to`'s peer has
    /// acknowledged everything and shuts both down, which ends the other
    /// direction too. If either fails it shuts both down at once.
    private static func copy(from: Int32, to: Int32, halfClose: Bool) {
        var buffer = [UInt8](repeating: 0, count: 256 * 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(from, $0.baseAddress, $0.count, 0) }
            if count < 0 && errno == EINTR { continue }
            if count == 0 {
                shutdown(to, Int32(SHUT_WR))
                if halfClose { return }
                awaitAcknowledgment(of: to)
            }
            guard count > 0,
                  buffer.withUnsafeBytes({ SocketCalls.sendAll(to, UnsafeRawBufferPointer(rebasing: $0[..<count])) })
            else {
                shutdown(from, Int32(SHUT_RDWR))
                shutdown(to, Int32(SHUT_RDWR))
                return
            }
        }
    }

    /// Waits until `fd`'s peer has acknowledged everything `fd` sent, for at
    /// most ``drainTimeout``: closing a socket that still has unread bytes
    /// resets it and throws away what its send queue held.
    private static func awaitAcknowledgment(of fd: Int32) {
        let deadline = ContinuousClock.now + drainTimeout
        while let counts = TCPByteCounts(of: fd), counts.unacknowledged > 0, !counts.closed, .now < deadline {
            usleep(1000)
        }
    }

    /// Removes both sockets of `fd`'s pair from the maps and closes them, once.
    private func closePair(_ fd: Int32) {
        guard let partner = state.withLock({ state -> Int32? in
            guard let partner = state.partnerOf.removeValue(forKey: fd) else { return nil }
            state.partnerOf[partner] = nil
            state.ends[fd] = nil
            state.ends[partner] = nil
            state.pairs -= 1
            return partner
        }) else { return }
        for socket in [fd, partner] {
            if let partners, let tuple = SocketFourTuple(of: socket) { _ = try? partners.remove(tuple) }
            if let spliced, let cookie = try? SocketCalls.cookie(of: socket) { _ = try? spliced.remove(cookie) }
            close(socket)
        }
    }
}
