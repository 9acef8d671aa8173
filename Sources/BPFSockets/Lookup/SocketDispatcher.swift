import BPF
import BPFObject
import Glibc

/// Steers every TCP connection and UDP datagram that matches a set of
/// (local address prefix, port range) rules to one chosen socket, in one
/// network namespace, with a built-in sk_lookup program.
///
/// The target sockets sit in a two-slot ``SockMap`` (TCP listener, UDP
/// socket), the rules in a map the program reads on every lookup, so
/// ``setRules(_:)`` changes them while connections keep arriving. A change
/// is atomic as the program sees it: each lookup reads either the whole old
/// list or the whole new one (the new list goes into a fresh inner map of an
/// array-of-maps, and the outer element is swapped to it last). Traffic no
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
    /// The rules: an array-of-maps whose only element is the array map
    /// holding the current list of ``DispatchProgram/capacity`` rule records.
    public var rulesMap: Map { ruleSlot.outer }
    /// The sk_lookup program.
    public let program: Program
    /// The link attaching the program to the namespace.
    public let link: Link
    private let ruleSlot: DispatchRuleSlot
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
            ruleSlot = try DispatchRuleSlot()
            program = try DispatchProgram.load(rules: ruleSlot.outer, targets: targets)
        } catch {
            throw SocketMapError(.kernel, context: context, kernelError: error)
        }
        currentRules = PthreadMutex([])
        try ruleSlot.publish(rules, context: context)
        do {
            link = try namespace.attach(program)
        } catch {
            throw SocketMapError(.kernel, context: context, kernelError: error)
        }
        currentRules.withLock { $0 = rules }
    }

    /// The rules in force.
    public var rules: [DispatchRule] { currentRules.withLock { $0 } }

    /// Replaces the rules; each program run sees either the whole old list
    /// or the whole new one. The kernel waits for an RCU grace period before
    /// the swap returns (it does so for every array-of-maps update), so this
    /// takes milliseconds, and once it returns no program run still reads
    /// the old list.
    ///
    /// - Throws: ``SocketMapError/Reason/tooManyRules(capacity:)`` past
    ///   ``DispatchProgram/capacity`` rules.
    public func setRules(_ rules: [DispatchRule]) throws(SocketMapError) {
        try currentRules.withLock { (current) throws(SocketMapError) in
            try ruleSlot.publish(rules, context: "set the socket dispatcher's rules")
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
}
