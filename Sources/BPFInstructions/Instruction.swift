/// One BPF instruction.
///
/// Most instructions occupy one 8-byte slot. `ld_imm64` (opcode `0x18`) is
/// *wide*: it occupies two slots and carries a 64-bit ``constant``. Keeping it
/// as one value means relocations and rewrites never see half an instruction.
public struct Instruction: Hashable, Sendable {
    /// The opcode byte: instruction class plus size/mode or source/operation bits.
    public var opcode: UInt8
    /// The destination register (low nibble of the register byte).
    public var destination: Register
    /// The source register (high nibble), or a pseudo source for `ld_imm64` and calls.
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
}

extension Instruction {
    /// The size in bytes of one instruction slot.
    public static let slotSize = 8

    /// Appends the instruction's encoding, in little-endian byte order, to `bytes`.
    public func encode(into bytes: inout [UInt8]) {
        encodeSlot(opcode: opcode, registers: destination.rawValue | source.rawValue << 4, offset: offset,
                   immediate: UInt32(truncatingIfNeeded: constant), into: &bytes)
        if isWide {
            encodeSlot(opcode: 0, registers: 0, offset: 0,
                       immediate: UInt32(truncatingIfNeeded: constant >> 32), into: &bytes)
        }
    }

    private func encodeSlot(opcode: UInt8, registers: UInt8, offset: Int16, immediate: UInt32, into bytes: inout [UInt8]) {
        bytes.append(opcode)
        bytes.append(registers)
        let rawOffset = UInt16(bitPattern: offset)
        bytes.append(UInt8(truncatingIfNeeded: rawOffset))
        bytes.append(UInt8(truncatingIfNeeded: rawOffset >> 8))
        for shift in stride(from: 0, to: 32, by: 8) {
            bytes.append(UInt8(truncatingIfNeeded: immediate >> UInt32(shift)))
        }
    }
}

extension Sequence where Element == Instruction {
    /// The little-endian encoding of the instructions, as bpf(2) expects them.
    public func encoded() -> [UInt8] {
        var bytes: [UInt8] = []
        for instruction in self { instruction.encode(into: &bytes) }
        return bytes
    }
}
