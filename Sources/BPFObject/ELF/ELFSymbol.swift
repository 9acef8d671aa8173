/// One symbol table entry (`Elf64_Sym`) with its resolved name.
public struct ELFSymbol: Hashable, Sendable {
    /// The symbol's index in the symbol table.
    public var index: Int
    /// The name from the linked string table.
    public var name: String
    /// `st_name`: the name's offset in the linked string table.
    public var nameOffset: UInt32
    /// The binding, from the high nibble of `st_info`.
    public var binding: Binding
    /// The type, from the low nibble of `st_info`.
    public var type: SymbolType
    /// The visibility, from the low two bits of `st_other`.
    public var visibility: Visibility
    /// `st_other` as stored.
    public var other: UInt8
    /// `st_shndx`: the index of the section the symbol is defined in, or a special index.
    public var sectionIndex: UInt16
    /// The real section index from SHT_SYMTAB_SHNDX when `sectionIndex` is SHN_XINDEX.
    public var extendedSectionIndex: UInt32?
    /// `st_value`: for relocatable objects, the offset within the section.
    public var value: UInt64
    /// `st_size`.
    public var size: UInt64

    /// The size of `Elf64_Sym`.
    static let entrySize = 24

    /// The index of the section that defines the symbol, or nil for undefined,
    /// absolute and common symbols. The reader checked it names a section.
    public var definingSectionIndex: Int? {
        if sectionIndex == Self.sectionExtended { return extendedSectionIndex.map { Int($0) } }
        guard sectionIndex != Self.sectionUndefined, sectionIndex < Self.sectionReservedStart else { return nil }
        return Int(sectionIndex)
    }

    /// SHN_LORESERVE: indices from here on are special, not sections.
    public static let sectionReservedStart: UInt16 = 0xff00
    /// SHN_XINDEX: the index is in the SHT_SYMTAB_SHNDX section.
    public static let sectionExtended: UInt16 = 0xffff
    /// SHN_UNDEF: the symbol is not defined in this file.
    public static let sectionUndefined: UInt16 = 0
    /// SHN_ABS: the value is absolute.
    public static let sectionAbsolute: UInt16 = 0xfff1
    /// SHN_COMMON: a common block not yet allocated.
    public static let sectionCommon: UInt16 = 0xfff2

    /// A symbol binding (`STB_*`).
    public struct Binding: RawRepresentable, Hashable, Sendable {
        /// The raw binding nibble.
        public var rawValue: UInt8
        /// Creates a binding from its raw value.
        public init(rawValue: UInt8) { self.rawValue = rawValue }
        /// STB_LOCAL: visible only inside the object.
        public static let local = Binding(rawValue: 0)
        /// STB_GLOBAL: visible to every object being linked.
        public static let global = Binding(rawValue: 1)
        /// STB_WEAK: global with lower precedence.
        public static let weak = Binding(rawValue: 2)
    }

    /// A symbol type (`STT_*`).
    public struct SymbolType: RawRepresentable, Hashable, Sendable {
        /// The raw type nibble.
        public var rawValue: UInt8
        /// Creates a symbol type from its raw value.
        public init(rawValue: UInt8) { self.rawValue = rawValue }
        /// STT_NOTYPE: unspecified (also used for extern declarations).
        public static let noType = SymbolType(rawValue: 0)
        /// STT_OBJECT: a data object such as a variable or map.
        public static let object = SymbolType(rawValue: 1)
        /// STT_FUNC: a function (a BPF program or subprogram).
        public static let function = SymbolType(rawValue: 2)
        /// STT_SECTION: the section itself.
        public static let section = SymbolType(rawValue: 3)
        /// STT_FILE: the source file name.
        public static let file = SymbolType(rawValue: 4)
    }

    /// A symbol visibility (`STV_*`).
    public struct Visibility: RawRepresentable, Hashable, Sendable {
        /// The raw visibility bits.
        public var rawValue: UInt8
        /// Creates a visibility from its raw value.
        public init(rawValue: UInt8) { self.rawValue = rawValue }
        /// STV_DEFAULT: as the binding says.
        public static let `default` = Visibility(rawValue: 0)
        /// STV_INTERNAL: processor-specific hidden.
        public static let `internal` = Visibility(rawValue: 1)
        /// STV_HIDDEN: not visible outside the component.
        public static let hidden = Visibility(rawValue: 2)
        /// STV_PROTECTED: visible but not preemptible.
        public static let protected = Visibility(rawValue: 3)
    }
}
