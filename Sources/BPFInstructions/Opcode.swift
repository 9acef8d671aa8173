/// The opcode byte of an instruction, taken apart into its named fields.
///
/// The low three bits are always the ``InstructionClass``. The other five bits
/// mean different things per class: loads and stores carry an ``OperandSize``
/// and an ``AddressingMode``; arithmetic and jumps carry an
/// ``OperandSource`` bit and an ``ArithmeticOperation`` or ``JumpOperation``.
public struct Opcode: RawRepresentable, Hashable, Sendable {
    /// The opcode byte (`insn->code`).
    public var rawValue: UInt8

    /// Wraps an opcode byte.
    public init(rawValue: UInt8) {
        self.rawValue = rawValue
    }

    /// Builds a load or store opcode.
    public init(_ instructionClass: InstructionClass, size: OperandSize, mode: AddressingMode) {
        rawValue = instructionClass.rawValue | size.rawValue | mode.rawValue
    }

    /// Builds an arithmetic opcode (class `alu` or `alu64`).
    public init(_ instructionClass: InstructionClass, _ operation: ArithmeticOperation, source: OperandSource) {
        rawValue = instructionClass.rawValue | operation.rawValue | source.rawValue
    }

    /// Builds a jump opcode (class `jmp` or `jmp32`).
    public init(_ instructionClass: InstructionClass, _ operation: JumpOperation, source: OperandSource) {
        rawValue = instructionClass.rawValue | operation.rawValue | source.rawValue
    }

    /// The instruction class (`BPF_CLASS`, bits 0–2).
    public var instructionClass: InstructionClass {
        // Three bits always name one of the eight classes.
        InstructionClass(rawValue: rawValue & 0x07) ?? .load
    }

    /// The access size of a load or store (`BPF_SIZE`, bits 3–4).
    public var size: OperandSize {
        OperandSize(rawValue: rawValue & 0x18) ?? .word
    }

    /// The addressing mode of a load or store (`BPF_MODE`, bits 5–7).
    ///
    /// `nil` for the two mode values the ISA leaves unassigned.
    public var mode: AddressingMode? {
        AddressingMode(rawValue: rawValue & 0xe0)
    }

    /// Whether an arithmetic or jump instruction takes a register or the immediate (`BPF_SRC`, bit 3).
    public var source: OperandSource {
        OperandSource(rawValue: rawValue & 0x08) ?? .constant
    }

    /// The operation of an arithmetic instruction (`BPF_OP`, bits 4–7).
    ///
    /// `nil` for the two operation values the ISA leaves unassigned.
    public var arithmeticOperation: ArithmeticOperation? {
        ArithmeticOperation(rawValue: rawValue & 0xf0)
    }

    /// The operation of a jump instruction (`BPF_OP`, bits 4–7).
    ///
    /// `nil` for the operation value the ISA leaves unassigned.
    public var jumpOperation: JumpOperation? {
        JumpOperation(rawValue: rawValue & 0xf0)
    }

    /// Whether this is the opcode of `ld_imm64`, the only two-slot instruction.
    public var isLoadImmediate64: Bool { rawValue == Instruction.loadImmediate64Opcode }
}

/// The instruction class, the low three bits of every opcode.
public enum InstructionClass: UInt8, Sendable, CaseIterable {
    /// `BPF_LD`: `ld_imm64` and the legacy packet loads.
    case load = 0x00
    /// `BPF_LDX`: loads from memory into a register.
    case loadRegister = 0x01
    /// `BPF_ST`: stores of an immediate to memory.
    case store = 0x02
    /// `BPF_STX`: stores of a register to memory, and atomics.
    case storeRegister = 0x03
    /// `BPF_ALU`: 32-bit arithmetic.
    case alu32 = 0x04
    /// `BPF_JMP`: 64-bit comparisons, calls and exit.
    case jump = 0x05
    /// `BPF_JMP32`: 32-bit comparisons and `gotol`.
    case jump32 = 0x06
    /// `BPF_ALU64`: 64-bit arithmetic.
    case alu64 = 0x07

    /// Whether the class holds arithmetic (`alu` or `alu64`).
    public var isArithmetic: Bool { self == .alu32 || self == .alu64 }

    /// Whether the class holds jumps (`jmp` or `jmp32`).
    public var isJump: Bool { self == .jump || self == .jump32 }
}

/// The access size of a load or store.
public enum OperandSize: UInt8, Sendable, CaseIterable {
    /// `BPF_W`: 4 bytes.
    case word = 0x00
    /// `BPF_H`: 2 bytes.
    case halfWord = 0x08
    /// `BPF_B`: 1 byte.
    case byte = 0x10
    /// `BPF_DW`: 8 bytes.
    case doubleWord = 0x18

    /// The access size in bytes.
    public var byteCount: Int {
        switch self {
        case .byte: 1
        case .halfWord: 2
        case .word: 4
        case .doubleWord: 8
        }
    }
}

/// The addressing mode of a load or store.
public enum AddressingMode: UInt8, Sendable, CaseIterable {
    /// `BPF_IMM`: an immediate (`ld_imm64`).
    case immediate = 0x00
    /// `BPF_ABS`: legacy packet load at a constant offset.
    case packetAbsolute = 0x20
    /// `BPF_IND`: legacy packet load at a register plus a constant.
    case packetIndirect = 0x40
    /// `BPF_MEM`: plain memory access.
    case memory = 0x60
    /// `BPF_MEMSX`: sign-extending memory load (ISA v4).
    case memorySignExtend = 0x80
    /// `BPF_ATOMIC`: an atomic operation chosen by the immediate (see ``AtomicOperation``).
    case atomic = 0xc0
}

/// Whether an arithmetic or jump instruction's second operand is the immediate or a register.
///
/// For `BPF_END` the same bit selects the byte order (``constant`` means
/// little endian, ``register`` big endian).
public enum OperandSource: UInt8, Sendable, CaseIterable {
    /// `BPF_K`: the immediate; for `BPF_END`, `BPF_TO_LE`.
    case constant = 0x00
    /// `BPF_X`: the source register; for `BPF_END`, `BPF_TO_BE`.
    case register = 0x08
}

/// The operation of an `alu` or `alu64` instruction.
public enum ArithmeticOperation: UInt8, Sendable, CaseIterable {
    /// `BPF_ADD`.
    case add = 0x00
    /// `BPF_SUB`.
    case subtract = 0x10
    /// `BPF_MUL`.
    case multiply = 0x20
    /// `BPF_DIV`; signed when the offset is 1.
    case divide = 0x30
    /// `BPF_OR`.
    case or = 0x40
    /// `BPF_AND`.
    case and = 0x50
    /// `BPF_LSH`.
    case shiftLeft = 0x60
    /// `BPF_RSH`, logical.
    case shiftRight = 0x70
    /// `BPF_NEG`.
    case negate = 0x80
    /// `BPF_MOD`; signed when the offset is 1.
    case modulo = 0x90
    /// `BPF_XOR`.
    case xor = 0xa0
    /// `BPF_MOV`; sign-extending when the offset is 8, 16 or 32.
    case move = 0xb0
    /// `BPF_ARSH`, arithmetic shift right.
    case arithmeticShiftRight = 0xc0
    /// `BPF_END`: byte order conversion (`alu`) or unconditional byte swap (`alu64`).
    case endian = 0xd0
}

/// The operation of a `jmp` or `jmp32` instruction.
public enum JumpOperation: RawRepresentable, Hashable, Sendable {
    /// `BPF_JA`: unconditional jump (`gotol` in class `jmp32`).
    case always
    /// A conditional jump (`BPF_JEQ` … `BPF_JSLE`).
    case compare(JumpCondition)
    /// `BPF_CALL`.
    case call
    /// `BPF_EXIT`.
    case exit
    /// `BPF_JCOND`: a condition chosen by the source field; `may_goto` is the only one.
    case condition

    /// Reads the operation bits (`BPF_OP`) of a jump opcode; `nil` for the unassigned value `0xf0`.
    public init?(rawValue: UInt8) {
        switch rawValue {
        case 0x00: self = .always
        case 0x80: self = .call
        case 0x90: self = .exit
        case 0xe0: self = .condition
        default:
            guard let condition = JumpCondition(rawValue: rawValue) else { return nil }
            self = .compare(condition)
        }
    }

    /// The operation bits (`BPF_OP`).
    public var rawValue: UInt8 {
        switch self {
        case .always: 0x00
        case let .compare(condition): condition.rawValue
        case .call: 0x80
        case .exit: 0x90
        case .condition: 0xe0
        }
    }
}

/// The comparisons a conditional jump can make.
public enum JumpCondition: UInt8, Sendable, CaseIterable {
    /// `==`
    case equal = 0x10
    /// `>`, unsigned.
    case greater = 0x20
    /// `>=`, unsigned.
    case greaterOrEqual = 0x30
    /// `&`: any common bit set.
    case bitsSet = 0x40
    /// `!=`
    case notEqual = 0x50
    /// `s>`
    case signedGreater = 0x60
    /// `s>=`
    case signedGreaterOrEqual = 0x70
    /// `<`, unsigned.
    case less = 0xa0
    /// `<=`, unsigned.
    case lessOrEqual = 0xb0
    /// `s<`
    case signedLess = 0xc0
    /// `s<=`
    case signedLessOrEqual = 0xd0
}
