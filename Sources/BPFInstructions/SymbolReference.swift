/// A place in an assembled program whose value is known only at load time:
/// a map's file descriptor or a kernel function's BTF id, named by symbol.
///
/// ``Instruction`` stays a plain value; an ``Assembly`` lists its references
/// next to the instructions, by instruction index, so a loader can create the
/// maps first and then patch the fds in with ``Assembly/linked(resolving:)``.
public struct SymbolReference: Hashable, Sendable {
    /// What the referenced value is and where it goes.
    public enum Kind: Hashable, Sendable {
        /// An `ld_imm64` with source `BPF_PSEUDO_MAP_FD`: the map fd goes into the low 32 bits.
        case map
        /// An `ld_imm64` with source `BPF_PSEUDO_MAP_VALUE`: the map fd goes into the low
        /// 32 bits; the value offset already sits in the high 32 bits.
        case mapValue
        /// A `call` with source `BPF_PSEUDO_KFUNC_CALL`: the kernel function's BTF id goes into the immediate.
        case kernelFunction
    }

    /// The index into ``Assembly/instructions`` (not the slot index) of the instruction to patch.
    public var instructionIndex: Int
    /// The map or function name the program refers to.
    public var symbol: String
    /// What to patch in.
    public var kind: Kind

    /// Creates a reference.
    public init(instructionIndex: Int, symbol: String, kind: Kind) {
        self.instructionIndex = instructionIndex
        self.symbol = symbol
        self.kind = kind
    }
}
