import Glibc

/// One rule of a ``SocketDispatcher``: connections (TCP) or datagrams (UDP)
/// to a local address inside `prefix` and a port inside `ports`.
public struct DispatchRule: Hashable, Sendable, CustomStringConvertible {
    /// The transport a rule steers.
    public enum Transport: UInt32, Sendable, Hashable {
        /// TCP connections: the SYN's listener lookup.
        case tcp = 6
        /// UDP datagrams: the unconnected-socket lookup.
        case udp = 17
    }

    /// TCP or UDP.
    public var transport: Transport
    /// The local (destination) address prefix.
    public var address: IPAddress
    /// How many leading bits of ``address`` must match (0 to 32 or 128).
    public var prefixLength: Int
    /// The local (destination) ports.
    public var ports: ClosedRange<UInt16>

    /// Creates a rule; a prefix length past the family's width counts as the full width.
    public init(_ transport: Transport, address: IPAddress, prefixLength: Int, ports: ClosedRange<UInt16>) {
        self.transport = transport
        self.address = address
        self.prefixLength = min(max(prefixLength, 0), address.family == AF_INET ? 32 : 128)
        self.ports = ports
    }

    /// The rule as the dispatch program reads it.
    var record: DispatchRuleRecord {
        let width = address.family == AF_INET ? 4 : 16
        var maskBytes = [UInt8](repeating: 0, count: 16)
        for index in 0..<width {
            let bits = min(max(prefixLength - index * 8, 0), 8)
            maskBytes[index] = bits == 0 ? 0 : UInt8(truncatingIfNeeded: 0xff << (8 - bits))
        }
        let mask = maskBytes.withUnsafeBytes { $0.loadUnaligned(as: DispatchRuleRecord.Words.self) }
        let words = address.words
        return DispatchRuleRecord(
            transport: transport.rawValue, family: UInt32(bitPattern: address.family),
            address: DispatchRuleRecord.Words(words.0 & mask.0, words.1 & mask.1, words.2 & mask.2, words.3 & mask.3),
            mask: mask, lowestPort: UInt32(ports.lowerBound), highestPort: UInt32(ports.upperBound))
    }

    /// Such as `tcp 127.0.1.0/24 ports 20000...20099`.
    public var description: String {
        "\(transport == .tcp ? "tcp" : "udp") \(address)/\(prefixLength) ports \(ports.lowerBound)...\(ports.upperBound)"
    }
}

/// One rule in the dispatcher's rule map: `{ u32 transport; u32 family;
/// u32 address[4]; u32 mask[4]; u32 lowest_port; u32 highest_port; }`,
/// 48 bytes. A zero transport marks the end of the list.
struct DispatchRuleRecord: BitwiseCopyable {
    typealias Words = (UInt32, UInt32, UInt32, UInt32)

    var transport: UInt32
    var family: UInt32
    var address: Words
    var mask: Words
    var lowestPort: UInt32
    var highestPort: UInt32

    static let size = 48
    static let empty = DispatchRuleRecord(transport: 0, family: 0, address: (0, 0, 0, 0), mask: (0, 0, 0, 0),
                                          lowestPort: 0, highestPort: 0)
}
