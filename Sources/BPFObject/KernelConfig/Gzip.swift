/// A reader of gzip files (RFC 1952): one or more members, each a header,
/// a DEFLATE stream and a trailer whose CRC-32 and size are checked.
public enum Gzip {
    private static let magic: (UInt8, UInt8) = (0x1F, 0x8B)
    private static let deflateMethod: UInt8 = 8

    private struct Flags: OptionSet {
        let rawValue: UInt8
        static let headerCRC = Flags(rawValue: 1 << 1)
        static let extra = Flags(rawValue: 1 << 2)
        static let name = Flags(rawValue: 1 << 3)
        static let comment = Flags(rawValue: 1 << 4)
        static let reserved = Flags(rawValue: 0xE0)
    }

    /// Whether `bytes` start with the gzip magic bytes.
    public static func hasMagic(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 2 && bytes[0] == magic.0 && bytes[1] == magic.1
    }

    /// Decompresses every member of the gzip file in `input` and returns their
    /// concatenated contents, as `zcat` does.
    ///
    /// Anything after the last member other than another whole member is an error.
    /// - Parameter outputLimit: the most bytes the output may hold in total.
    public static func decompress(_ input: [UInt8], outputLimit: Int = Inflate.defaultOutputLimit) throws(InflateError) -> [UInt8] {
        var decoder = DeflateDecoder(input: input, position: 0, outputLimit: outputLimit)
        repeat {
            let memberStart = decoder.outputCount
            let dataStart = try headerEnd(input, from: decoder.offset)
            decoder.move(to: dataStart)
            try decoder.decodeStream()
            try checkTrailer(input, at: decoder.offset, output: decoder.output(from: memberStart))
            decoder.move(to: decoder.offset + 8)
        } while decoder.offset < input.count
        return decoder.finishedOutput()
    }

    /// Validates the member header at `start` and returns where its DEFLATE data begins.
    private static func headerEnd(_ input: [UInt8], from start: Int) throws(InflateError) -> Int {
        guard input.count - start >= 10 else {
            if input.count - start >= 2 && (input[start] != magic.0 || input[start + 1] != magic.1) {
                throw InflateError(.notGzip, at: start)
            }
            throw InflateError(.truncated, at: input.count)
        }
        guard input[start] == magic.0 && input[start + 1] == magic.1 else { throw InflateError(.notGzip, at: start) }
        guard input[start + 2] == deflateMethod else {
            throw InflateError(.unsupportedCompressionMethod(input[start + 2]), at: start + 2)
        }
        let flags = Flags(rawValue: input[start + 3])
        guard flags.isDisjoint(with: .reserved) else { throw InflateError(.reservedFlags(flags.rawValue), at: start + 3) }

        var position = start + 10
        if flags.contains(.extra) {
            guard input.count - position >= 2 else { throw InflateError(.truncated, at: input.count) }
            let extraLength = Int(input[position]) | Int(input[position + 1]) << 8
            position += 2
            guard input.count - position >= extraLength else { throw InflateError(.truncated, at: input.count) }
            position += extraLength
        }
        for field in [Flags.name, .comment] where flags.contains(field) {
            guard let terminator = input[position...].firstIndex(of: 0) else {
                throw InflateError(.truncated, at: input.count)
            }
            position = terminator + 1
        }
        if flags.contains(.headerCRC) {
            guard input.count - position >= 2 else { throw InflateError(.truncated, at: input.count) }
            let stored = UInt16(input[position]) | UInt16(input[position + 1]) << 8
            let computed = UInt16(truncatingIfNeeded: CRC32.checksum(input[start..<position]))
            guard stored == computed else {
                throw InflateError(.headerChecksumMismatch(stored: stored, computed: computed), at: position)
            }
            position += 2
        }
        return position
    }

    private static func checkTrailer(_ input: [UInt8], at position: Int, output: ArraySlice<UInt8>) throws(InflateError) {
        guard input.count - position >= 8 else { throw InflateError(.truncated, at: input.count) }
        let storedCRC = littleEndianWord(input, at: position)
        let computedCRC = CRC32.checksum(output)
        guard storedCRC == computedCRC else {
            throw InflateError(.checksumMismatch(stored: storedCRC, computed: computedCRC), at: position)
        }
        let storedSize = littleEndianWord(input, at: position + 4)
        let computedSize = UInt32(truncatingIfNeeded: output.count)
        guard storedSize == computedSize else {
            throw InflateError(.sizeMismatch(stored: storedSize, computed: computedSize), at: position + 4)
        }
    }

    private static func littleEndianWord(_ input: [UInt8], at position: Int) -> UInt32 {
        input[position..<position + 4].reversed().reduce(0) { $0 << 8 | UInt32($1) }
    }
}
