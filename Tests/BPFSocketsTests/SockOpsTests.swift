import BPF
@testable import BPFSockets
import BPFObject
import Glibc
import Testing

/// sock_ops in a child cgroup. Moving the process in and out is quick (only
/// socket creation happens inside), and the suite is serialized.
@Suite(.serialized) struct SockOpsTests {
    @Test func establishedConnectionsJoinAndLeaveTheSockHash() throws {
        let group = try TestCgroup()
        let membership = try EstablishedConnections(cgroup: group.cgroup, capacity: 64)
        defer { membership.stop() }
        let sockets = Sockets()
        // Created inside the cgroup: the listener (its accepted connections inherit
        // its cgroup) and the client.
        let (listener, client) = try group.inside { () throws -> (Int32, Int32) in
            (sockets.own(try SocketCalls.listen(at: SocketAddress(.loopbackV4, port: 0))),
             sockets.fresh(AF_INET, SOCK_STREAM))
        }
        let address = try #require(SocketAddress(localOf: listener))
        try #require(address.withSocketAddress { connect(client, $0, $1) } == 0)
        let server = sockets.own(try #require(try SocketCalls.accept(listener)))
        // A connection made outside the cgroup does not join.
        let outsider = try sockets.tcpPair()

        let clientTuple = try #require(SocketFourTuple(of: client))
        let serverTuple = try #require(SocketFourTuple(of: server))
        let outsiderTuple = try #require(SocketFourTuple(of: outsider.client))
        let connections = membership.connections
        // Active and passive established callbacks, each under its own 4-tuple.
        #expect(try connections.cookie(at: clientTuple) == SocketCalls.cookie(of: client))
        #expect(try connections.cookie(at: serverTuple) == SocketCalls.cookie(of: server))
        #expect(try connections.cookie(at: outsiderTuple) == nil)
        #expect(try Set(connections.keys()).isSuperset(of: [clientTuple, serverTuple]))

        // Closing a socket unlinks it.
        sockets.close(client)
        #expect(try connections.cookie(at: clientTuple) == nil)
        #expect(try connections.cookie(at: serverTuple) == SocketCalls.cookie(of: server))
    }

    @Test func membershipProgramPassesTheVerifier() throws {
        let connections = try SockHash<SocketFourTuple>(capacity: 4)
        let program = try MembershipProgram.load(connections: connections, logLevel: .basic)
        #expect(program.verifierLog?.text.contains("processed") == true)
        let error = #expect(throws: BPFError.self) {
            try Cgroup(path: "/nonexistent").attachSocketOperations(try TestPrograms.parser())
        }
        #expect(error?.context.contains("sock_ops") == true)
    }
}
