import BPFObject

/// Per-CPU maps hold one value per possible CPU. User space reads and writes
/// all of them at once, each in a slot rounded up to 8 bytes.
extension Map {
    /// The values under `key`, one per possible CPU, or nil if the key is not
    /// in the map. `Value` must be ``valueSize`` bytes.
    public func lookupPerCPU<Key: BitwiseCopyable, Value: BitwiseCopyable>(
        _ key: Key, as valueType: Value.Type = Value.self
    ) throws(BPFError) -> [Value]? {
        try checkSize(MemoryLayout<Value>.size, is: valueSize, "value", for: .mapLookupElement)
        var buffer = [UInt8](repeating: 0, count: valueBufferSize)
        let found = try withUnsafeBytes(of: key) { key throws(BPFError) in
            try buffer.withUnsafeMutableBytes { buffer in
                Result { () throws(BPFError) in try lookup(key: key, into: buffer) }
            }.get()
        }
        guard found else { return nil }
        let stride = PossibleCPUs.perCPUStride(valueSize)
        return buffer.withUnsafeBytes { buffer in
            stride == 0 ? [] : (0..<buffer.count / stride).map { buffer.loadUnaligned(fromByteOffset: $0 * stride, as: Value.self) }
        }
    }

    /// Stores `values`, one per possible CPU, under `key`.
    public func updatePerCPU<Key: BitwiseCopyable, Value: BitwiseCopyable>(
        _ key: Key, _ values: [Value], flags: MapUpdateFlags = []
    ) throws(BPFError) {
        try checkSize(MemoryLayout<Value>.size, is: valueSize, "value", for: .mapUpdateElement)
        let stride = PossibleCPUs.perCPUStride(valueSize)
        try checkSize(values.count * stride, is: valueBufferSize, "per-CPU value array", for: .mapUpdateElement)
        var buffer = [UInt8](repeating: 0, count: valueBufferSize)
        buffer.withUnsafeMutableBytes { buffer in
            for (cpu, value) in values.enumerated() {
                buffer.storeBytes(of: value, toByteOffset: cpu * stride, as: Value.self)
            }
        }
        try withUnsafeBytes(of: key) { key throws(BPFError) in
            try buffer.withUnsafeBytes { buffer in
                Result { () throws(BPFError) in try update(key: key, value: buffer, flags: flags) }
            }.get()
        }
    }

    /// How many values a per-CPU lookup returns: the possible CPUs.
    public static func possibleCPUCount() throws(BPFError) -> Int { try PossibleCPUs.count() }
}
