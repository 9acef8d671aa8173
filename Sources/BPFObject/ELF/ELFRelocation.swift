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
    public var entries: [ELFRelocation]
}
