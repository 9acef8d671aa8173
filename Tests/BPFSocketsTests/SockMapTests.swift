import BPF
@testable import BPFSockets
import BPFObject
import Glibc
import Testing

@Suite struct SockMapTests {
    @Test func insertLookUpRemoveAndIterate() throws {
        let sockets = Sockets()
        let map = try SockMap(capacity: 4, name: "basic")
        let first = try sockets.tcpPair(), second = try sockets.tcpPair()
        try map.insert(first.server, at: 0, flags: .noExist)
        try map.insert(second.client, at: 3)
        #expect(try map.cookie(at: 0) == SocketCalls.cookie(of: first.server))
        #expect(try map.cookie(at: 3) == SocketCalls.cookie(of: second.client))
        #expect(try map.cookie(at: 1) == nil)
        #expect(try map.keys() == [0, 3])
        let entries = try map.entries()
        #expect(entries.map(\.key) == [0, 3])
        #expect(entries.map(\.cookie) == [try SocketCalls.cookie(of: first.server), try SocketCalls.cookie(of: second.client)])
        #expect(try map.remove(0))
        #expect(try !map.remove(0))
        #expect(try map.cookie(at: 0) == nil)
        #expect(try map.keys() == [3])
    }

    @Test func updateFlagsGiveEEXISTAndENOENT() throws {
        let sockets = Sockets()
        let map = try SockMap(capacity: 2)
        let pair = try sockets.tcpPair()
        let exist = #expect(throws: SocketMapError.self) { try map.insert(pair.client, at: 0, flags: .exist) }
        #expect(exist?.reason == .slotEmpty)
        #expect(exist?.kernelError?.errno == .noSuchEntry)
        try map.insert(pair.client, at: 0, flags: .noExist)
        let taken = #expect(throws: SocketMapError.self) { try map.insert(pair.server, at: 0, flags: .noExist) }
        #expect(taken?.reason == .slotOccupied)
        #expect(taken?.kernelError?.errno == .exists)
        try map.insert(pair.server, at: 0, flags: .exist)
        #expect(try map.cookie(at: 0) == SocketCalls.cookie(of: pair.server))
    }

    @Test func indexPastCapacityIsE2BIG() throws {
        let sockets = Sockets()
        let map = try SockMap(capacity: 2)
        let error = #expect(throws: SocketMapError.self) { try map.insert(try sockets.tcpPair().client, at: 2) }
        #expect(error?.reason == .indexOutOfRange(index: 2, capacity: 2))
        #expect(error?.kernelError?.errno == .tooBig)
        #expect(error?.description.contains("0..<2") == true)
    }

    @Test func refusedSocketsNameTheirFamilyTypeAndState() throws {
        let sockets = Sockets()
        let map = try SockMap(capacity: 2)
        let fresh = sockets.fresh(AF_INET, SOCK_STREAM)
        let tcp = #expect(throws: SocketMapError.self) { try map.insert(fresh, at: 0) }
        #expect(tcp?.kernelError?.errno == .operationNotSupported)
        guard case let .unsupportedSocket(description) = tcp?.reason else {
            Issue.record("expected an unsupported-socket reason, got \(String(describing: tcp?.reason))")
            return
        }
        #expect(description.family == AF_INET && description.tcpState == .close)
        let text = tcp?.description ?? ""
        #expect(text.contains("AF_INET SOCK_STREAM socket (TCP, state CLOSE"))
        #expect(text.contains(SocketDescription.acceptedSockets))

        let unboundUDP = sockets.fresh(AF_INET, SOCK_DGRAM)
        let udp = #expect(throws: SocketMapError.self) { try map.insert(unboundUDP, at: 0) }
        #expect(udp?.description.contains("(UDP, unbound)") == true)
        #expect(SocketDescription(descriptor: unboundUDP)?.isInsertable == false)

        let lonelyUnix = sockets.fresh(AF_UNIX, SOCK_STREAM)
        let unix = #expect(throws: SocketMapError.self) { try map.insert(lonelyUnix, at: 0) }
        #expect(unix?.description.contains("AF_UNIX SOCK_STREAM socket (not connected)") == true)
        #expect(SocketDescription(descriptor: lonelyUnix)?.isInsertable == false)

        let raw = sockets.fresh(AF_INET, SOCK_RAW, protocol: Int32(IPPROTO_ICMP))
        let rawError = #expect(throws: SocketMapError.self) { try map.insert(raw, at: 0) }
        #expect(rawError?.description.contains("SOCK_RAW") == true, "\(String(describing: rawError))")
    }

    @Test func nonSocketIsENOTSOCK() throws {
        var pipeEnds: [Int32] = [-1, -1]
        try #require(pipe(&pipeEnds) == 0)
        defer { pipeEnds.forEach { close($0) } }
        let map = try SockMap(capacity: 1)
        let error = #expect(throws: SocketMapError.self) { try map.insert(pipeEnds[0], at: 0) }
        #expect(error?.reason == .notASocket(descriptor: pipeEnds[0]))
        #expect(error?.kernelError?.errno == .notSocket)
    }

    @Test func acceptedKindsOfSockets() throws {
        let sockets = Sockets()
        let map = try SockMap(capacity: 8)
        let listener = try sockets.listener().fd
        let udp = try sockets.boundUDP().fd
        let stream = try sockets.unixPair(SOCK_STREAM), datagram = try sockets.unixPair(SOCK_DGRAM)
        for (index, fd) in [listener, udp, stream.0, stream.1, datagram.0, datagram.1].enumerated() {
            #expect(SocketDescription(descriptor: fd)?.isInsertable == true)
            try map.insert(fd, at: UInt32(index))
            #expect(try map.cookie(at: UInt32(index)) == SocketCalls.cookie(of: fd))
        }
        #expect(SocketDescription(descriptor: listener)?.tcpState == .listen)
    }

    @Test func closingASocketRemovesIt() throws {
        let map = try SockMap(capacity: 2)
        do {
            let sockets = Sockets()
            try map.insert(try sockets.tcpPair().server, at: 1)
            #expect(try map.keys() == [1])
        }
        // The kernel unlinks the socket when its last descriptor closes.
        #expect(try map.keys() == [])
    }

    @Test func fourByteValuesAreInsertOnly() throws {
        let sockets = Sockets()
        let map = try SockMap(capacity: 2, valueSize: .insertOnly)
        #expect(map.map.valueSize == 4)
        try map.insert(try sockets.tcpPair().client, at: 0)
        let error = #expect(throws: SocketMapError.self) { try map.cookie(at: 0) }
        #expect(error?.reason == .lookupNeedsEightByteValues)
        #expect(error?.kernelError?.errno == .noSpace)
        #expect(error?.description.contains("8-byte values") == true)
        #expect(try map.remove(0))
    }

    @Test func typedViewsCheckTheMapsShape() throws {
        let raw = try Map(MapParameters(type: .sockhash, keySize: UInt32(SocketFourTuple.size), valueSize: 8, maxEntries: 4))
        let view = try SockHash<SocketFourTuple>(raw)
        #expect(view.map === raw)
        #expect(throws: SocketMapError.self) { try SockMap(raw) }
        let wrongKey = #expect(throws: SocketMapError.self) { try SockHash<UInt64>(raw) }
        #expect(wrongKey?.reason == .wrongMap(expected: .sockhash, keySize: 8, actual: raw.description))
        let array = try Map(MapParameters(type: .array, keySize: 4, valueSize: 8, maxEntries: 1))
        #expect(throws: SocketMapError.self) { try SockMap(array) }
        let sockmap = try Map(MapParameters(type: .sockmap, keySize: 4, valueSize: 4, maxEntries: 1))
        #expect(try SockMap(sockmap).map.valueSize == 4)
    }

    @Test func sockHashWithFourTupleKeys() throws {
        let sockets = Sockets()
        let hash = try SockHash<SocketFourTuple>(capacity: 2, name: "tuples")
        let pair = try sockets.tcpPair()
        let clientTuple = try #require(SocketFourTuple(of: pair.client))
        let serverTuple = try #require(SocketFourTuple(of: pair.server))
        #expect(clientTuple.reversed == serverTuple)
        try hash.insert(pair.client, at: clientTuple, flags: .noExist)
        try hash.insert(pair.server, at: serverTuple)
        #expect(Set(try hash.keys()) == [clientTuple, serverTuple])
        #expect(try hash.cookie(at: clientTuple) == SocketCalls.cookie(of: pair.client))
        let third = try sockets.tcpPair().client
        let full = #expect(throws: SocketMapError.self) { try hash.insert(third, at: try #require(SocketFourTuple(of: third))) }
        #expect(full?.reason == .mapFull(capacity: 2))
        #expect(try hash.remove(clientTuple))
        #expect(try !hash.remove(clientTuple))
        #expect(try hash.keys() == [serverTuple])
    }

    @Test func socketWithProgramsFromAnotherMapIsEBUSY() throws {
        let sockets = Sockets()
        let first = try SockMap(capacity: 1), second = try SockMap(capacity: 1)
        let verdict = try TestPrograms.returning(1, as: .skbVerdict)
        let firstLink = try first.attach(verdict, as: .skbVerdict)
        let secondLink = try second.attach(verdict, as: .skbVerdict)
        defer { try? firstLink.detach(); try? secondLink.detach() }
        let socket = try sockets.tcpPair().server
        try first.insert(socket, at: 0)
        let error = #expect(throws: SocketMapError.self) { try second.insert(socket, at: 0) }
        #expect(error?.reason == .socketHasPrograms)
        #expect(error?.kernelError?.errno == .busy)
        #expect(error?.description.contains("another map") == true)
    }
}
