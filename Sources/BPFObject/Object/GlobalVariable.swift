/// A global variable of a data section (`.data`, `.rodata`, `.bss` and their
/// `.NAME` variants), as the section's DATASEC describes it.
public struct GlobalVariable: Hashable, Sendable {
    /// The variable's name.
    public var name: String
    /// The section, which is also the name of the map holding it.
    public var section: String
    /// The byte offset in the section.
    public var offset: Int
    /// The size in bytes (of the VAR's type).
    public var size: Int
    /// The VAR's type id in the object's BTF.
    public var btfTypeID: BTFTypeID
    /// Whether it is `static` (or `__hidden`), which libbpf's skeletons do not expose.
    public var isStatic: Bool

    /// Whether the section is read-only for programs (`.rodata*`).
    public var isReadOnly: Bool { ObjectFile.isReadOnlyData(section) }
    /// Whether the section starts zeroed and has no contents in the file (`.bss*`).
    public var isZeroInitialized: Bool { section == ".bss" || section.hasPrefix(".bss.") }
}
