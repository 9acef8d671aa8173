import Testing
@testable import BPFObject

/// Hostile-input checks: thousands of damaged streams must each decode or
/// throw (never trap), and agree with zlib (through Python) on which.
@Suite struct InflateDifferentialTests {
    /// A small deterministic generator so a failure can be replayed.
    private struct Generator {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int(truncatingIfNeeded: state >> 33) % bound
        }
    }

    private static func damaged(_ streams: [[UInt8]], count: Int, seed: UInt64) -> [[UInt8]] {
        var random = Generator(state: seed)
        return (0..<count).map { _ in
            var bytes = streams[random.next(streams.count)]
            switch random.next(4) {
            case 0:
                for _ in 0...random.next(3) {
                    let index = random.next(bytes.count)
                    bytes[index] ^= UInt8(1 << random.next(8))
                }
            case 1:
                let index = random.next(bytes.count)
                bytes[index] = UInt8(truncatingIfNeeded: random.next(256))
            case 2:
                bytes = Array(bytes.prefix(random.next(bytes.count)))
            default:
                bytes = (0..<random.next(64)).map { _ in UInt8(truncatingIfNeeded: random.next(256)) }
            }
            return bytes
        }
    }

    /// zlib's verdict per stream: the decompressed bytes, or nil if it fails
    /// or the final block never comes.
    private static func zlibVerdicts(_ inputs: [[UInt8]]) throws -> [[UInt8]?] {
        var framed: [UInt8] = []
        for input in inputs {
            let length = UInt32(input.count)
            framed += (0..<4).map { UInt8(truncatingIfNeeded: length >> ($0 * 8)) } + input
        }
        let output = try ToolOracle.python("""
            import sys, zlib, struct
            data, out, i = sys.stdin.buffer.read(), sys.stdout.buffer, 0
            while i < len(data):
                n = struct.unpack_from('<I', data, i)[0]; i += 4
                chunk = data[i:i + n]; i += n
                try:
                    d = zlib.decompressobj(-15)
                    result = d.decompress(chunk, 1 << 20)
                    ok = d.eof and not d.unconsumed_tail
                except zlib.error:
                    ok = False
                if ok:
                    out.write(b'\\x01' + struct.pack('<I', len(result)) + result)
                else:
                    out.write(b'\\x00')
            """, input: framed)
        var verdicts: [[UInt8]?] = []
        var index = 0
        while index < output.count {
            if output[index] == 0 {
                verdicts.append(nil)
                index += 1
                continue
            }
            let length = (1...4).reduce(0) { $0 | Int(output[index + $1]) << (($1 - 1) * 8) }
            verdicts.append(Array(output[index + 5..<index + 5 + length]))
            index += 5 + length
        }
        return verdicts
    }

    @Test func damagedStreamsAgreeWithZlib() throws {
        let sources = [
            try ToolOracle.rawDeflate(InflateSamples.mixed(count: 3_000, seed: 1), level: 9),
            try ToolOracle.rawDeflate(InflateSamples.mixed(count: 2_000, seed: 2), level: 1),
            try ToolOracle.rawDeflate(InflateSamples.mixed(count: 500, seed: 3), level: 9, strategy: "Z_FIXED"),
            try ToolOracle.rawDeflate(InflateSamples.mixed(count: 300, seed: 4), level: 0),
        ]
        let inputs = Self.damaged(sources, count: 2_000, seed: 0x5EED)
        let verdicts = try Self.zlibVerdicts(inputs)
        #expect(verdicts.count == inputs.count)
        var disagreements: [String] = []
        var failures = 0
        for (index, (input, verdict)) in zip(inputs, verdicts).enumerated() {
            let ours = Result { () throws(InflateError) in try Inflate.decompress(input, outputLimit: 1 << 20) }
            switch (ours, verdict) {
            case (.success(let bytes), let expected?) where bytes == expected:
                break
            case (.failure(let error), nil):
                failures += 1
                if error.offset < 0 || error.offset > input.count {
                    disagreements.append("#\(index): offset \(error.offset) outside \(input.count) bytes")
                }
            default:
                disagreements.append("#\(index) (\(input.count) bytes): ours \(ours), zlib \(verdict.map { "\($0.count) bytes" } ?? "error")")
            }
        }
        #expect(disagreements.isEmpty, "\(disagreements.prefix(5))")
        #expect(failures > inputs.count / 3 && failures < inputs.count, "most damage is caught, some survives")
    }
}
