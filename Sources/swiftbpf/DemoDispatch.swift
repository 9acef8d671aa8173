import BPF
import BPFSockets
import Glibc

/// The demo's second half: a ``SocketDispatcher`` steering two address
/// prefixes and a hundred ports to one listener, in a private network
/// namespace so nothing on the machine is affected.
enum DemoDispatch {
    /// What the dispatcher did.
    struct Outcome: Codable {
        /// The listener every rule steers to.
        var listener: String
        /// The rules, as text.
        var rules: [String]
        /// The sk_lookup program's id.
        var programID: UInt32
        /// The namespace link's id.
        var linkID: UInt32
        /// The rule and target map ids.
        var mapIDs: [UInt32]
        /// Connections made to addresses the rules cover.
        var attempted: Int
        /// How many of them the listener accepted, each with the dialled address.
        var landed: Int
        /// Whether an address outside the rules got the regular lookup (refused: nothing listens there).
        var outsideRefused: Bool
        /// Whether, after the rules were emptied while running, the same address was refused.
        var refusedAfterRuleChange: Bool
        /// Every kernel object id it created.
        var objectIDs: [DemoObjectID] { [.program(programID), .link(linkID)] + mapIDs.map { .map($0) } }

        /// Text lines.
        var lines: [String] {
            [
                "sk_lookup 'dispatch': program id \(programID), link id \(linkID), map ids \(mapIDs)",
                "rules: " + rules.joined(separator: "; "),
                "\(landed)/\(attempted) connections landed on the one listener at \(listener)",
                "outside the rules: " + (outsideRefused ? "regular lookup (refused, nothing listens there)" : "NOT refused"),
                "rules emptied while running: " + (refusedAfterRuleChange ? "regular lookup again" : "still steered"),
            ]
        }
    }

    /// Runs the dispatcher in a fresh namespace and reports what happened.
    static func run(cleanup: DemoCleanup) throws -> Outcome {
        let sandbox = try PrivateNetworkNamespace()
        cleanup.add { sandbox.close() }
        return try sandbox.run { () throws -> Outcome in
            let listener = try SocketCalls.listen(at: SocketAddress(.loopbackV4, port: 0))
            cleanup.add { close(listener) }
            let rules = [
                DispatchRule(.tcp, address: .v4(ipv4(127, 0, 1)), prefixLength: 24, ports: 20000...20099),
                DispatchRule(.tcp, address: .v4(ipv4(127, 0, 2)), prefixLength: 24, ports: 20000...20099),
            ]
            let dispatcher = try SocketDispatcher(tcp: listener, rules: rules)
            cleanup.add { dispatcher.close() }
            var destinations = (20000...20099).map { SocketAddress(.v4(ipv4(127, 0, 1, UInt8($0 % 250 + 1))), port: UInt16($0)) }
            destinations += (1...20).map { SocketAddress(.v4(ipv4(127, 0, 2, UInt8($0 * 12))), port: UInt16(20000 + $0)) }
            var landed = 0
            for destination in destinations {
                guard let client = try? SocketCalls.connect(to: destination) else { continue }
                if let accepted = try SocketCalls.accept(listener) {
                    if SocketAddress(localOf: accepted) == destination { landed += 1 }
                    close(accepted)
                }
                close(client)
            }
            let outside = SocketAddress(.v4(ipv4(127, 0, 3, 1)), port: 20050)
            let outsideRefused = refused(outside)
            try dispatcher.setRules([])
            let afterChange = refused(destinations[0])
            return Outcome(
                listener: SocketAddress(localOf: listener)?.description ?? "?",
                rules: rules.map(\.description),
                programID: try dispatcher.program.info().id, linkID: try dispatcher.link.info().id,
                mapIDs: [try dispatcher.rulesMap.info().id, try dispatcher.targets.map.info().id],
                attempted: destinations.count, landed: landed,
                outsideRefused: outsideRefused, refusedAfterRuleChange: afterChange)
        }
    }

    /// Whether a connection to `address` is refused.
    private static func refused(_ address: SocketAddress) -> Bool {
        guard let client = try? SocketCalls.connect(to: address) else { return true }
        close(client)
        return false
    }

    /// An IPv4 address from its four bytes, as `in_addr.s_addr` holds it.
    private static func ipv4(_ a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8 = 0) -> UInt32 {
        UInt32(a) | UInt32(b) << 8 | UInt32(c) << 16 | UInt32(d) << 24
    }
}

/// A kernel object the demo created, by kind and id.
enum DemoObjectID: Codable, Hashable {
    case map(UInt32)
    case program(UInt32)
    case link(UInt32)

    /// Whether the kernel still has the object.
    var exists: Bool {
        switch self {
        case .map(let id): (try? Map.open(id: id)) != nil
        case .program(let id): (try? Program.open(id: id)) != nil
        case .link(let id): (try? Link.open(id: id)) != nil
        }
    }
}
