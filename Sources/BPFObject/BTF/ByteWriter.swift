import BPFInstructions
/// Appends integers to a byte array in a chosen byte order.
struct ByteWriter {
    /// The bytes written so far.
    var bytes: [UInt8] = []
    /// How integers are stored.
    let byteOrder: ByteOrder

    /// Appends `value` in ``byteOrder``.
    mutating func write<T: FixedWidthInteger>(_ value: T) {
        let ordered = byteOrder == .littleEndian ? value.littleEndian : value.bigEndian
        withUnsafeBytes(of: ordered) { bytes.append(contentsOf: $0) }
    }

    /// Overwrites the integer at `offset`, which must already have been written.
    mutating func overwrite<T: FixedWidthInteger>(_ value: T, at offset: Int) {
        let ordered = byteOrder == .littleEndian ? value.littleEndian : value.bigEndian
        withUnsafeBytes(of: ordered) { raw in
            for (index, byte) in raw.enumerated() { bytes[offset + index] = byte }
        }
    }
}
