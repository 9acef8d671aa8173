/// One section header (`Elf64_Shdr`) with its resolved name.
public struct ELFSection: Hashable, Sendable {
    /// The section's index in the header table.
    public var index: Int
    /// The name from the section-name string table.
    public var name: String
    /// `sh_name`: the name's offset in the section-name string table.
    public var nameOffset: UInt32
    /// `sh_type`.
    public var type: SectionType
    /// `sh_flags`.
    public var flags: UInt64
    /// `sh_addr`.
    public var address: UInt64
    /// `sh_offset`: where the data starts in the file.
    public var fileOffset: UInt64
    /// `sh_size`.
    public var size: UInt64
    /// `sh_link`: for symbol and relocation tables, the linked table's index.
    public var link: UInt32
    /// `sh_info`: for relocation tables, the index of the section they patch.
    public var info: UInt32
    /// `sh_addralign`.
    public var alignment: UInt64
    /// `sh_entsize`: the size of one entry for table sections.
    public var entrySize: UInt64

    /// The size of `Elf64_Shdr`.
    static let headerSize = 64

    /// `SHF_ALLOC`: the section occupies memory at run time.
    public static let flagAlloc: UInt64 = 0x2
    /// `SHF_EXECINSTR`: the section holds instructions.
    public static let flagExecutable: UInt64 = 0x4
    /// `SHF_WRITE`: the section is writable.
    public static let flagWrite: UInt64 = 0x1

    /// A section type (`sh_type`); unknown values are kept as they are.
    public struct SectionType: RawRepresentable, Hashable, Sendable {
        /// The raw `sh_type`.
        public var rawValue: UInt32
        /// Creates a section type from its raw value.
        public init(rawValue: UInt32) { self.rawValue = rawValue }

        /// SHT_NULL: an unused header.
        public static let null = SectionType(rawValue: 0)
        /// SHT_PROGBITS: program-defined contents (code, data).
        public static let progbits = SectionType(rawValue: 1)
        /// SHT_SYMTAB: the symbol table.
        public static let symbolTable = SectionType(rawValue: 2)
        /// SHT_STRTAB: a string table.
        public static let stringTable = SectionType(rawValue: 3)
        /// SHT_RELA: relocations with explicit addends.
        public static let relocationsWithAddend = SectionType(rawValue: 4)
        /// SHT_NOBITS: zero-filled data that takes no file space (`.bss`).
        public static let nobits = SectionType(rawValue: 8)
        /// SHT_REL: relocations without addends.
        public static let relocations = SectionType(rawValue: 9)
        /// SHT_SYMTAB_SHNDX: extended section indices of symbols.
        public static let symbolTableSectionIndices = SectionType(rawValue: 18)
        /// SHT_LLVM_ADDRSIG: LLVM's address-significance table.
        public static let llvmAddressSignificance = SectionType(rawValue: 0x6fff_4c03)
    }
}
