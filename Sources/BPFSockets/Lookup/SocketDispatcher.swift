import BPF
import BPFObject
import Glibc

/// Steers every TCP connection and UDP datagram that matches a set of
/// (local address prefix, port range) rules to one chosen socket, in one
/// network namespace, with a built-in sk_lookup program.
///
/// The target sockets sit in a two-slot ``SockMap`` (TCP listener, UDP
/// socket), the rules in an array map the program reads on every lookup, so
/// ``setRules(_:)`` changes them while connections keep arriving. Traffic no
/// rule matches gets the kernel's regular socket lookup.
///
/// ```swift
/// let listener = /* a TCP socket listening on any port */
/// let dispatcher = try SocketDispatcher(tcp: listener, rules: [
///     DispatchRule(.tcp, address: IPAddress("10.1.0.0")!, prefixLength: 16, ports: 80...443),
/// ])
/// ```
public final class SocketDispatcher: Sendable {
    /// The target sockets: slot 0 the TCP listener, slot 1 the UDP socket.
    public let targets: SockMap
    /// The rule array: one element holding ``DispatchProgram/capacity`` rules.
    public let rulesMap: Map
    /// The sk_lookup program.
    public let program: Program
    /// The link attaching the program to the namespace.
    public let link: Link
    private let currentRules: PthreadMutex<[DispatchRule]>

    /// Starts dispatching in `namespace` to `tcp` (a listening socket) and
    /// `udp` (a bound, unconnected socket), either of which may be nil.
    public init(namespace: NetworkNamespace = .current, tcp: Int32? = nil, udp: Int32? = nil,
                rules: [DispatchRule]) throws(SocketMapError) {
        let context = "start a socket dispatcher in network namespace \(namespace)"
        targets = try SockMap(capacity: 2, name: "dispatch_targets")
        if let tcp { try targets.insert(tcp, at: 0) }
        if let udp { try targets.insert(udp, at: 1) }
        do throws(BPFError) {
            rulesMap = try Map(MapParameters(type: .array, keySize: 4,
                                             valueSize: UInt32(DispatchProgram.capacity * DispatchRuleRecord.size),
                                             maxEntries: 1, name: "dispatch_rules"))
            program = try DispatchProgram.load(rules: rulesMap, targets: targets)
        } catch {
            throw SocketMapError(.kernel, context: context, kernelError: error)
        }
        currentRules = PthreadMutex([])
        try Self.write(rules, to: rulesMap, context: context)
        do {
            link = try namespace.attach(program)
        } catch {
            throw SocketMapError(.kernel, context: context, kernelError: error)
        }
        currentRules.withLock { $0 = rules }
    }

    /// The rules in force.
    public var rules: [DispatchRule] { currentRules.withLock { $0 } }

    /// Replaces the rules; the program sees the new list from its next run.
    ///
    /// - Throws: ``SocketMapError/Reason/tooManyRules(capacity:)`` past
    ///   ``DispatchProgram/capacity`` rules.
    public func setRules(_ rules: [DispatchRule]) throws(SocketMapError) {
        try currentRules.withLock { (current) throws(SocketMapError) in
            try Self.write(rules, to: rulesMap, context: "set the socket dispatcher's rules")
            current = rules
        }
    }

    /// Stops dispatching: detaches the program and closes the maps.
    public func close() {
        try? link.detach()
        link.close()
        program.close()
        rulesMap.close()
        targets.map.close()
    }

    private static func write(_ rules: [DispatchRule], to map: Map, context: String) throws(SocketMapError) {
        guard rules.count <= DispatchProgram.capacity else {
            throw SocketMapError(.tooManyRules(capacity: DispatchProgram.capacity), context: context)
        }
        var records = rules.map(\.record)
        records += repeatElement(.empty, count: DispatchProgram.capacity - records.count)
        let key = UInt32(0)
        let outcome = records.withUnsafeBytes { value in
            withUnsafeBytes(of: key) { key in
                Result { () throws(BPFError) in try map.update(key: key, value: value) }
            }
        }
        do throws(BPFError) {
            try outcome.get()
        } catch {
            throw SocketMapError(.kernel, context: context, kernelError: error)
        }
    }
}
