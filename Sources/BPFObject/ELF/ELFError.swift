import BPFInstructions
/// Why an ELF file could not be read, and where.
public struct ELFError: Error, Hashable, Sendable, CustomStringConvertible, TruncationReporting {
    /// The inconsistency found.
    public enum Reason: Hashable, Sendable {
        /// The data ends before `needed` more bytes could be read.
        case truncated(needed: Int)
        /// The first four bytes are not `\x7fELF`.
        case badMagic
        /// `EI_CLASS` is not ELFCLASS64.
        case unsupportedClass(UInt8)
        /// `EI_DATA` is neither ELFDATA2LSB nor ELFDATA2MSB.
        case unsupportedByteOrder(UInt8)
        /// `EI_VERSION` or `e_version` is not EV_CURRENT.
        case unsupportedVersion(UInt32)
        /// A header entry size differs from the ELF64 structure size.
        case badEntrySize(expected: Int, found: UInt64)
        /// A section's bytes lie outside the file.
        case sectionOutOfBounds(section: Int)
        /// A section index points past the section header table.
        case sectionIndexOutOfRange(UInt32)
        /// A section referenced as a table has the wrong type.
        case wrongSectionType(section: Int, type: UInt32)
        /// A string offset points outside its string table.
        case stringOffsetOutOfRange(UInt32)
        /// A string runs to the end of its table without a NUL byte.
        case unterminatedString
        /// A string is not valid UTF-8.
        case invalidString
        /// A relocation names a symbol past the end of the symbol table.
        case symbolIndexOutOfRange(UInt32)
        /// The file has more than one symbol table.
        case multipleSymbolTables
    }

    /// The inconsistency found.
    public let reason: Reason
    /// The file offset where it was found.
    public let offset: Int

    /// Creates an error for `reason` at file offset `offset`.
    public init(_ reason: Reason, offset: Int) {
        self.reason = reason
        self.offset = offset
    }

    static func truncated(offset: Int, needed: Int) -> ELFError {
        ELFError(.truncated(needed: needed), offset: offset)
    }

    /// The reason and the offset in hexadecimal.
    public var description: String {
        "ELF error at offset 0x\(String(offset, radix: 16)): \(reason)"
    }
}
