import BPFInstructions

/// A program ready for BPF_PROG_LOAD except for what only the kernel can
/// give: map descriptors, kernel BTF ids and kallsyms addresses, listed in
/// ``relocations``.
///
/// ``instructions`` are linked: the program's own function first, then every
/// subprogram it reaches, each once, with call offsets fixed and function and
/// line info rebuilt to match.
public struct ProgramSpec: Hashable, Sendable {
    /// The function symbol's name.
    public var name: String
    /// The ELF section, without a leading `?`.
    public var sectionName: String
    /// What the section name implies; nil when the name is unknown (the
    /// program is listed but cannot be loaded).
    public var section: ProgramSection?
    /// Whether the loader loads it by default (false for `?`-prefixed sections).
    public var autoload: Bool
    /// The linked instructions.
    public var instructions: [Instruction]
    /// What the loader must fill in, by instruction index.
    public var relocations: [ProgramRelocation]
    /// `bpf_func_info` for the linked program: offsets in instruction slots.
    public var functionInfo: [BTFFunctionInfo]
    /// `bpf_line_info` for the linked program: offsets in instruction slots.
    public var lineInfo: [BTFLineInfo]
    /// The number of the program's own instructions (before subprograms).
    public var ownInstructionCount: Int
    /// The names of the subprograms appended, in order.
    public var subprograms: [String]
    /// CO-RE relocation records in the program's own function and its subprograms.
    public var coreRelocationCount: Int
    /// Why the program cannot be loaded (unknown section, unresolved call,
    /// CO-RE not applied…); nil when it can be.
    public var loadError: ObjectError?

    /// The program type (`.unspecified` for an unknown section).
    public var type: ProgramType { section?.type ?? .unspecified }
    /// The expected attach type (raw 0 when none).
    public var expectedAttachType: AttachType { section?.expectedAttachType ?? AttachType(rawValue: 0) }
    /// Load flags implied by the section.
    public var flags: ProgramFlags { section?.flags ?? [] }
}

/// One instruction of a linked program that needs a value from the kernel.
public struct ProgramRelocation: Hashable, Sendable {
    /// What the instruction refers to.
    public enum Target: Hashable, Sendable {
        /// `ld_imm64` of a map: becomes BPF_PSEUDO_MAP_FD with the map's descriptor.
        case map(String)
        /// `ld_imm64` of an address in a map's value (global data, `.kconfig`):
        /// becomes BPF_PSEUDO_MAP_VALUE with the descriptor and this offset.
        case mapValue(String, offset: UInt32)
        /// `ld_imm64` of a `__ksym` variable or of a kernel function's address: a
        /// kernel BTF id (typed) or a kallsyms address (untyped).
        case kernelSymbol(String)
        /// A call of a kernel function (kfunc): becomes BPF_PSEUDO_KFUNC_CALL with its BTF id.
        case kernelFunctionCall(String)
    }

    /// The index in ``ProgramSpec/instructions``.
    public var instructionIndex: Int
    /// What it refers to.
    public var target: Target
}
