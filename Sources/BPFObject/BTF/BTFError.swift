/// Why BTF or `.BTF.ext` data could not be read or used, and where.
public struct BTFError: Error, Hashable, Sendable, CustomStringConvertible, TruncationReporting {
    /// The inconsistency found.
    public enum Reason: Hashable, Sendable {
        /// The data ends before `needed` more bytes could be read.
        case truncated(needed: Int)
        /// The magic is not 0xeB9F in either byte order.
        case badMagic(UInt16)
        /// The version is not 1.
        case unsupportedVersion(UInt8)
        /// The header length or a section's offset and length do not fit the data.
        case badHeader
        /// The string section does not start or end with a NUL byte.
        case badStringSection
        /// A string offset points outside the string section.
        case stringOffsetOutOfRange(UInt32)
        /// A type record has a kind this parser does not know.
        case unknownKind(UInt8)
        /// A type id is not defined.
        case invalidTypeID(BTFTypeID)
        /// A type has a kind the operation cannot handle.
        case unexpectedKind(BTFTypeID, BTFKind)
        /// Resolving a chain of modifiers, typedefs or arrays went too deep (a loop).
        case resolutionTooDeep(BTFTypeID)
        /// A size computation overflowed.
        case sizeOverflow(BTFTypeID)
        /// A type has more members than the format can encode.
        case tooManyMembers(count: Int)
        /// A `.BTF.ext` record size is smaller than the record it must hold.
        case badRecordSize(UInt32)
        /// More types than 32-bit ids can number.
        case tooManyTypes
    }

    /// The inconsistency found.
    public let reason: Reason
    /// The byte offset in the BTF data where it was found, when it concerns a position.
    public let offset: Int?

    /// Creates an error for `reason`, at `offset` if it concerns a position.
    public init(_ reason: Reason, offset: Int? = nil) {
        self.reason = reason
        self.offset = offset
    }

    static func truncated(offset: Int, needed: Int) -> BTFError {
        BTFError(.truncated(needed: needed), offset: offset)
    }

    /// The reason, with the offset in hexadecimal when there is one.
    public var description: String {
        guard let offset else { return "BTF error: \(reason)" }
        return "BTF error at offset 0x\(String(offset, radix: 16)): \(reason)"
    }
}
