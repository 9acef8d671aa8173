/// Why a byte buffer is not a valid sequence of instructions.
///
/// Every case carries the byte offset, from the start of the decoded buffer,
/// of the slot at fault.
public enum InstructionDecodingError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The buffer's length is not a multiple of the 8-byte slot; `offset` is where the partial slot starts.
    case partialSlot(offset: Int, length: Int)
    /// An `ld_imm64` at `offset` is the last slot, so its second half is missing.
    case truncatedWideInstruction(offset: Int)
    /// The second slot of the `ld_imm64` at `offset` has a non-zero opcode, register or offset field.
    case malformedWideInstruction(offset: Int)
    /// A register field at `offset` holds a number the code's ``InstructionOrigin`` does not allow:
    /// above 10 for programs, above 11 for kernel-translated code.
    case invalidRegister(offset: Int, number: UInt8)

    /// A one-line explanation with the offset.
    public var description: String {
        switch self {
        case let .partialSlot(offset, length):
            "instruction bytes end in a partial slot at offset \(offset) (length \(length) is not a multiple of 8)"
        case let .truncatedWideInstruction(offset):
            "ld_imm64 at offset \(offset) lacks its second slot"
        case let .malformedWideInstruction(offset):
            "ld_imm64 at offset \(offset) has a second slot with non-zero opcode, registers or offset"
        case let .invalidRegister(offset, number):
            number == Register.r11.rawValue
                ? "instruction at offset \(offset) names r11, the verifier's auxiliary register, "
                    + "which only kernel-translated code may use"
                : "instruction at offset \(offset) names register \(number), beyond r11"
        }
    }
}
