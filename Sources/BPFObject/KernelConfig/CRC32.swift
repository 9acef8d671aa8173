/// The CRC-32 of ISO 3309 / ITU-T V.42 that gzip uses (reflected polynomial
/// 0xEDB88320, initial and final XOR 0xFFFFFFFF).
enum CRC32 {
    /// Eight 256-entry tables, one after another: table k gives the CRC of a
    /// byte followed by k zero bytes, so eight bytes fold in per step
    /// ("slicing by 8").
    private static let tables: [UInt32] = {
        var tables = [UInt32](repeating: 0, count: 8 * 256)
        for byte in 0..<256 {
            var value = UInt32(byte)
            for _ in 0..<8 {
                value = value & 1 == 1 ? 0xEDB8_8320 ^ value >> 1 : value >> 1
            }
            tables[byte] = value
        }
        for index in 256..<tables.count {
            let previous = tables[index - 256]
            tables[index] = previous >> 8 ^ tables[Int(previous & 0xFF)]
        }
        return tables
    }()

    /// The checksum of `bytes`.
    static func checksum(_ bytes: ArraySlice<UInt8>) -> UInt32 {
        let tables = tables
        var crc: UInt32 = 0xFFFF_FFFF
        var index = bytes.startIndex
        while bytes.endIndex - index >= 8 {
            let low = crc ^ (UInt32(bytes[index]) | UInt32(bytes[index + 1]) << 8
                | UInt32(bytes[index + 2]) << 16 | UInt32(bytes[index + 3]) << 24)
            crc = tables[7 * 256 + Int(low & 0xFF)] ^ tables[6 * 256 + Int(low >> 8 & 0xFF)]
                ^ tables[5 * 256 + Int(low >> 16 & 0xFF)] ^ tables[4 * 256 + Int(low >> 24)]
                ^ tables[3 * 256 + Int(bytes[index + 4])] ^ tables[2 * 256 + Int(bytes[index + 5])]
                ^ tables[256 + Int(bytes[index + 6])] ^ tables[Int(bytes[index + 7])]
            index += 8
        }
        for byte in bytes[index...] {
            crc = tables[Int((crc ^ UInt32(byte)) & 0xFF)] ^ crc >> 8
        }
        return ~crc
    }
}
