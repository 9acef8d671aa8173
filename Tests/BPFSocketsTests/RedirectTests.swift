import BPF
@testable import BPFSockets
import BPFObject
import Glibc
import Testing

/// Redirects proven with real loopback sockets. Two connections,
/// `first.client -> first.server` and `second.client <-> second.server`;
/// `second.server` sits at index 1 of the map.
@Suite struct RedirectTests {
    @Test(arguments: [SocketProgramRole.streamVerdict, .skbVerdict])
    func skbVerdictRedirectsToEgress(role: SocketProgramRole) throws {
        let sockets = Sockets()
        let map = try SockMap(capacity: 2)
        var attachments = [try map.attach(try TestPrograms.redirect(to: 1, in: map.map, as: role), as: role)]
        if role == .streamVerdict { attachments.append(try map.attach(try TestPrograms.parser(), as: .streamParser)) }
        let first = try sockets.tcpPair(), second = try sockets.tcpPair()
        try map.insert(first.server, at: 0)
        try map.insert(second.server, at: 1)
        let payload = Wire.pattern(64 * 1024)
        try Wire.send(first.client, payload)
        // Out of second.server's transmit path, so second.client reads it; first.server sees nothing.
        #expect(Wire.receive(second.client, count: payload.count) == payload)
        #expect(Wire.isQuiet(first.server))
        for attachment in attachments { try attachment.detach() }
    }

    @Test func skbVerdictRedirectsToIngress() throws {
        let sockets = Sockets()
        let map = try SockMap(capacity: 2)
        let verdict = try map.attach(try TestPrograms.redirect(to: 1, in: map.map, ingress: true, as: .skbVerdict),
                                     as: .skbVerdict)
        let first = try sockets.tcpPair(), second = try sockets.tcpPair()
        try map.insert(first.server, at: 0)
        try map.insert(second.client, at: 1)
        try Wire.send(first.client, Array("to the receive queue".utf8))
        // BPF_F_INGRESS queues it as if second.client had received it.
        #expect(Wire.receive(second.client, count: 20) == Array("to the receive queue".utf8))
        #expect(Wire.isQuiet(second.server))
        try verdict.detach()
    }

    @Test(arguments: [false, true])
    func messageVerdictRedirects(ingress: Bool) throws {
        let sockets = Sockets()
        let map = try SockMap(capacity: 2)
        let verdict = try map.attach(
            try TestPrograms.redirect(to: 1, in: map.map, ingress: ingress, as: .messageVerdict), as: .messageVerdict)
        let first = try sockets.tcpPair(), second = try sockets.tcpPair()
        try map.insert(first.client, at: 0)
        try map.insert(ingress ? second.client : second.server, at: 1)
        let payload = Wire.pattern(10_000, seed: 7)
        try Wire.send(first.client, payload)
        // Egress: sent by second.server to second.client. Ingress: queued on second.client directly.
        #expect(Wire.receive(second.client, count: payload.count) == payload)
        #expect(Wire.isQuiet(first.server))
        try verdict.detach()
    }

    @Test func sockHashWithFourTupleKeysSplicesBothWays() throws {
        let sockets = Sockets()
        let partners = try SockHash<SocketFourTuple>(capacity: 4, name: "partners")
        let verdict = try partners.attach(try SpliceVerdictProgram.load(partners: partners), as: .skbVerdict)
        // A proxy's two connections: client <-> front, back <-> upstream.
        let (client, front) = try sockets.tcpPair()
        let (back, upstream) = try sockets.tcpPair()
        try partners.insert(back, at: try #require(SocketFourTuple(of: front)))
        try partners.insert(front, at: try #require(SocketFourTuple(of: back)))
        let request = Wire.pattern(100_000, seed: 3), response = Wire.pattern(50_000, seed: 9)
        try Wire.send(client, request)
        #expect(Wire.receive(upstream, count: request.count) == request)
        try Wire.send(upstream, response)
        #expect(Wire.receive(client, count: response.count) == response)
        try verdict.detach()
    }

    @Test func bytesQueuedBeforeTheInsertWaitForDataReady() throws {
        let sockets = Sockets()
        let partners = try SockHash<SocketFourTuple>(capacity: 4)
        let verdict = try partners.attach(try SpliceVerdictProgram.load(partners: partners), as: .skbVerdict)
        let (client, front) = try sockets.tcpPair()
        let (back, upstream) = try sockets.tcpPair()
        try Wire.send(client, Array("early".utf8))
        // Let the bytes reach front's receive queue before front enters the map.
        #expect(!Wire.isQuiet(front, timeout: 1000))
        try partners.insert(back, at: try #require(SocketFourTuple(of: front)))
        try partners.insert(front, at: try #require(SocketFourTuple(of: back)))
        #expect(Wire.isQuiet(upstream))
        SocketCalls.signalDataReady(front)
        #expect(Wire.receive(upstream, count: 5) == Array("early".utf8))
        try verdict.detach()
    }

    @Test func applyBytesJudgesThatManyBytesPerRun() throws {
        let sockets = Sockets()
        let map = try SockMap(capacity: 1)
        let counter = try TestPrograms.counter()
        let verdict = try map.attach(try TestPrograms.applyBytes(10, counter: counter), as: .messageVerdict)
        let pair = try sockets.tcpPair()
        try map.insert(pair.client, at: 0)
        let payload = Wire.pattern(100)
        try Wire.send(pair.client, payload)
        #expect(Wire.receive(pair.server, count: 100) == payload)
        // One verdict covers 10 bytes, so 100 bytes in one send run the program 10 times.
        #expect(try counter.lookup(UInt32(0), as: UInt64.self) == 10)
        try verdict.detach()
    }

    @Test func corkBytesHoldsDataUntilEnoughIsPending() throws {
        let sockets = Sockets()
        let map = try SockMap(capacity: 1)
        let counter = try TestPrograms.counter()
        let verdict = try map.attach(try TestPrograms.corkBytes(20, counter: counter), as: .messageVerdict)
        let pair = try sockets.tcpPair()
        try map.insert(pair.client, at: 0)
        try Wire.send(pair.client, Wire.pattern(5))
        #expect(Wire.isQuiet(pair.server))
        try Wire.send(pair.client, Array(Wire.pattern(20)[5...]))
        #expect(Wire.receive(pair.server, count: 20) == Wire.pattern(20))
        // Run once on the first 5 bytes (which corked), then once on all 20.
        #expect(try counter.lookup(UInt32(0), as: UInt64.self) == 2)
        try verdict.detach()
    }

    @Test func dropVerdictsDropData() throws {
        let sockets = Sockets()
        let skbMap = try SockMap(capacity: 1), messageMap = try SockMap(capacity: 1)
        let skbDrop = try skbMap.attach(try TestPrograms.returning(0, as: .skbVerdict), as: .skbVerdict)
        let messageDrop = try messageMap.attach(try TestPrograms.returning(0, as: .messageVerdict), as: .messageVerdict)
        let received = try sockets.tcpPair(), sent = try sockets.tcpPair()
        try skbMap.insert(received.server, at: 0)
        try messageMap.insert(sent.client, at: 0)
        try Wire.send(received.client, [1, 2, 3])
        #expect(Wire.isQuiet(received.server))
        // An sk_msg drop fails the send itself with EACCES.
        let result = [UInt8](repeating: 9, count: 8).withUnsafeBytes { send(sent.client, $0.baseAddress, $0.count, 0) }
        #expect(result == -1 && errno == EACCES)
        #expect(Wire.isQuiet(sent.server))
        try skbDrop.detach()
        try messageDrop.detach()
    }

    /// UDP redirects reach a connected target; to an unconnected one (the
    /// documented limit) the datagram is dropped.
    @Test(arguments: [true, false])
    func udpDatagramsRedirectToIngress(targetConnected: Bool) throws {
        let sockets = Sockets()
        let map = try SockMap(capacity: 2)
        let verdict = try map.attach(try TestPrograms.redirect(to: 1, in: map.map, ingress: true, as: .skbVerdict),
                                     as: .skbVerdict)
        let (receiver, address) = try sockets.boundUDP()
        let (target, _) = try sockets.boundUDP()
        let (sender, senderAddress) = try sockets.boundUDP()
        // The kernel redirects only to connected UDP sockets (sk_state ESTABLISHED).
        if targetConnected {
            try #require(senderAddress.withSocketAddress { connect(target, $0, $1) } == 0)
        }
        try map.insert(receiver, at: 0)
        try map.insert(target, at: 1)
        try Wire.send(sender, Array("datagram".utf8), to: address)
        if targetConnected {
            #expect(Wire.receive(target, count: 8) == Array("datagram".utf8))
        } else {
            #expect(Wire.isQuiet(target))
        }
        #expect(Wire.isQuiet(receiver))
        try verdict.detach()
    }

    @Test(arguments: [SOCK_STREAM, SOCK_DGRAM])
    func unixSocketsRedirectToIngress(type: __socket_type) throws {
        let sockets = Sockets()
        let map = try SockMap(capacity: 2)
        let verdict = try map.attach(try TestPrograms.redirect(to: 1, in: map.map, ingress: true, as: .skbVerdict),
                                     as: .skbVerdict)
        let first = try sockets.unixPair(type), second = try sockets.unixPair(type)
        try map.insert(first.1, at: 0)
        try map.insert(second.1, at: 1)
        try Wire.send(first.0, Array("unix".utf8))
        #expect(Wire.receive(second.1, count: 4) == Array("unix".utf8))
        #expect(Wire.isQuiet(first.1))
        try verdict.detach()
    }
}
