/// One BPF instruction.
///
/// Most instructions occupy one 8-byte slot. `ld_imm64` (opcode `0x18`) is
/// *wide*: it occupies two slots and carries a 64-bit ``constant``. Keeping it
/// as one value means relocations and rewrites never see half an instruction.
public struct Instruction: Hashable, Sendable {
    /// The opcode byte: instruction class plus size/mode or source/operation bits.
    public var opcode: UInt8
    /// The destination register (low nibble of the register byte; high nibble in big-endian objects).
    public var destination: Register
    /// The source register, or a pseudo source for `ld_imm64` (``LoadImmediateSource``) and calls (``CallSource``).
    public var source: Register
    /// The signed 16-bit offset: a jump distance in slots or a memory displacement.
    public var offset: Int16
    /// The immediate, sign-extended from 32 bits, or the full 64 bits for `ld_imm64`.
    public var constant: Int64

    /// Creates an instruction from its fields.
    public init(opcode: UInt8, destination: Register = .r0, source: Register = .r0, offset: Int16 = 0, constant: Int64 = 0) {
        self.opcode = opcode
        self.destination = destination
        self.source = source
        self.offset = offset
        self.constant = constant
    }

    /// The opcode of `ld_imm64` (class LD, size DW, mode IMM).
    public static let loadImmediate64Opcode: UInt8 = 0x18

    /// Whether this is `ld_imm64`, which takes two slots.
    public var isWide: Bool { opcode == Self.loadImmediate64Opcode }

    /// How many 8-byte slots the instruction occupies: 2 for `ld_imm64`, else 1.
    public var slotCount: Int { isWide ? 2 : 1 }

    /// The size in bytes of one instruction slot.
    public static let slotSize = 8

    /// Creates an instruction from a named opcode.
    public init(_ opcode: Opcode, destination: Register = .r0, source: Register = .r0, offset: Int16 = 0, constant: Int64 = 0) {
        self.init(opcode: opcode.rawValue, destination: destination, source: source, offset: offset, constant: constant)
    }

    /// The opcode taken apart into class, size, mode, source and operation.
    public var parsedOpcode: Opcode { Opcode(rawValue: opcode) }

    /// Whether either register field is ``Register/r11``, which only kernel-translated code may hold.
    public var namesAuxiliaryRegister: Bool { destination.isAuxiliary || source.isAuxiliary }

    /// The 32-bit immediate as the instruction stores it (the low half of ``constant`` for `ld_imm64`).
    public var immediate: Int32 { Int32(truncatingIfNeeded: constant) }
}

