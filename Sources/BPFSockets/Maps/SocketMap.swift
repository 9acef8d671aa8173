import BPF
import BPFObject

/// What ``SockMap`` and ``SockHash`` share: a typed view of a kernel sockmap
/// or sockhash.
///
/// User space writes a socket's descriptor and reads back its cookie (the
/// value of `getsockopt(SO_COOKIE)`), which needs 8-byte values (see
/// ``SocketValueSize``). The kernel removes a socket from every map when it
/// closes.
public protocol SocketMap: Sendable {
    /// The key: `UInt32` for a sockmap, any fixed-layout value for a sockhash.
    associatedtype Key: BitwiseCopyable
    /// The kernel map.
    var map: Map { get }
    /// `.sockmap` or `.sockhash`.
    static var mapType: MapType { get }
}

extension SocketMap {
    /// Puts `socket` (a descriptor) into the slot `key`.
    ///
    /// Programs already attached to the map apply to the socket from now on;
    /// sockets inserted before an attach keep the programs they had.
    ///
    /// - Parameters:
    ///   - flags: `.any` (default), `.noExist` (fail if taken) or `.exist`
    ///     (fail if empty).
    /// - Throws: a ``SocketMapError`` whose reason names the kernel's refusal:
    ///   an unsupported socket (with its family, type and state), not a socket,
    ///   a socket whose programs come from another map, an index out of range,
    ///   a taken or empty slot.
    @inlinable
    public func insert(_ socket: Int32, at key: Key, flags: MapUpdateFlags = .any) throws(SocketMapError) {
        try withUnsafeBytes(of: key) { (key) throws(SocketMapError) in try map.insertSocket(socket, key: key, flags: flags) }
    }

    /// The cookie of the socket in slot `key`, or nil if the slot is empty.
    ///
    /// - Throws: ``SocketMapError/Reason/lookupNeedsEightByteValues`` for a map
    ///   with 4-byte values, where the kernel answers ENOSPC.
    @inlinable
    public func cookie(at key: Key) throws(SocketMapError) -> UInt64? {
        try withUnsafeBytes(of: key) { (key) throws(SocketMapError) in try map.socketCookie(key: key) }
    }

    /// Takes the socket out of slot `key`. Returns false if the slot was empty.
    @discardableResult @inlinable
    public func remove(_ key: Key) throws(SocketMapError) -> Bool {
        try withUnsafeBytes(of: key) { (key) throws(SocketMapError) in try map.removeSocket(key: key) }
    }

    /// Every occupied slot with its socket's cookie, in the map's order.
    public func entries() throws(SocketMapError) -> [(key: Key, cookie: UInt64)] {
        guard map.valueSize == 8 else {
            throw SocketMapError(.lookupNeedsEightByteValues, context: "list the sockets in \(map.displayName)")
        }
        var cursor = MapEntryCursor<Key, UInt64>(map)
        var entries: [(key: Key, cookie: UInt64)] = []
        do {
            while let entry = try cursor.next() { entries.append((entry.key, entry.value)) }
        } catch {
            throw SocketMapError(.kernel, context: "list the sockets in \(map.displayName)", kernelError: error)
        }
        return entries
    }

    /// The keys of the occupied slots. A sockmap's key walk yields every
    /// index, so for a sockmap this reads each slot (and needs 8-byte values).
    public func keys() throws(SocketMapError) -> [Key] {
        if Self.mapType == .sockmap { return try entries().map(\.key) }
        do {
            return try map.keys(as: Key.self)
        } catch {
            throw SocketMapError(.kernel, context: "list the keys of \(map.displayName)", kernelError: error)
        }
    }

    /// Attaches `program` to the map in `role`; see ``SocketMapAttachment``.
    ///
    /// Programs affect only sockets inserted after the attach.
    ///
    /// - Parameter mechanism: nil to use a link where the kernel has sockmap
    ///   links (6.10+) and PROG_ATTACH where not.
    public func attach(_ program: Program, as role: SocketProgramRole,
                       mechanism: SocketMapAttachment.Mechanism? = nil) throws(SocketMapError) -> SocketMapAttachment {
        try SocketMapAttachment(program, to: map, as: role, mechanism: mechanism)
    }

    /// The programs attached to the map in `role`, by id (BPF_PROG_QUERY).
    public func attachedProgramIDs(_ role: SocketProgramRole) throws(SocketMapError) -> [UInt32] {
        do {
            return try Program.query(.map(map), attachType: role.attachType).ids
        } catch {
            throw SocketMapError(.kernel, context: "query the \(role) programs of \(map.displayName)", kernelError: error)
        }
    }

    /// Throws unless `map` is a `mapType` map with `Key`-sized keys and 4- or 8-byte values.
    static func checkShape(_ map: Map) throws(SocketMapError) {
        let keySize = MemoryLayout<Key>.size
        guard map.type == mapType, map.keySize == keySize, map.valueSize == 4 || map.valueSize == 8 else {
            throw SocketMapError(.wrongMap(expected: mapType, keySize: keySize, actual: map.description),
                                 context: "open \(map.displayName) as a \(mapType)")
        }
    }

    /// Creates the kernel map for a new view.
    static func create(keySize: Int, capacity: UInt32, name: String,
                       valueSize: SocketValueSize) throws(SocketMapError) -> Map {
        do {
            return try Map(MapParameters(type: mapType, keySize: UInt32(truncatingIfNeeded: keySize),
                                         valueSize: valueSize.rawValue, maxEntries: capacity, name: name))
        } catch {
            throw SocketMapError(.kernel, context: "create \(mapType) map '\(name)'", kernelError: error)
        }
    }
}
