import BPF
@testable import BPFSockets
import Glibc
import Testing

@Suite struct ProxyTests {
    @Test(arguments: [TCPProxy.Forwarding.kernelSplice, .userSpaceCopy], [IPAddress.loopbackV4, .loopbackV6])
    func proxyForwardsEveryByteBothWays(forwarding: TCPProxy.Forwarding, loopback: IPAddress) throws {
        let echo = try EchoServer(at: SocketAddress(loopback, port: 0))
        defer { echo.stop() }
        let proxy = try TCPProxy(listen: SocketAddress(loopback, port: 0), upstream: echo.address,
                                 forwarding: forwarding)
        proxy.start()
        defer { proxy.stop() }
        let measurements = try ProxyMeasurement.compare([(forwarding.rawValue, proxy.listenAddress)],
                                                        bytes: 8 << 20, roundTrips: 200, rounds: 2)
        #expect(measurements.map(\.bytes) == [8 << 20])
        #expect(measurements.allSatisfy { $0.latencyP50Microseconds > 0 && $0.mebibytesPerSecond > 0 })
        #expect(measurements.allSatisfy { $0.roundMebibytesPerSecond.count == 2 && $0.roundLatencyP99Microseconds.count == 2 })
        // Ties count for neither side, so a path is never ahead of itself.
        #expect(measurements.allSatisfy { $0.roundsAhead(of: $0) == (0, 0) })
    }

    @Test func aMismatchSaysWhetherBytesWereShiftedOrForeign() {
        let stream = { (from: Int, count: Int) in
            (from..<(from + count)).map { ProxyMeasurement.pattern[$0 % ProxyMeasurement.period] }
        }
        let offset = 2 * ProxyMeasurement.period - 100
        #expect(ProxyMeasurement.mismatch(in: stream(offset, 300)[...], at: offset) == "")
        // Three bytes lost after the first ten.
        let shifted = stream(offset, 10) + stream(offset + 13, 200)
        let lost = ProxyMeasurement.mismatch(in: shifted[...], at: offset)
        #expect(lost.contains("first at byte \(offset + 10)") && lost.contains("3 further on"))
        let foreign = stream(offset, 10) + [UInt8](repeating: 0, count: 100)
        #expect(ProxyMeasurement.mismatch(in: foreign[...], at: offset).hasSuffix("they are not the stream's bytes"))
    }

    @Test(arguments: [true, false])
    func splicedBytesAndClosingEitherSideCleansUp(clientCloses: Bool) throws {
        let sockets = Sockets()
        let (upstreamListener, upstreamAddress) = try sockets.listener()
        let proxy = try TCPProxy(listen: SocketAddress(.loopbackV4, port: 0), upstream: upstreamAddress)
        proxy.start()
        defer { proxy.stop() }
        let partners = try #require(proxy.partners), spliced = try #require(proxy.spliced)
        let client = sockets.own(try SocketCalls.connect(to: proxy.listenAddress))
        // Sent before the proxy has the pair in place: the SO_RCVLOWAT kick still splices it.
        try Wire.send(client, Array("early".utf8))
        let upstream = sockets.own(try #require(try SocketCalls.accept(upstreamListener)))
        #expect(Wire.receive(upstream, count: 5) == Array("early".utf8))
        try Wire.send(upstream, Array("reply".utf8))
        #expect(Wire.receive(client, count: 5) == Array("reply".utf8))
        #expect(proxy.openPairs == 1)
        #expect(try partners.keys().count == 2)
        #expect(try spliced.keys().count == 2)
        // The program, not user space, moved the bytes: the verdict ran for each skb.
        #expect(proxy.verdict?.program.type == .socketSKB)

        // Closing either side passes end-of-file on and closes the pair,
        // which leaves no entries, while the other side is still open.
        let (closer, other) = clientCloses ? (client, upstream) : (upstream, client)
        sockets.close(closer)
        #expect(Wire.receiveToEnd(other) == ([], true))
        // The proxy's threads close the pair; under ThreadSanitizer that takes
        // long enough to see the maps before the sockets have left them.
        var waited = 0
        while (proxy.openPairs > 0 || (try? spliced.keys().isEmpty) != true) && waited < 200 {
            usleep(10_000)
            waited += 1
        }
        #expect(proxy.openPairs == 0)
        #expect(try partners.keys().isEmpty)
        #expect(try spliced.keys().isEmpty)
    }

    /// How the test below ends the stream it checks.
    enum StreamEnding: CaseIterable, Sendable {
        /// The upstream writes and closes its socket.
        case upstreamCloses
        /// The client writes and shuts its sending side: the proxy closes the pair.
        case clientHalfCloses
        /// The same, with a proxy told to keep half-closed pairs open.
        case clientHalfClosesOnAHalfClosingProxy
    }

    /// One side writes 4 MiB and ends its stream at once; the other must
    /// read every byte, then end-of-file. Then the proxy closes the pair,
    /// unless it keeps half-closed pairs open: then the upstream still
    /// answers through it after the client's half-close.
    @Test(arguments: [TCPProxy.Forwarding.kernelSplice, .userSpaceCopy], StreamEnding.allCases)
    func bytesInFlightArriveBeforeTheEndOfStream(forwarding: TCPProxy.Forwarding, ending: StreamEnding) throws {
        let sockets = Sockets()
        let (upstreamListener, upstreamAddress) = try sockets.listener()
        let proxy = try TCPProxy(listen: SocketAddress(.loopbackV4, port: 0), upstream: upstreamAddress,
                                 forwarding: forwarding, halfClose: ending == .clientHalfClosesOnAHalfClosingProxy)
        proxy.start()
        defer { proxy.stop() }
        let client = sockets.own(try SocketCalls.connect(to: proxy.listenAddress))
        let upstream = sockets.own(try #require(try SocketCalls.accept(upstreamListener)))
        let upstreamEnds = ending == .upstreamCloses
        let (writer, reader) = upstreamEnds ? (upstream, client) : (client, upstream)
        let payload = Wire.pattern(4 << 20, seed: upstreamEnds ? 3 : 5)

        let writing = DedicatedThread {
            _ = payload.withUnsafeBytes { SocketCalls.sendAll(writer, $0) }
            // The upstream closes outright; the client only half-closes.
            if upstreamEnds { sockets.close(writer) } else { shutdown(writer, Int32(SHUT_WR)) }
        }
        let (received, ended) = Wire.receiveToEnd(reader)
        writing.join()
        #expect(received.count == payload.count)
        #expect(received == payload)
        #expect(ended)
        // The pair leaves the count before its sockets leave the maps.
        let closed = { () -> Bool in
            var waited = 0
            while (proxy.openPairs > 0 || (try? proxy.spliced?.keys().isEmpty) == false) && waited < 300 {
                usleep(10_000)
                waited += 1
            }
            return proxy.openPairs == 0
        }
        switch ending {
        case .upstreamCloses:
            sockets.close(reader)
            #expect(closed())
        case .clientHalfCloses:
            // Closed by the proxy while the upstream's socket is still open.
            #expect(closed())
            #expect(Wire.receiveToEnd(client) == ([], true))
        case .clientHalfClosesOnAHalfClosingProxy:
            // The other direction still flows after the client's half-close.
            #expect(proxy.openPairs == 1)
            try Wire.send(upstream, Array("after".utf8))
            sockets.close(upstream)
            let reply = Wire.receiveToEnd(client)
            #expect(reply.bytes == Array("after".utf8))
            #expect(reply.ended)
            sockets.close(client)
            #expect(closed())
        }
        if let spliced = proxy.spliced, let partners = proxy.partners {
            #expect(try spliced.keys().isEmpty)
            #expect(try partners.keys().isEmpty)
        }
    }

    @Test func spliceVerdictPassesTheVerifier() throws {
        let partners = try SockHash<SocketFourTuple>(capacity: 2)
        let program = try SpliceVerdictProgram.load(partners: partners, logLevel: .basic)
        #expect(program.verifierLog?.text.contains("processed") == true)
        let rules = try DispatchRuleSlot()
        let dispatch = try DispatchProgram.load(rules: rules.outer, targets: try SockMap(capacity: 2), logLevel: .basic)
        #expect(dispatch.verifierLog?.text.contains("processed") == true)
    }
}
