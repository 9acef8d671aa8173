import BPF
import BPFObject

/// A sockmap: sockets in slots indexed by `UInt32` (BPF_MAP_TYPE_SOCKMAP).
///
/// ```swift
/// let sockets = try SockMap(capacity: 2, name: "pairs")
/// let parser = try sockets.attach(parserProgram, as: .streamParser)
/// let verdict = try sockets.attach(verdictProgram, as: .streamVerdict)
/// try sockets.insert(connection, at: 0, flags: .noExist)
/// let cookie = try sockets.cookie(at: 0)  // == getsockopt(SO_COOKIE)
/// ```
public struct SockMap: SocketMap {
    /// Slots are indexed by `UInt32`.
    public typealias Key = UInt32
    /// The kernel map.
    public let map: Map
    /// `.sockmap`.
    public static let mapType = MapType.sockmap

    /// Creates a sockmap with `capacity` slots.
    public init(capacity: UInt32, name: String = "", valueSize: SocketValueSize = .cookie) throws(SocketMapError) {
        map = try Self.create(keySize: 4, capacity: capacity, name: name, valueSize: valueSize)
    }

    /// Views an existing map, which must be a sockmap with 4-byte keys and 4-
    /// or 8-byte values.
    public init(_ map: Map) throws(SocketMapError) {
        try Self.checkShape(map)
        self.map = map
    }
}
