/// A decoder for raw DEFLATE streams (RFC 1951): stored, fixed-Huffman and
/// dynamic-Huffman blocks.
///
/// It trusts nothing in its input: every failure is an ``InflateError`` with
/// the byte offset, the output never grows past a caller-given limit, and the
/// work done is linear in the input and output sizes.
public enum Inflate {
    /// The output limit used when the caller gives none: 64 MiB.
    public static let defaultOutputLimit = 64 << 20

    /// Decompresses the raw DEFLATE stream that fills `input`.
    ///
    /// Bytes after the final block are ignored, as RFC 1951 defines no framing.
    /// - Parameter outputLimit: the most bytes the output may hold.
    public static func decompress(_ input: [UInt8], outputLimit: Int = defaultOutputLimit) throws(InflateError) -> [UInt8] {
        var decoder = DeflateDecoder(input: input, position: 0, outputLimit: outputLimit)
        try decoder.decodeStream()
        return decoder.finishedOutput()
    }
}

/// The state of one decoding run: the bit reader over the input, the output
/// produced so far and the reusable Huffman tables.
struct DeflateDecoder {
    private static let codeLengthOrder = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]

    private static let fixedLiteralLength: HuffmanTable = {
        var table = HuffmanTable(primaryBits: 9)
        let lengths = [UInt8](repeating: 8, count: 144) + [UInt8](repeating: 9, count: 112)
            + [UInt8](repeating: 7, count: 24) + [UInt8](repeating: 8, count: 8)
        _ = table.rebuild(lengths: lengths[...], alphabet: .literalLength)
        return table
    }()
    private static let fixedDistance: HuffmanTable = {
        var table = HuffmanTable(primaryBits: 5)
        _ = table.rebuild(lengths: [UInt8](repeating: 5, count: 32)[...], alphabet: .distance)
        return table
    }()

    let input: [UInt8]
    /// The next input byte to load into `bitBuffer`.
    private(set) var position: Int
    private var bitBuffer: UInt64 = 0
    private var bitCount = 0

    /// Everything decoded so far (possibly after bytes of earlier streams)
    /// in its first `outputCount` bytes, then zeros: growing ahead in large
    /// steps keeps the per-byte work to one store.
    private var output: [UInt8] = []
    private(set) var outputCount = 0
    /// Where this stream's output starts: matches may not reach before it.
    private var streamStart = 0
    let outputLimit: Int

    private var literalLengthTable = HuffmanTable(primaryBits: 10)
    private var distanceTable = HuffmanTable(primaryBits: 8)
    private var codeLengthTable = HuffmanTable(primaryBits: 7)
    private var codeLengths = [UInt8](repeating: 0, count: 286 + 30)

    init(input: [UInt8], position: Int, outputLimit: Int) {
        self.input = input
        self.position = position
        self.outputLimit = outputLimit
    }

    /// The offset of the first input byte none of whose bits has been read.
    var offset: Int { position - bitCount / 8 }

    /// Continues reading at byte `position`, dropping any buffered bits.
    mutating func move(to position: Int) {
        self.position = position
        bitBuffer = 0
        bitCount = 0
    }

    /// Decodes one DEFLATE stream starting at `position`, appending to
    /// `output`; afterwards `offset` is the first byte after the stream.
    mutating func decodeStream() throws(InflateError) {
        streamStart = outputCount
        var isFinal = false
        while !isFinal {
            isFinal = try takeBits(1) == 1
            switch try takeBits(2) {
            case 0: try copyStoredBlock()
            case 1: try decodeHuffmanBlock(literalLength: Self.fixedLiteralLength, distance: Self.fixedDistance)
            case 2:
                try readDynamicTables()
                try decodeHuffmanBlock(literalLength: literalLengthTable, distance: distanceTable)
            default: throw InflateError(.reservedBlockType, at: offset)
            }
        }
        // The stream ends at a byte boundary: drop the final byte's padding.
        move(to: offset)
    }

    // MARK: Bits

    private mutating func refill() {
        while bitCount <= 56 && position < input.count {
            bitBuffer |= UInt64(input[position]) << UInt64(bitCount)
            position += 1
            bitCount += 8
        }
    }

    /// Takes `count` (at most 32) bits, least significant first.
    private mutating func takeBits(_ count: Int) throws(InflateError) -> Int {
        if bitCount < count {
            refill()
            guard bitCount >= count else { throw InflateError(.truncated, at: offset) }
        }
        let value = Int(truncatingIfNeeded: bitBuffer & (1 << UInt64(count) - 1))
        bitBuffer >>= UInt64(count)
        bitCount -= count
        return value
    }

    private mutating func decodeSymbol(_ table: HuffmanTable) throws(InflateError) -> HuffmanEntry {
        if bitCount < 15 { refill() } // 15: the longest code
        let entries = table.entries
        var entry = entries[Int(truncatingIfNeeded: bitBuffer) & (1 << table.primaryBits - 1)]
        if case .link = entry.kind {
            let index = Int(truncatingIfNeeded: bitBuffer >> UInt64(table.primaryBits)) & (1 << Int(entry.length) - 1)
            entry = entries[Int(entry.value) + index]
        }
        guard Int(entry.length) <= bitCount else { throw InflateError(.truncated, at: offset) }
        if case .invalid = entry.kind { throw InflateError(.invalidSymbol, at: offset) }
        bitBuffer >>= UInt64(entry.length)
        bitCount -= Int(entry.length)
        return entry
    }

    // MARK: Blocks

    private mutating func copyStoredBlock() throws(InflateError) {
        // The block is byte-aligned: drop the partial byte, give back whole buffered ones.
        move(to: offset)
        guard position + 4 <= input.count else { throw InflateError(.truncated, at: min(position, input.count)) }
        let length = UInt16(input[position]) | UInt16(input[position + 1]) << 8
        let complement = UInt16(input[position + 2]) | UInt16(input[position + 3]) << 8
        guard length == ~complement else {
            throw InflateError(.storedLengthMismatch(length: length, complement: complement), at: position)
        }
        position += 4
        let count = Int(length)
        guard input.count - position >= count else { throw InflateError(.truncated, at: input.count) }
        try reserveOutput(count)
        output.replaceSubrange(outputCount..<outputCount + count, with: input[position..<position + count])
        outputCount += count
        position += count
    }

    private mutating func readDynamicTables() throws(InflateError) {
        let literalLengthCount = try takeBits(5) + 257
        let distanceCount = try takeBits(5) + 1
        let codeLengthCount = try takeBits(4) + 4
        guard literalLengthCount <= 286 && distanceCount <= 30 else {
            throw InflateError(.tooManyCodes(literalLength: literalLengthCount, distance: distanceCount), at: offset)
        }
        for index in 0..<codeLengths.count { codeLengths[index] = 0 }
        for symbol in Self.codeLengthOrder.prefix(codeLengthCount) {
            codeLengths[symbol] = UInt8(truncatingIfNeeded: try takeBits(3))
        }
        guard codeLengthTable.rebuild(lengths: codeLengths[0..<19], alphabet: .codeLength) else {
            throw InflateError(.invalidCodeLengths, at: offset)
        }

        let total = literalLengthCount + distanceCount
        var index = 0
        while index < total {
            let symbol = Int(try decodeSymbol(codeLengthTable).value)
            if symbol < 16 {
                codeLengths[index] = UInt8(truncatingIfNeeded: symbol)
                index += 1
                continue
            }
            let repeated: UInt8
            let count: Int
            switch symbol {
            case 16:
                guard index > 0 else { throw InflateError(.repeatWithoutPreviousLength, at: offset) }
                repeated = codeLengths[index - 1]
                count = 3 + (try takeBits(2))
            case 17:
                repeated = 0
                count = 3 + (try takeBits(3))
            default:
                repeated = 0
                count = 11 + (try takeBits(7))
            }
            guard total - index >= count else { throw InflateError(.codeLengthsOverrun, at: offset) }
            for slot in index..<index + count { codeLengths[slot] = repeated }
            index += count
        }

        guard codeLengths[256] != 0 else { throw InflateError(.missingEndOfBlock, at: offset) }
        guard literalLengthTable.rebuild(lengths: codeLengths[0..<literalLengthCount], alphabet: .literalLength),
              distanceTable.rebuild(lengths: codeLengths[literalLengthCount..<total], alphabet: .distance)
        else { throw InflateError(.invalidCodeLengths, at: offset) }
    }

    private mutating func decodeHuffmanBlock(literalLength: HuffmanTable, distance: HuffmanTable) throws(InflateError) {
        while true {
            let symbol = try decodeSymbol(literalLength)
            switch symbol.kind {
            case .literal:
                if outputCount == output.count { try reserveOutput(1) }
                output[outputCount] = UInt8(truncatingIfNeeded: symbol.value)
                outputCount += 1
            case .endOfBlock:
                return
            default:
                let length = Int(symbol.value) + (try takeBits(Int(symbol.extraBits)))
                let distanceSymbol = try decodeSymbol(distance)
                let distance = Int(distanceSymbol.value) + (try takeBits(Int(distanceSymbol.extraBits)))
                try copyMatch(length: length, distance: distance)
            }
        }
    }

    private mutating func copyMatch(length: Int, distance: Int) throws(InflateError) {
        let available = outputCount - streamStart
        guard distance <= available else {
            throw InflateError(.distanceTooFarBack(distance: distance, available: available), at: offset)
        }
        try reserveOutput(length)
        // Byte by byte: a match may overlap the bytes it is producing.
        for index in outputCount..<outputCount + length {
            output[index] = output[index - distance]
        }
        outputCount += length
    }

    /// Makes room for `count` more bytes, or fails if they would pass the limit.
    private mutating func reserveOutput(_ count: Int) throws(InflateError) {
        guard outputLimit - outputCount >= count else {
            throw InflateError(.outputLimitExceeded(limit: outputLimit), at: offset)
        }
        let needed = outputCount + count
        if needed > output.count {
            let grown = min(outputLimit, max(needed, output.count * 2, 1 << 12))
            output.append(contentsOf: repeatElement(0, count: grown - output.count))
        }
    }

    /// The bytes of the member or stream that started at output offset `start`.
    func output(from start: Int) -> ArraySlice<UInt8> {
        output[start..<outputCount]
    }

    /// Everything decoded, trimmed to its length.
    consuming func finishedOutput() -> [UInt8] {
        output.removeSubrange(outputCount...)
        return output
    }
}
