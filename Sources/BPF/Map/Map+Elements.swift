import BPFObject

/// Element operations on raw bytes. These are the primitives; the typed
/// operations forward to them.
extension Map {
    /// Issues an element command; returns the result or the negated errno.
    @inline(__always)
    func elementCommand(
        _ command: BPFCommand, key: UnsafeRawPointer?, value: UnsafeRawPointer?, flags: UInt64 = 0
    ) throws(BPFError) -> Int {
        try descriptor.withRawValue { fd in
            var attributes = MapElementAttributes()
            attributes.mapFD = UInt32(bitPattern: fd)
            attributes.key = UInt64(UInt(bitPattern: key))
            attributes.value = UInt64(UInt(bitPattern: value))
            attributes.flags = flags
            return SystemCall.bpf(command, &attributes)
        }
    }

    /// The error for a failed element command.
    func elementError(_ command: BPFCommand, _ result: Int) -> BPFError {
        let verb = switch command {
        case .mapLookupElement: "look up a key in"
        case .mapUpdateElement: "update"
        case .mapDeleteElement: "delete a key from"
        case .mapGetNextKey: "walk the keys of"
        case .mapLookupAndDeleteElement: "look up and delete a key in"
        default: "use"
        }
        return BPFError(.command(command), errno: Errno(rawValue: Int32(truncatingIfNeeded: -result)),
                        context: "\(verb) \(displayName)")
    }

    /// Throws unless `count` bytes is what the map takes as `what`.
    @inline(__always)
    func checkSize(_ count: Int, is expected: Int, _ what: StaticString, for command: BPFCommand) throws(BPFError) {
        guard count == expected else {
            throw BPFError(.command(command), errno: .invalidArgument,
                           context: "\(displayName) takes \(expected)-byte \(what)s, not \(count) bytes")
        }
    }

    /// Copies the value stored under `key` into `value`, which must hold
    /// ``valueBufferSize`` bytes. Returns false if the key is not in the map.
    public func lookup(key: UnsafeRawBufferPointer, into value: UnsafeMutableRawBufferPointer,
                       flags: MapUpdateFlags = []) throws(BPFError) -> Bool {
        try checkSize(key.count, is: keySize, "key", for: .mapLookupElement)
        try checkSize(value.count, is: valueBufferSize, "value", for: .mapLookupElement)
        let result = try elementCommand(.mapLookupElement, key: key.baseAddress, value: value.baseAddress,
                                        flags: flags.rawValue)
        if result >= 0 { return true }
        if result == -Int(Errno.noSuchEntry.rawValue) { return false }
        throw elementError(.mapLookupElement, result)
    }

    /// Stores `value` (``valueBufferSize`` bytes) under `key`.
    ///
    /// - Throws: ``BPFError/isKeyExists`` for `.noExist` on a present key,
    ///   ``BPFError/isKeyNotFound`` for `.exist` on an absent one, E2BIG for an
    ///   index past max_entries, ENOSPC when the map is full.
    public func update(key: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer,
                       flags: MapUpdateFlags = []) throws(BPFError) {
        try checkSize(key.count, is: keySize, "key", for: .mapUpdateElement)
        try checkSize(value.count, is: valueBufferSize, "value", for: .mapUpdateElement)
        let result = try elementCommand(.mapUpdateElement, key: key.baseAddress, value: value.baseAddress,
                                        flags: flags.rawValue)
        if result < 0 { throw elementError(.mapUpdateElement, result) }
    }

    /// Removes `key`.
    ///
    /// - Throws: ``BPFError/isKeyNotFound`` if the key is not in the map.
    public func delete(key: UnsafeRawBufferPointer) throws(BPFError) {
        try checkSize(key.count, is: keySize, "key", for: .mapDeleteElement)
        let result = try elementCommand(.mapDeleteElement, key: key.baseAddress, value: nil)
        if result < 0 { throw elementError(.mapDeleteElement, result) }
    }

    /// Writes the key after `key` (or the first key, for nil) into `next`.
    /// Returns false after the last key.
    public func nextKey(after key: UnsafeRawBufferPointer?, into next: UnsafeMutableRawBufferPointer) throws(BPFError) -> Bool {
        if let key { try checkSize(key.count, is: keySize, "key", for: .mapGetNextKey) }
        try checkSize(next.count, is: keySize, "key", for: .mapGetNextKey)
        let result = try elementCommand(.mapGetNextKey, key: key?.baseAddress, value: next.baseAddress)
        if result >= 0 { return true }
        if result == -Int(Errno.noSuchEntry.rawValue) { return false }
        throw elementError(.mapGetNextKey, result)
    }

    /// Copies the value under `key` into `value` and removes the entry in one
    /// step. Queues and stacks take an empty key and pop. Returns false if
    /// there was nothing to take.
    public func lookupAndDelete(key: UnsafeRawBufferPointer, into value: UnsafeMutableRawBufferPointer) throws(BPFError) -> Bool {
        try checkSize(key.count, is: keySize, "key", for: .mapLookupAndDeleteElement)
        try checkSize(value.count, is: valueBufferSize, "value", for: .mapLookupAndDeleteElement)
        let result = try elementCommand(.mapLookupAndDeleteElement, key: keySize == 0 ? nil : key.baseAddress,
                                        value: value.baseAddress)
        if result >= 0 { return true }
        if result == -Int(Errno.noSuchEntry.rawValue) { return false }
        throw elementError(.mapLookupAndDeleteElement, result)
    }
}
