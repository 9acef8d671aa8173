/// Walks a map's keys with BPF_MAP_GET_NEXT_KEY.
///
/// If the key the walk stands on is deleted meanwhile, hash maps restart from
/// their first key. The cursor therefore stops with an error once it has
/// produced more keys than the map can hold, rather than looping forever.
///
/// A cursor is a value: each task walks with its own. Walks may run while
/// other threads change the map, with the restarts described above.
public struct MapKeyCursor<Key: BitwiseCopyable> {
    /// The map being walked.
    public let map: Map
    /// The key the walk stands on; nil before the first.
    private(set) var current: Key?
    private var produced = 0
    private var finished = false

    /// Starts before the first key.
    public init(_ map: Map) {
        self.map = map
    }

    /// The next key, or nil after the last.
    public mutating func next() throws(BPFError) -> Key? {
        if finished { return nil }
        guard produced <= map.maxEntries else {
            throw BPFError(.command(.mapGetNextKey), errno: .loop,
                           context: "walk the keys of \(map.displayName): concurrent deletions restarted the walk "
                               + "until it produced more keys than max_entries (\(map.maxEntries)); walk again")
        }
        let previous = current
        let next = try Map.receiving(Key.self) { next throws(BPFError) in
            guard let previous else { return try map.nextKey(after: nil, into: next) }
            return try withUnsafeBytes(of: previous) { key throws(BPFError) in try map.nextKey(after: key, into: next) }
        }
        guard let next else {
            finished = true
            return nil
        }
        current = next
        produced += 1
        return next
    }

    /// Moves the walk back one step to `key`, so the next step asks again for
    /// the key after it; that key does not count twice against the bound.
    mutating func stepBack(to key: Key?) {
        current = key
        produced -= 1
    }
}

/// Walks a map's entries: each key from ``MapKeyCursor`` with its value.
///
/// A key deleted between finding it and reading its value is skipped by
/// stepping back to the key before it, which still exists: asking the kernel
/// for the key after the deleted one would restart the walk from the first key.
/// A key that is found but absent twice in a row is a hole, as in a sockmap's
/// empty slots, and the walk moves past it.
public struct MapEntryCursor<Key: BitwiseCopyable, Value: BitwiseCopyable> {
    private var keys: MapKeyCursor<Key>
    private var steppedBack = false

    /// Starts before the first entry.
    public init(_ map: Map) {
        keys = MapKeyCursor(map)
    }

    /// The next entry, or nil after the last.
    public mutating func next() throws(BPFError) -> (key: Key, value: Value)? {
        while true {
            let previous = keys.current
            guard let key = try keys.next() else { return nil }
            if let value = try keys.map.lookup(key, as: Value.self) {
                steppedBack = false
                return (key, value)
            }
            if steppedBack {
                steppedBack = false
                continue
            }
            steppedBack = true
            keys.stepBack(to: previous)
        }
    }
}

extension Map {
    /// Every key, in the map's order.
    public func keys<Key: BitwiseCopyable>(as keyType: Key.Type = Key.self) throws(BPFError) -> [Key] {
        var cursor = MapKeyCursor<Key>(self)
        var keys: [Key] = []
        while let key = try cursor.next() { keys.append(key) }
        return keys
    }

    /// Every entry, in the map's order.
    public func entries<Key: BitwiseCopyable, Value: BitwiseCopyable>(
        keyType: Key.Type = Key.self, valueType: Value.Type = Value.self
    ) throws(BPFError) -> [(key: Key, value: Value)] {
        var cursor = MapEntryCursor<Key, Value>(self)
        var entries: [(key: Key, value: Value)] = []
        while let entry = try cursor.next() { entries.append(entry) }
        return entries
    }
}

extension MapKeyCursor: Sendable where Key: Sendable {}

extension MapEntryCursor: Sendable where Key: Sendable, Value: Sendable {}
