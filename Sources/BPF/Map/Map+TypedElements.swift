import BPFObject

/// Element operations on fixed-layout Swift values. The sizes of `Key` and
/// `Value` (`MemoryLayout.size`) must equal the map's key and value sizes;
/// mind trailing padding, which C counts and Swift does not.
extension Map {
    /// The value stored under `key`, or nil if the key is not in the map.
    @inline(__always)
    public func lookup<Key: BitwiseCopyable, Value: BitwiseCopyable>(
        _ key: Key, as valueType: Value.Type = Value.self
    ) throws(BPFError) -> Value? {
        try withUnsafeBytes(of: key) { key throws(BPFError) in
            try Self.receiving(Value.self) { value throws(BPFError) in try lookup(key: key, into: value) }
        }
    }

    /// Stores `value` under `key`. See ``update(key:value:flags:)`` for the errors.
    @inline(__always)
    public func update<Key: BitwiseCopyable, Value: BitwiseCopyable>(
        _ key: Key, _ value: Value, flags: MapUpdateFlags = .any
    ) throws(BPFError) {
        try withUnsafeBytes(of: key) { key throws(BPFError) in
            try withUnsafeBytes(of: value) { value throws(BPFError) in try update(key: key, value: value, flags: flags) }
        }
    }

    /// Removes `key`.
    ///
    /// - Throws: ``BPFError/isKeyNotFound`` if the key is not in the map.
    @inline(__always)
    public func delete<Key: BitwiseCopyable>(_ key: Key) throws(BPFError) {
        try withUnsafeBytes(of: key) { key throws(BPFError) in try delete(key: key) }
    }

    /// Takes the value under `key` out of the map, or nil if there is none.
    public func lookupAndDelete<Key: BitwiseCopyable, Value: BitwiseCopyable>(
        _ key: Key, as valueType: Value.Type = Value.self
    ) throws(BPFError) -> Value? {
        try withUnsafeBytes(of: key) { key throws(BPFError) in
            try Self.receiving(Value.self) { value throws(BPFError) in try lookupAndDelete(key: key, into: value) }
        }
    }

    /// Pops the next value from a queue or stack, or nil if it is empty.
    public func pop<Value: BitwiseCopyable>(as valueType: Value.Type = Value.self) throws(BPFError) -> Value? {
        try Self.receiving(Value.self) { value throws(BPFError) in
            try lookupAndDelete(key: UnsafeRawBufferPointer(start: nil, count: 0), into: value)
        }
    }

    /// Pushes `value` onto a queue or stack (an update with an empty key).
    public func push<Value: BitwiseCopyable>(_ value: Value, flags: MapUpdateFlags = .any) throws(BPFError) {
        try withUnsafeBytes(of: value) { value throws(BPFError) in
            try update(key: UnsafeRawBufferPointer(start: nil, count: 0), value: value, flags: flags)
        }
    }

    /// Lets `fill` write a `Value` into stack memory and returns it, or nil
    /// when `fill` reports there was none.
    @inline(__always)
    static func receiving<Value: BitwiseCopyable>(
        _ type: Value.Type, _ fill: (UnsafeMutableRawBufferPointer) throws(BPFError) -> Bool
    ) throws(BPFError) -> Value? {
        try withUnsafeTemporaryAllocation(byteCount: MemoryLayout<Value>.size,
                                          alignment: MemoryLayout<Value>.alignment) { value throws(BPFError) in
            try fill(value) ? value.load(as: Value.self) : nil
        }
    }
}
