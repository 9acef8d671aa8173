/// The second operand of an arithmetic instruction, comparison or store:
/// a register or a 32-bit immediate.
///
/// Integer literals and the register names (`.r0` … `.r10`) both convert, so
/// builder calls read like assembly: `.add(.r1, 8)`, `.add(.r1, .r2)`.
public enum Operand: Hashable, Sendable, ExpressibleByIntegerLiteral {
    /// A register (`BPF_X`).
    case register(Register)
    /// An immediate (`BPF_K`), sign-extended to 64 bits by 64-bit operations.
    case constant(Int32)

    /// An immediate from an integer literal.
    public init(integerLiteral value: Int32) {
        self = .constant(value)
    }

    /// Register `r0`.
    public static let r0 = Operand.register(.r0)
    /// Register `r1`.
    public static let r1 = Operand.register(.r1)
    /// Register `r2`.
    public static let r2 = Operand.register(.r2)
    /// Register `r3`.
    public static let r3 = Operand.register(.r3)
    /// Register `r4`.
    public static let r4 = Operand.register(.r4)
    /// Register `r5`.
    public static let r5 = Operand.register(.r5)
    /// Register `r6`.
    public static let r6 = Operand.register(.r6)
    /// Register `r7`.
    public static let r7 = Operand.register(.r7)
    /// Register `r8`.
    public static let r8 = Operand.register(.r8)
    /// Register `r9`.
    public static let r9 = Operand.register(.r9)
    /// Register `r10`, the frame pointer.
    public static let r10 = Operand.register(.r10)

    /// The `BPF_K`/`BPF_X` bit this operand selects.
    var source: OperandSource {
        switch self {
        case .register: .register
        case .constant: .constant
        }
    }

    /// The source register field: the register, or `r0` for an immediate.
    var sourceRegister: Register {
        switch self {
        case let .register(register): register
        case .constant: .r0
        }
    }

    /// The immediate field: the constant, or 0 for a register.
    var constantValue: Int64 {
        switch self {
        case .register: 0
        case let .constant(value): Int64(value)
        }
    }
}

/// Whether an arithmetic operation or comparison works on 64 bits or on the low 32.
public enum OperandWidth: Sendable, Hashable {
    /// Class `alu` / `jmp32`: the `w` registers; results are zero-extended.
    case bits32
    /// Class `alu64` / `jmp`: the full `r` registers.
    case bits64

    var arithmeticClass: InstructionClass { self == .bits64 ? .alu64 : .alu32 }
    var jumpClass: InstructionClass { self == .bits64 ? .jump : .jump32 }
}
