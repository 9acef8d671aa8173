import BPFInstructions

/// One relocation entry (`Elf64_Rel` or `Elf64_Rela`).
public struct ELFRelocation: Hashable, Sendable {
    /// `r_offset`: the byte offset in the patched section.
    public var offset: UInt64
    /// The symbol index, from the high 32 bits of `r_info`.
    public var symbolIndex: UInt32
    /// The relocation type, from the low 32 bits of `r_info` (e.g. R_BPF_64_64 = 1).
    public var type: UInt32
    /// `r_addend` for RELA entries; nil for REL entries.
    public var addend: Int64?
}

/// A relocation section and the entries it holds.
public struct ELFRelocationTable: Hashable, Sendable {
    /// The index of the relocation section itself.
    public var sectionIndex: Int
    /// `sh_info`: the index of the section the entries patch.
    public var targetSectionIndex: Int
    /// `sh_link`: the index of the symbol table the entries refer to.
    public var symbolTableIndex: Int
    /// The entries in file order.
    public var entries: ELFRelocationEntries
}

/// The entries of a relocation table, decoded when read.
///
/// Most relocation tables of a BPF object patch debug sections that no load
/// reads, so ``ELFFile`` only validates them (entry size, bounds, symbol
/// indices) and this view decodes an entry when it is asked for, without
/// one array per table. Validation happened when the file was parsed, so
/// reading an entry cannot fail.
public struct ELFRelocationEntries: RandomAccessCollection, Hashable, Sendable {
    private let bytes: [UInt8]
    private let start: Int
    private let byteOrder: ByteOrder
    private let hasAddend: Bool
    /// The number of entries.
    public let count: Int

    /// The size of an `Elf64_Rel` entry.
    static let relSize = 16
    /// The size of an `Elf64_Rela` entry.
    static let relaSize = 24

    /// A view of `count` entries from `start` in `bytes`, which the caller has checked lie inside it.
    init(bytes: [UInt8], start: Int, count: Int, byteOrder: ByteOrder, hasAddend: Bool) {
        self.bytes = bytes
        self.start = start
        self.count = count
        self.byteOrder = byteOrder
        self.hasAddend = hasAddend
    }

    /// The position of the first entry: always 0.
    public var startIndex: Int { 0 }
    /// One past the last entry: ``count``.
    public var endIndex: Int { count }

    /// The entry at `position`, which must be in `0..<count`.
    public subscript(position: Int) -> ELFRelocation {
        precondition(position >= 0 && position < count, "relocation entry index out of range")
        let base = start + position * (hasAddend ? Self.relaSize : Self.relSize)
        let offset = word(at: base)
        let info = word(at: base + 8)
        return ELFRelocation(offset: offset, symbolIndex: UInt32(truncatingIfNeeded: info >> 32),
                             type: UInt32(truncatingIfNeeded: info),
                             addend: hasAddend ? Int64(bitPattern: word(at: base + 16)) : nil)
    }

    /// The 64-bit word at `position`, which the initializer's caller proved is inside `bytes`.
    private func word(at position: Int) -> UInt64 {
        let raw = bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: position, as: UInt64.self) }
        return byteOrder == .littleEndian ? UInt64(littleEndian: raw) : UInt64(bigEndian: raw)
    }

    /// Whether both views hold the same entries.
    public static func == (lhs: ELFRelocationEntries, rhs: ELFRelocationEntries) -> Bool {
        lhs.elementsEqual(rhs)
    }

    /// Hashes the entries.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(count)
        for entry in self { hasher.combine(entry) }
    }
}
