/// Walks a map's keys with BPF_MAP_GET_NEXT_KEY.
///
/// If the key the walk stands on is deleted meanwhile, hash maps restart from
/// their first key. The cursor therefore stops with an error once it has
/// produced more keys than the map can hold, rather than looping forever.
public struct MapKeyCursor<Key: BitwiseCopyable> {
    /// The map being walked.
    public let map: Map
    private var current: Key?
    private var produced = 0

    /// Starts before the first key.
    public init(_ map: Map) {
        self.map = map
    }

    /// The next key, or nil after the last.
    public mutating func next() throws(BPFError) -> Key? {
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
        current = next
        if next != nil { produced += 1 }
        return next
    }
}

/// Walks a map's entries: each key from ``MapKeyCursor`` with its value. Keys
/// deleted between finding them and reading their value are skipped.
public struct MapEntryCursor<Key: BitwiseCopyable, Value: BitwiseCopyable> {
    private var keys: MapKeyCursor<Key>

    /// Starts before the first entry.
    public init(_ map: Map) {
        keys = MapKeyCursor(map)
    }

    /// The next entry, or nil after the last.
    public mutating func next() throws(BPFError) -> (key: Key, value: Value)? {
        while let key = try keys.next() {
            if let value = try keys.map.lookup(key, as: Value.self) { return (key, value) }
        }
        return nil
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
