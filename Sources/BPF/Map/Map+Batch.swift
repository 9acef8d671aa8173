import BPFObject

/// Batch operations: many elements per system call. Where the kernel or the
/// map type refuses batches (ENOTSUPP, or EINVAL from kernels that predate
/// them), they fall back to one call per element, with the same result.
/// The kernel leaves `count` alone when it refuses, so a refusal cannot be
/// told apart from a failure on the first element; the fallback then repeats
/// that element alone and reports its error.
extension Map {
    /// The outcome of one batch call: the result (or negated errno) and how
    /// many elements the kernel processed.
    private func batchCall(
        _ command: BPFCommand, keys: UnsafeRawPointer?, values: UnsafeRawPointer?, count: Int,
        inBatch: UnsafeRawPointer? = nil, outBatch: UnsafeMutableRawPointer? = nil, elementFlags: UInt64 = 0
    ) throws(BPFError) -> (result: Int, processed: Int) {
        try descriptor.withRawValue { fd in
            var attributes = MapBatchAttributes()
            attributes.mapFD = UInt32(bitPattern: fd)
            attributes.keys = UInt64(UInt(bitPattern: keys))
            attributes.values = UInt64(UInt(bitPattern: values))
            attributes.count = UInt32(truncatingIfNeeded: count)
            attributes.inBatch = UInt64(UInt(bitPattern: inBatch))
            attributes.outBatch = UInt64(UInt(bitPattern: outBatch))
            attributes.elementFlags = elementFlags
            let result = SystemCall.bpf(command, &attributes)
            return (result, Int(attributes.count))
        }
    }

    private static func refusesBatches(_ result: Int) -> Bool {
        result == -Int(Errno.kernelNotSupported.rawValue) || result == -Int(Errno.invalidArgument.rawValue)
    }

    private func batchError(_ command: BPFCommand, _ result: Int, processed: Int) -> BPFError {
        BPFError(.command(command), errno: Errno(rawValue: Int32(truncatingIfNeeded: -result)),
                 context: "batch on \(displayName) after \(processed) elements")
    }

    /// Stores `values[i]` under `keys[i]` (BPF_MAP_UPDATE_BATCH).
    public func updateBatch<Key: BitwiseCopyable, Value: BitwiseCopyable>(
        keys: [Key], values: [Value], flags: MapUpdateFlags = []
    ) throws(BPFError) {
        try checkSize(MemoryLayout<Key>.size, is: keySize, "key", for: .mapUpdateBatch)
        try checkSize(MemoryLayout<Value>.size, is: valueBufferSize, "value", for: .mapUpdateBatch)
        try checkSize(values.count, is: keys.count, "value array", for: .mapUpdateBatch)
        guard !keys.isEmpty else { return }
        // Batches take no BPF_NOEXIST or BPF_EXIST (EINVAL): only single updates do.
        guard flags.isDisjoint(with: [.noExist, .exist]) else {
            for (key, value) in zip(keys, values) { try update(key, value, flags: flags) }
            return
        }
        let (result, processed) = try keys.withUnsafeBytes { keyBytes in
            values.withUnsafeBytes { valueBytes in
                Result { () throws(BPFError) in
                    try batchCall(.mapUpdateBatch, keys: keyBytes.baseAddress, values: valueBytes.baseAddress,
                                  count: keys.count, elementFlags: flags.rawValue)
                }
            }
        }.get()
        if result >= 0 { return }
        guard Self.refusesBatches(result) else { throw batchError(.mapUpdateBatch, result, processed: processed) }
        for (key, value) in zip(keys, values) { try update(key, value, flags: flags) }
    }

    /// Removes `keys` (BPF_MAP_DELETE_BATCH).
    ///
    /// - Throws: ``BPFError/isKeyNotFound`` at the first absent key; the keys
    ///   before it are gone.
    public func deleteBatch<Key: BitwiseCopyable>(keys: [Key]) throws(BPFError) {
        try checkSize(MemoryLayout<Key>.size, is: keySize, "key", for: .mapDeleteBatch)
        guard !keys.isEmpty else { return }
        let (result, processed) = try keys.withUnsafeBytes { keyBytes in
            Result { () throws(BPFError) in
                try batchCall(.mapDeleteBatch, keys: keyBytes.baseAddress, values: nil, count: keys.count)
            }
        }.get()
        if result >= 0 { return }
        guard Self.refusesBatches(result) else { throw batchError(.mapDeleteBatch, result, processed: processed) }
        for key in keys { try delete(key) }
    }

    /// Every entry, read `chunk` at a time (BPF_MAP_LOOKUP_BATCH).
    public func lookupBatch<Key: BitwiseCopyable, Value: BitwiseCopyable>(
        keyType: Key.Type = Key.self, valueType: Value.Type = Value.self, chunk: Int = 256
    ) throws(BPFError) -> [(key: Key, value: Value)] {
        try readBatches(.mapLookupBatch, chunk: chunk) { () throws(BPFError) in try entries() }
    }

    /// Every entry, read and removed `chunk` at a time
    /// (BPF_MAP_LOOKUP_AND_DELETE_BATCH).
    public func lookupAndDeleteBatch<Key: BitwiseCopyable, Value: BitwiseCopyable>(
        keyType: Key.Type = Key.self, valueType: Value.Type = Value.self, chunk: Int = 256
    ) throws(BPFError) -> [(key: Key, value: Value)] {
        try readBatches(.mapLookupAndDeleteBatch, chunk: chunk) { () throws(BPFError) in
            var taken: [(key: Key, value: Value)] = []
            for key in try keys(as: Key.self) {
                if let value = try lookupAndDelete(key, as: Value.self) { taken.append((key, value)) }
            }
            return taken
        }
    }

    /// Walks the map with a batch lookup `command` until the kernel reports
    /// the end (ENOENT), or runs `fallback` if it refuses batches.
    private func readBatches<Key: BitwiseCopyable, Value: BitwiseCopyable>(
        _ command: BPFCommand, chunk: Int,
        fallback: () throws(BPFError) -> [(key: Key, value: Value)]
    ) throws(BPFError) -> [(key: Key, value: Value)] {
        try checkSize(MemoryLayout<Key>.size, is: keySize, "key", for: command)
        try checkSize(MemoryLayout<Value>.size, is: valueBufferSize, "value", for: command)
        var chunk = Swift.max(1, Swift.min(chunk, Swift.max(maxEntries, 1)))
        var entries: [(key: Key, value: Value)] = []
        // The position token is a bucket index for hashes and a key for
        // arrays: room for either.
        var position = [UInt64](repeating: 0, count: (Swift.max(keySize, 8) + 7) / 8)
        var next = position
        var started = false
        while true {
            var keys = [UInt8](repeating: 0, count: chunk * keySize)
            var values = [UInt8](repeating: 0, count: chunk * valueBufferSize)
            let (result, processed) = try keys.withUnsafeMutableBytes { keyBytes in
                values.withUnsafeMutableBytes { valueBytes in
                    position.withUnsafeBytes { position in
                        next.withUnsafeMutableBytes { next in
                            Result { () throws(BPFError) in
                                try batchCall(command, keys: keyBytes.baseAddress, values: valueBytes.baseAddress,
                                              count: chunk, inBatch: started ? position.baseAddress : nil,
                                              outBatch: next.baseAddress)
                            }
                        }
                    }
                }
            }.get()
            if result < 0, !started, Self.refusesBatches(result) { return try fallback() }
            // A hash bucket holds more entries than fit: try again with more room.
            if result == -Int(Errno.noSpace.rawValue), processed == 0 {
                chunk *= 2
                continue
            }
            guard result >= 0 || result == -Int(Errno.noSuchEntry.rawValue) else {
                throw batchError(command, result, processed: entries.count)
            }
            keys.withUnsafeBytes { keyBytes in
                values.withUnsafeBytes { valueBytes in
                    for index in 0..<Swift.min(processed, chunk) {
                        entries.append((keyBytes.loadUnaligned(fromByteOffset: index * keySize, as: Key.self),
                                        valueBytes.loadUnaligned(fromByteOffset: index * valueBufferSize, as: Value.self)))
                    }
                }
            }
            if result < 0 { return entries }
            position = next
            started = true
        }
    }
}
