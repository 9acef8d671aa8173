import BPFInstructions
/// The ELF64 file header (`Elf64_Ehdr`) fields a loader needs.
public struct ELFHeader: Hashable, Sendable {
    /// The byte order from `EI_DATA`.
    public var byteOrder: ByteOrder
    /// `EI_OSABI`.
    public var osABI: UInt8
    /// `e_type`: 1 for a relocatable object (ET_REL).
    public var type: UInt16
    /// `e_machine`: 247 for BPF (EM_BPF).
    public var machine: UInt16
    /// `e_entry`.
    public var entry: UInt64
    /// `e_flags`.
    public var flags: UInt32
    /// `e_shoff`: where the section header table starts.
    public var sectionHeaderOffset: UInt64
    /// The number of section headers, after resolving extended numbering.
    public var sectionCount: Int
    /// The index of the section-name string table, after resolving SHN_XINDEX.
    public var sectionNameTableIndex: Int

    /// `e_machine` of BPF objects (EM_BPF).
    public static let machineBPF: UInt16 = 247
    /// `e_type` of relocatable objects (ET_REL).
    public static let typeRelocatable: UInt16 = 1
    /// The size of `Elf64_Ehdr`.
    static let size = 64
}
