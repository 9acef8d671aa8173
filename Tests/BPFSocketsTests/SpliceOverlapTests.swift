import BPF
@testable import BPFSockets
import Glibc
import Testing

/// A retransmitted segment that overlaps bytes the proxy's socket already
/// received must not reach the upstream twice.
@Suite struct SpliceOverlapTests {
    @Test func anOverlappingRetransmissionIsPassedOnOnce() throws {
        let sockets = Sockets()
        let (upstreamListener, upstreamAddress) = try sockets.listener()
        let proxy = try TCPProxy(listen: SocketAddress(.loopbackV4, port: 0), upstream: upstreamAddress)
        proxy.start()
        defer { proxy.stop() }
        let client = sockets.own(try SocketCalls.connect(to: proxy.listenAddress))
        let upstream = sockets.own(try #require(try SocketCalls.accept(upstreamListener)))
        let clientPort = try #require(SocketAddress(localOf: client)).port

        let sent = 3000, overlap = 1000, beyond = 500, after = 2000
        let stream = Wire.pattern(sent + after, seed: 9)
        try Wire.send(client, Array(stream[..<sent]))
        #expect(Wire.receive(upstream, count: sent) == Array(stream[..<sent]))

        // The segment starts `overlap` bytes back and carries `beyond` new ones.
        let next = try InjectedSegment.sequenceNumbers(of: client)
        try InjectedSegment(source: clientPort, destination: proxy.listenAddress.port,
                            sequence: next.send &- UInt32(overlap), acknowledgment: next.receive,
                            payload: Array(stream[(sent - overlap)..<(sent + beyond)])).send()
        let injected = Wire.receive(upstream, count: beyond)
        #expect(injected == Array(stream[sent..<(sent + beyond)]), "\(Self.difference(injected, stream, from: sent))")
        // The client's own next segment now overlaps the injected bytes in turn.
        try Wire.send(client, Array(stream[sent...]))
        shutdown(client, Int32(SHUT_WR))
        let (rest, ended) = Wire.receiveToEnd(upstream)
        #expect(ended)
        #expect(rest.count == after - beyond)
        #expect(rest == Array(stream[(sent + beyond)...]), "\(Self.difference(rest, stream, from: sent + beyond))")
    }

    /// Where `received` first departs from `stream[start...]`, in words rather than a dump of both.
    private static func difference(_ received: [UInt8], _ stream: [UInt8], from start: Int) -> String {
        let expected = stream[start...]
        guard let first = zip(received, expected).enumerated().first(where: { $0.element.0 != $0.element.1 })?.offset
        else {
            return "\(received.count) bytes received, \(expected.count) expected"
        }
        return "byte \(start + first) of the stream differs (\(received.count) bytes received)"
    }
}
