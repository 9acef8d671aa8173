/// Why a DEFLATE stream (RFC 1951) or a gzip member (RFC 1952) could not be
/// decoded, and the byte offset in the input where the problem was found.
public struct InflateError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong.
    public enum Reason: Hashable, Sendable {
        /// The input ended before the stream did.
        case truncated
        /// A block header names the reserved block type 3.
        case reservedBlockType
        /// A stored block's `LEN` is not the one's complement of its `NLEN`.
        case storedLengthMismatch(length: UInt16, complement: UInt16)
        /// A dynamic block declares more than 286 literal/length or 30 distance codes.
        case tooManyCodes(literalLength: Int, distance: Int)
        /// Code lengths that describe no prefix code: over-subscribed, or
        /// incomplete where RFC 1951 allows no gap.
        case invalidCodeLengths
        /// A code-length repeat (symbol 16) came before any length.
        case repeatWithoutPreviousLength
        /// A code-length repeat runs past the number of declared codes.
        case codeLengthsOverrun
        /// The literal/length code has no end-of-block symbol (256).
        case missingEndOfBlock
        /// The bits name a symbol no code assigns, or one RFC 1951 reserves
        /// (literal/length 286–287, distance 30–31).
        case invalidSymbol
        /// A match refers further back than the output produced so far.
        case distanceTooFarBack(distance: Int, available: Int)
        /// The output would grow past the caller's limit.
        case outputLimitExceeded(limit: Int)
        /// The input does not start with the gzip magic bytes 1f 8b.
        case notGzip
        /// The gzip compression method is not 8 (deflate).
        case unsupportedCompressionMethod(UInt8)
        /// The gzip header sets flag bits RFC 1952 reserves.
        case reservedFlags(UInt8)
        /// The gzip header's CRC-16 (`FHCRC`) does not match the header.
        case headerChecksumMismatch(stored: UInt16, computed: UInt16)
        /// The gzip trailer's CRC-32 does not match the decompressed data.
        case checksumMismatch(stored: UInt32, computed: UInt32)
        /// The gzip trailer's `ISIZE` is not the decompressed size modulo 2^32.
        case sizeMismatch(stored: UInt32, computed: UInt32)
    }

    /// What went wrong.
    public var reason: Reason
    /// The offset in the input of the byte being read when the problem was found.
    public var offset: Int

    /// Creates an error for `reason` found at byte `offset`.
    public init(_ reason: Reason, at offset: Int) {
        self.reason = reason
        self.offset = offset
    }

    /// A one-line explanation naming the offset.
    public var description: String {
        "inflate failed at byte \(offset): \(reasonDescription)"
    }

    private var reasonDescription: String {
        switch reason {
        case .truncated: "the input ends inside the stream"
        case .reservedBlockType: "reserved block type 3"
        case .storedLengthMismatch(let length, let complement):
            "stored block LEN \(length) does not match NLEN \(complement)"
        case .tooManyCodes(let literalLength, let distance):
            "dynamic block declares \(literalLength) literal/length and \(distance) distance codes (at most 286 and 30)"
        case .invalidCodeLengths: "code lengths describe no valid prefix code"
        case .repeatWithoutPreviousLength: "code length repeat with no previous length"
        case .codeLengthsOverrun: "code length repeat runs past the declared code count"
        case .missingEndOfBlock: "literal/length code lacks the end-of-block symbol"
        case .invalidSymbol: "invalid or reserved Huffman symbol"
        case .distanceTooFarBack(let distance, let available):
            "distance \(distance) reaches before the start of the output (\(available) bytes so far)"
        case .outputLimitExceeded(let limit): "output exceeds the limit of \(limit) bytes"
        case .notGzip: "not a gzip stream (bad magic)"
        case .unsupportedCompressionMethod(let method): "gzip compression method \(method) is not deflate (8)"
        case .reservedFlags(let flags): "gzip header sets reserved flag bits (flags 0x\(String(flags, radix: 16)))"
        case .headerChecksumMismatch(let stored, let computed):
            "gzip header CRC-16 0x\(String(stored, radix: 16)) does not match computed 0x\(String(computed, radix: 16))"
        case .checksumMismatch(let stored, let computed):
            "gzip CRC-32 0x\(String(stored, radix: 16)) does not match computed 0x\(String(computed, radix: 16))"
        case .sizeMismatch(let stored, let computed):
            "gzip ISIZE \(stored) does not match decompressed size \(computed) (mod 2^32)"
        }
    }
}
