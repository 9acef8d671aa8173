import BPF
import BPFObject

/// A sockhash: sockets under keys of a fixed-layout type, such as a
/// ``SocketFourTuple`` (BPF_MAP_TYPE_SOCKHASH).
///
/// The key's size (`MemoryLayout<Key>.size`) is the map's key size; the
/// programs that look sockets up must build the same bytes.
///
/// ```swift
/// let connections = try SockHash<SocketFourTuple>(capacity: 1024, name: "conns")
/// let verdict = try connections.attach(verdictProgram, as: .skbVerdict)
/// try connections.insert(socket, at: SocketFourTuple(of: socket)!, flags: .noExist)
/// for (tuple, cookie) in try connections.entries() { print(tuple, cookie) }
/// ```
public struct SockHash<Key: BitwiseCopyable>: SocketMap {
    /// The kernel map.
    public let map: Map
    /// `.sockhash`.
    public static var mapType: MapType { .sockhash }

    /// Creates a sockhash holding up to `capacity` sockets.
    public init(capacity: UInt32, name: String = "", valueSize: SocketValueSize = .cookie) throws(SocketMapError) {
        map = try Self.create(keySize: MemoryLayout<Key>.size, capacity: capacity, name: name, valueSize: valueSize)
    }

    /// Views an existing map, which must be a sockhash whose key size is
    /// `Key`'s and whose values are 4 or 8 bytes.
    public init(_ map: Map) throws(SocketMapError) {
        try Self.checkShape(map)
        self.map = map
    }
}
