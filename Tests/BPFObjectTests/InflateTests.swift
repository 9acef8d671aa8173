import Foundation
import Testing
@testable import BPFObject

@Suite struct InflateTests {
    @Test func decodesProcConfigLikeZcat() throws {
        let compressed = [UInt8](try Data(contentsOf: URL(fileURLWithPath: "/proc/config.gz")))
        let expected = try ToolOracle.run(["zcat", "/proc/config.gz"])
        let decoded = try Gzip.decompress(compressed)
        #expect(decoded.count == expected.count)
        #expect(decoded == expected)
    }

    @Test(arguments: ["-1", "-6", "-9"])
    func roundTripsGzipLevels(level: String) throws {
        let original = InflateSamples.mixed(count: 200_000, seed: 7)
        let compressed = try ToolOracle.run(["gzip", level, "-c"], input: original)
        #expect(try Gzip.decompress(compressed) == original)
    }

    @Test(arguments: [0, 1, 4, 9])
    func roundTripsPythonZlibRawDeflate(level: Int) throws {
        let original = InflateSamples.mixed(count: 150_000, seed: UInt64(level) + 11)
        let compressed = try ToolOracle.rawDeflate(original, level: level)
        #expect(try Inflate.decompress(compressed) == original)
    }

    @Test func roundTripsStoredBlocksAndFullFlushes() throws {
        // Flushes end each chunk with an empty stored block, so stored and
        // dynamic blocks alternate within one stream.
        let original = InflateSamples.mixed(count: 90_000, seed: 3)
        let compressed = try ToolOracle.python("""
            import sys, zlib
            data = sys.stdin.buffer.read()
            out = b''
            c = zlib.compressobj(6, zlib.DEFLATED, -15)
            for i in range(0, len(data), 20000):
                mode = zlib.Z_FULL_FLUSH if (i // 20000) % 2 == 0 else zlib.Z_SYNC_FLUSH
                out += c.compress(data[i:i + 20000]) + c.flush(mode)
            sys.stdout.buffer.write(out + c.flush())
            """, input: original)
        #expect(try Inflate.decompress(compressed) == original)
    }

    @Test func roundTripsFixedHuffmanAndSmallInputs() throws {
        for original: [UInt8] in [[], [0x41], Array("abcabcabcabcabcabc".utf8), [UInt8](repeating: 0, count: 70_000)] {
            let compressed = try ToolOracle.rawDeflate(original, level: 9, strategy: "Z_FIXED")
            #expect(try Inflate.decompress(compressed) == original)
        }
    }

    @Test func readsEveryHeaderFieldAndConcatenatedMembers() throws {
        let original = InflateSamples.mixed(count: 5_000, seed: 5)
        // FTEXT, FHCRC, FEXTRA, FNAME and FCOMMENT together, then a second plain member.
        let file = try ToolOracle.python("""
            import sys, zlib, struct
            data = sys.stdin.buffer.read()
            def member(payload, flags, extra=b'', name=b'', comment=b''):
                header = b'\\x1f\\x8b\\x08' + bytes([flags]) + struct.pack('<I', 1700000000) + b'\\x00\\x03'
                if flags & 4: header += struct.pack('<H', len(extra)) + extra
                if flags & 8: header += name + b'\\x00'
                if flags & 16: header += comment + b'\\x00'
                if flags & 2: header += struct.pack('<H', zlib.crc32(header) & 0xffff)
                c = zlib.compressobj(6, zlib.DEFLATED, -15)
                body = c.compress(payload) + c.flush()
                return header + body + struct.pack('<II', zlib.crc32(payload), len(payload) & 0xffffffff)
            half = len(data) // 2
            sys.stdout.buffer.write(member(data[:half], 1 | 2 | 4 | 8 | 16, b'AB\\x04\\x00abcd', b'config', b'a comment')
                                    + member(data[half:], 0))
            """, input: original)
        #expect(try ToolOracle.run(["zcat"], input: file) == original)
        #expect(try Gzip.decompress(file) == original)
    }

    @Test func acceptsNamedMembersWrittenByGzip() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("inflate-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("sample.txt")
        let original = InflateSamples.mixed(count: 30_000, seed: 9)
        try Data(original).write(to: path)
        let compressed = try ToolOracle.run(["gzip", "-N", "-9", "-c", path.path])
        #expect(compressed.count > 3 && compressed[3] & 0x08 != 0, "gzip -N stores the name (FNAME)")
        #expect(try Gzip.decompress(compressed) == original)
    }
}
