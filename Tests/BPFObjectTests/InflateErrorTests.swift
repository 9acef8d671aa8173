import Testing
@testable import BPFObject

/// Builds DEFLATE bit streams by hand: fields least significant bit first,
/// Huffman codes most significant bit first (RFC 1951 §3.1.1).
private struct BitWriter {
    var bytes: [UInt8] = []
    private var bitCount = 0

    mutating func field(_ value: Int, bits: Int) {
        for bit in 0..<bits { append(value >> bit & 1) }
    }

    mutating func code(_ value: Int, bits: Int) {
        for bit in (0..<bits).reversed() { append(value >> bit & 1) }
    }

    /// Starts a final dynamic block declaring the code counts, then the
    /// code-length code lengths in transmission order.
    mutating func dynamicHeader(literalLengthCount: Int = 257, codeLengthLengths: [Int]) {
        field(1, bits: 1)
        field(2, bits: 2)
        field(literalLengthCount - 257, bits: 5)
        field(0, bits: 5)
        field(codeLengthLengths.count - 4, bits: 4)
        for length in codeLengthLengths { field(length, bits: 3) }
    }

    /// Writes literal/length `symbol` with the fixed code of RFC 1951 §3.2.6.
    mutating func fixedSymbol(_ symbol: Int) {
        switch symbol {
        case 0...143: code(0x30 + symbol, bits: 8)
        case 144...255: code(0x190 + symbol - 144, bits: 9)
        case 256...279: code(symbol - 256, bits: 7)
        default: code(0xC0 + symbol - 280, bits: 8)
        }
    }

    private mutating func append(_ bit: Int) {
        if bitCount % 8 == 0 { bytes.append(0) }
        bytes[bytes.count - 1] |= UInt8(bit) << UInt8(bitCount % 8)
        bitCount += 1
    }
}

private func inflateError(_ input: [UInt8], limit: Int = Inflate.defaultOutputLimit) -> InflateError? {
    do {
        _ = try Inflate.decompress(input, outputLimit: limit)
        return nil
    } catch {
        return error
    }
}

private func gzipError(_ input: [UInt8]) -> InflateError? {
    do {
        _ = try Gzip.decompress(input)
        return nil
    } catch {
        return error
    }
}

@Suite struct InflateErrorTests {
    private static let sample = Array("swift-bpf swift-bpf swift-bpf inflate".utf8)

    private static func gzipped(_ data: [UInt8]) throws -> [UInt8] {
        try ToolOracle.run(["gzip", "-9", "-n", "-c"], input: data)
    }

    @Test func rejectsBadMagicMethodAndFlags() throws {
        var file = try Self.gzipped(Self.sample)
        #expect(try Gzip.decompress(file) == Self.sample)
        file[1] = 0x8C
        #expect(gzipError(file) == InflateError(.notGzip, at: 0))
        file[1] = 0x8B
        file[2] = 7
        #expect(gzipError(file) == InflateError(.unsupportedCompressionMethod(7), at: 2))
        file[2] = 8
        file[3] = 0x20
        #expect(gzipError(file) == InflateError(.reservedFlags(0x20), at: 3))
        #expect(gzipError(Array("CONFIG_BPF=y\n".utf8)) == InflateError(.notGzip, at: 0))
    }

    @Test func rejectsTrailerMismatches() throws {
        let file = try Self.gzipped(Self.sample)
        let trailer = file.count - 8
        var badCRC = file
        badCRC[trailer] ^= 0x01
        guard case .checksumMismatch(let stored, let computed)? = gzipError(badCRC)?.reason else {
            Issue.record("a flipped CRC byte must fail the checksum")
            return
        }
        #expect(stored ^ computed == 1)
        #expect(gzipError(badCRC)?.offset == trailer)

        var badSize = file
        badSize[trailer + 4] &+= 1
        #expect(gzipError(badSize) == InflateError(
            .sizeMismatch(stored: UInt32(Self.sample.count + 1), computed: UInt32(Self.sample.count)), at: trailer + 4))

        var trailing = file
        trailing.append(0)
        #expect(gzipError(trailing)?.reason == .truncated, "a stray byte is neither the end nor a member")
    }

    @Test func rejectsHeaderChecksumMismatch() throws {
        let file = try ToolOracle.python("""
            import sys, zlib, struct
            header = b'\\x1f\\x8b\\x08\\x0a' + b'\\x00' * 4 + b'\\x00\\x03' + b'name\\x00'
            header += struct.pack('<H', (zlib.crc32(header) + 1) & 0xffff)
            c = zlib.compressobj(6, zlib.DEFLATED, -15)
            sys.stdout.buffer.write(header + c.compress(b'x') + c.flush() + struct.pack('<II', zlib.crc32(b'x'), 1))
            """)
        guard case .headerChecksumMismatch(let stored, let computed)? = gzipError(file)?.reason else {
            Issue.record("expected a header CRC mismatch")
            return
        }
        #expect(stored == computed &+ 1)
        #expect(gzipError(file)?.offset == 15)
    }

    @Test func everyTruncationIsReported() throws {
        let file = try ToolOracle.run(["gzip", "-9", "-N", "-c", "/etc/hostname"])
        let stored = try ToolOracle.rawDeflate(Array("stored block bytes".utf8), level: 0)
        for input in [file, try Self.gzipped(Self.sample)] {
            for cut in 0..<input.count {
                let error = gzipError(Array(input.prefix(cut)))
                #expect(error?.reason == .truncated, "cut at \(cut) of \(input.count)")
                #expect((error?.offset ?? -1) <= cut)
            }
        }
        for cut in 0..<stored.count {
            #expect(inflateError(Array(stored.prefix(cut)))?.reason == .truncated, "stored cut at \(cut)")
        }
    }

    @Test func rejectsReservedBlockTypeAndStoredLengthMismatch() {
        var reserved = BitWriter()
        reserved.field(1, bits: 1)
        reserved.field(3, bits: 2)
        #expect(inflateError(reserved.bytes)?.reason == .reservedBlockType)

        let mismatch: [UInt8] = [0x01, 0x05, 0x00, 0xFA, 0xFE, 1, 2, 3, 4, 5]
        #expect(inflateError(mismatch) == InflateError(.storedLengthMismatch(length: 5, complement: 0xFEFA), at: 1))
    }

    /// A dynamic block header whose code-length code gives symbols 16, 17, 18 the
    /// lengths 1, 2, 2 (codes 0, 10, 11), followed by `body`.
    private func dynamicBlock(literalLengthCount: Int = 257, body: (inout BitWriter) -> Void) -> [UInt8] {
        var writer = BitWriter()
        writer.dynamicHeader(literalLengthCount: literalLengthCount, codeLengthLengths: [1, 2, 2, 0])
        body(&writer)
        return writer.bytes
    }

    @Test func rejectsInvalidCodeLengthHeaders() {
        var oversubscribed = BitWriter()
        oversubscribed.dynamicHeader(codeLengthLengths: [Int](repeating: 1, count: 19))
        #expect(inflateError(oversubscribed.bytes)?.reason == .invalidCodeLengths)

        #expect(inflateError(dynamicBlock(literalLengthCount: 287) { _ in })?.reason
                == .tooManyCodes(literalLength: 287, distance: 1))
        #expect(inflateError(dynamicBlock { $0.code(0, bits: 1) })?.reason == .repeatWithoutPreviousLength)
        let overrun = dynamicBlock {
            for _ in 0..<2 {
                $0.code(3, bits: 2)
                $0.field(127, bits: 7)
            }
        }
        #expect(inflateError(overrun)?.reason == .codeLengthsOverrun)
        let allZero = dynamicBlock {
            $0.code(3, bits: 2)
            $0.field(127, bits: 7)
            $0.code(3, bits: 2)
            $0.field(109, bits: 7)
        }
        #expect(inflateError(allZero)?.reason == .missingEndOfBlock)
    }

    @Test func rejectsIncompleteLiteralLengthCode() {
        // Literal 0 gets a 1-bit code and end-of-block a 2-bit one, leaving a
        // gap RFC 1951 does not allow.
        // Code-length code lengths in transmission order, up to symbol 1.
        let order = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1]
        var writer = BitWriter()
        writer.dynamicHeader(codeLengthLengths: order.map { $0 == 1 || $0 == 2 ? 2 : $0 == 18 ? 1 : 0 })
        // Code-length code: 18 → "0", 1 → "10", 2 → "11".
        writer.code(2, bits: 2) // literal 0: length 1
        writer.code(0, bits: 1); writer.field(127, bits: 7) // 138 zeros
        writer.code(0, bits: 1); writer.field(106, bits: 7) // 117 zeros: 256 so far
        writer.code(3, bits: 2) // 256: length 2 — lengths {1, 2} leave a gap
        writer.code(2, bits: 2) // distance 0: length 1
        #expect(inflateError(writer.bytes)?.reason == .invalidCodeLengths)
    }

    @Test func rejectsDistanceTooFarBackAndReservedSymbols() {
        var far = BitWriter()
        far.field(1, bits: 1)
        far.field(1, bits: 2)
        far.fixedSymbol(Int(UInt8(ascii: "a")))
        far.fixedSymbol(257) // length 3
        far.code(1, bits: 5) // distance 2
        far.fixedSymbol(256)
        #expect(inflateError(far.bytes)?.reason == .distanceTooFarBack(distance: 2, available: 1))

        var reservedLength = BitWriter()
        reservedLength.field(1, bits: 1)
        reservedLength.field(1, bits: 2)
        reservedLength.fixedSymbol(286)
        reservedLength.fixedSymbol(256)
        #expect(inflateError(reservedLength.bytes)?.reason == .invalidSymbol)

        var reservedDistance = BitWriter()
        reservedDistance.field(1, bits: 1)
        reservedDistance.field(1, bits: 2)
        reservedDistance.fixedSymbol(Int(UInt8(ascii: "a")))
        reservedDistance.fixedSymbol(257)
        reservedDistance.code(30, bits: 5)
        reservedDistance.fixedSymbol(256)
        #expect(inflateError(reservedDistance.bytes)?.reason == .invalidSymbol)
    }

    @Test func enforcesTheOutputLimit() throws {
        let original = [UInt8](repeating: 0x5A, count: 100_000)
        let bomb = try ToolOracle.rawDeflate(original, level: 9)
        #expect(try Inflate.decompress(bomb, outputLimit: original.count) == original)
        #expect(inflateError(bomb, limit: original.count - 1)?.reason == .outputLimitExceeded(limit: original.count - 1))
        #expect(inflateError(bomb, limit: 0)?.reason == .outputLimitExceeded(limit: 0))
        let stored = try ToolOracle.rawDeflate(Array("0123456789".utf8), level: 0)
        #expect(inflateError(stored, limit: 9)?.reason == .outputLimitExceeded(limit: 9))
    }
}
