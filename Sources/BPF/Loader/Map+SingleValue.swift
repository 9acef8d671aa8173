import BPFObject

/// The value under key 0 of a one-entry array, which is how global data
/// maps hold their section.
extension Map {
    /// Stores `value` under key 0.
    func storeSingleValue(_ value: [UInt8]) throws(BPFError) {
        let key: UInt32 = 0
        let result = value.withUnsafeBytes { buffer in
            withUnsafeBytes(of: key) { keyBytes in
                Result { () throws(BPFError) in try update(key: keyBytes, value: buffer) }
            }
        }
        try result.get()
    }

    /// The value under key 0.
    func loadSingleValue() throws(BPFError) -> [UInt8] {
        let key: UInt32 = 0
        var value = [UInt8](repeating: 0, count: valueBufferSize)
        let result = value.withUnsafeMutableBytes { buffer in
            withUnsafeBytes(of: key) { keyBytes in
                Result { () throws(BPFError) in try lookup(key: keyBytes, into: buffer) }
            }
        }
        _ = try result.get()
        return value
    }
}
