import BPFObject

/// Element operations on fixed-layout Swift values. The sizes of `Key` and
/// `Value` (`MemoryLayout.size`) must equal the map's key and value sizes;
/// mind trailing padding, which C counts and Swift does not.
extension Map {
    /// The value stored under `key`, or nil if the key is not in the map.
    @inlinable
    public func lookup<Key: BitwiseCopyable, Value: BitwiseCopyable>(
        _ key: Key, as valueType: Value.Type = Value.self
    ) throws(BPFError) -> Value? {
        try Self.withBytes(of: key) { key throws(BPFError) in
            try Self.receiving(Value.self) { value throws(BPFError) in try lookup(key: key, into: value) }
        }
    }

    /// Stores `value` under `key`. See ``update(key:value:flags:)`` for the errors.
    @inlinable
    public func update<Key: BitwiseCopyable, Value: BitwiseCopyable>(
        _ key: Key, _ value: Value, flags: MapUpdateFlags = []
    ) throws(BPFError) {
        try withUnsafeBytes(of: key) { key throws(BPFError) in
            try withUnsafeBytes(of: value) { value throws(BPFError) in try update(key: key, value: value, flags: flags) }
        }
    }

    /// Removes `key`.
    ///
    /// - Throws: ``BPFError/isKeyNotFound`` if the key is not in the map.
    @inlinable
    public func delete<Key: BitwiseCopyable>(_ key: Key) throws(BPFError) {
        try withUnsafeBytes(of: key) { key throws(BPFError) in try delete(key: key) }
    }

    /// Takes the value under `key` out of the map, or nil if there is none.
    @inlinable
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
    public func push<Value: BitwiseCopyable>(_ value: Value, flags: MapUpdateFlags = []) throws(BPFError) {
        try withUnsafeBytes(of: value) { value throws(BPFError) in
            try update(key: UnsafeRawBufferPointer(start: nil, count: 0), value: value, flags: flags)
        }
    }

    /// Lets `fill` write a `Value` into stack memory and returns it, or nil
    /// when `fill` reports there was none.
    ///
    /// The closures handed to the standard library do not throw: typed-throwing
    /// closures kept the generic code from being specialized in clients, which
    /// cost a third of a lookup.
    @inlinable @inline(__always)
    static func receiving<Value: BitwiseCopyable>(
        _ type: Value.Type, _ fill: (UnsafeMutableRawBufferPointer) throws(BPFError) -> Bool
    ) throws(BPFError) -> Value? {
        let outcome: Result<Value?, BPFError> = withUnsafeTemporaryAllocation(
            byteCount: MemoryLayout<Value>.size, alignment: MemoryLayout<Value>.alignment
        ) { value in
            do throws(BPFError) {
                return .success(try fill(value) ? value.load(as: Value.self) : nil)
            } catch {
                return .failure(error)
            }
        }
        return try outcome.get()
    }
}

extension Map {
    /// `withUnsafeBytes(of:)` for a typed-throwing body, through a
    /// non-throwing closure (see ``receiving(_:_:)``).
    @inlinable @inline(__always)
    static func withBytes<Value: BitwiseCopyable, Result>(
        of value: Value, _ body: (UnsafeRawBufferPointer) throws(BPFError) -> Result
    ) throws(BPFError) -> Result {
        let outcome: Swift.Result<Result, BPFError> = withUnsafeBytes(of: value) { bytes in
            do throws(BPFError) {
                return .success(try body(bytes))
            } catch {
                return .failure(error)
            }
        }
        return try outcome.get()
    }
}
