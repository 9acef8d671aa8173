import BPF
import BPFSockets
import Glibc
import HardeningSupport

/// Leak cycles of the socket API: every program role attached and detached
/// (by link and by PROG_ATTACH), and sk_lookup links in a private network
/// namespace, a thousand times each.
enum SocketLeakCycles {
    /// The cycles, by name.
    static let cycles: [(name: String, run: @Sendable () throws -> LeakCycle.Report)] = [
        ("socket-roles-by-link", { try roles(.link) }),
        ("socket-roles-by-prog-attach", { try roles(.programAttach) }),
        ("socket-lookup-links", socketLookupLinks),
    ]

    /// Each iteration loads a fresh program per role, attaches it, and
    /// detaches it: a program is freed only if the detach (or the link's
    /// end) dropped the map's reference to it. Every tenth iteration a
    /// connected socket enters and leaves the map while the programs are on.
    private static func roles(_ mechanism: SocketMapAttachment.Mechanism) throws -> LeakCycle.Report {
        let map = try SockMap(capacity: 4, name: "leak_roles")
        let (client, server) = try connectedPair()
        defer {
            close(client)
            close(server)
        }
        let report = try LeakCycle.run("socket roles by \(mechanism)") { index, census in
            for role in SocketProgramRole.allCases {
                let program = try ProbeProgram.load(role.programType, returning: role == .streamParser ? 0 : 1,
                                                    name: "leak_role", attachType: role.attachType)
                try census.record(program)
                let attachment = try map.attach(program, as: role, mechanism: mechanism)
                if let link = attachment.link { try census.record(link) }
                if index.isMultiple(of: 10) {
                    try map.insert(server, at: 0)
                    try LeakCycles.check(try map.remove(0), "the socket was not in the map")
                }
                try attachment.detach()
                LeakCycle.release([program] + (attachment.link.map { [$0] } ?? []), index: index)
            }
        }
        for role in SocketProgramRole.allCases {
            try LeakCycles.check(try map.attachedProgramIDs(role).isEmpty, "a \(role) program is still attached")
        }
        return report
    }

    private static func socketLookupLinks() throws -> LeakCycle.Report {
        let sandbox = try PrivateNetworkNamespace()
        let program = try ProbeProgram.load(.socketLookup, returning: 1, name: "leak_lookup", attachType: .socketLookup)
        return try LeakCycle.run("sk_lookup links through NetworkNamespace") { index, census in
            let link = try sandbox.namespace.attach(program)
            try census.record(link)
            LeakCycle.release([link], index: index)
        }
    }

    /// An established loopback TCP connection: both ends.
    private static func connectedPair() throws -> (Int32, Int32) {
        let listener = try SocketCalls.listen(at: SocketAddress(.loopbackV4, port: 0))
        defer { close(listener) }
        guard let address = SocketAddress(localOf: listener) else { throw LeakCycles.Failure(description: "no address") }
        let client = try SocketCalls.connect(to: address)
        guard let server = try SocketCalls.accept(listener) else {
            throw LeakCycles.Failure(description: "accept found no connection")
        }
        return (client, server)
    }
}
