import BPFInstructions

/// Writes a relocation's value into its instruction, as libbpf's
/// `bpf_core_patch_insn` does for the six forms clang emits:
/// `rX = imm` and `rX op= imm` (the immediate), loads and stores
/// (the offset, and the access width when a field changed size), and
/// `ld_imm64` (the 64-bit constant).
enum COREInstructionPatch {
    /// The helper number a poisoned instruction calls: 0xbad2310, "bad relo".
    /// The verifier rejects a reachable one with `invalid func unknown#195896080`.
    static let poisonHelper: Int32 = 0xbad2310

    /// The call that replaces an instruction whose relocation cannot be satisfied.
    static var poison: Instruction {
        Instruction(Opcode(.jump, .call, source: .constant), constant: Int64(poisonHelper))
    }

    /// What patching did to the instruction.
    enum Effect: Equatable {
        /// The value was written.
        case patched
        /// The instruction became the poison call; for `ld_imm64` the second slot must become one too.
        case poisoned(wide: Bool)
    }

    /// Patches `instruction` with `calculation`'s new value, checking it held the original one.
    static func apply(_ calculation: COREValueCalculation, to instruction: inout Instruction) throws(COREError) -> Effect {
        if calculation.poisoned { return poisonInPlace(&instruction) }
        let opcode = instruction.parsedOpcode
        let original = calculation.originalValue
        let new = calculation.newValue
        switch opcode.instructionClass {
        case .alu32, .alu64:
            guard opcode.source == .constant else { throw unpatchable(instruction) }
            let current = UInt64(bitPattern: Int64(instruction.immediate))
            if calculation.validates, current != original {
                throw COREError(.unexpectedValue(instruction: describe(instruction), expected: original))
            }
            instruction.constant = Int64(Int32(truncatingIfNeeded: new))
        case .loadRegister, .store, .storeRegister:
            let current = UInt64(bitPattern: Int64(instruction.offset))
            if calculation.validates, current != original {
                throw COREError(.unexpectedValue(instruction: describe(instruction), expected: original))
            }
            guard new <= UInt64(Int16.max) else { throw COREError(.offsetTooLarge(new)) }
            if calculation.failsMemorySizeAdjustment { return poisonInPlace(&instruction) }
            instruction.offset = Int16(new)
            if calculation.newSize != calculation.originalSize {
                guard opcode.size.byteCount == calculation.originalSize else {
                    throw COREError(.unsupportedAccess(
                        "\(describe(instruction)) accesses \(opcode.size.byteCount) bytes, the field has \(calculation.originalSize)"))
                }
                guard let size = OperandSize.allCases.first(where: { $0.byteCount == calculation.newSize }) else {
                    throw COREError(.unsupportedAccess("no load or store of \(calculation.newSize) bytes"))
                }
                instruction.opcode = (instruction.opcode & ~0x18) | size.rawValue
            }
        case .load:
            guard instruction.isWide, instruction.source == .r0, instruction.offset == 0 else {
                throw unpatchable(instruction)
            }
            if calculation.validates, UInt64(bitPattern: instruction.constant) != original {
                throw COREError(.unexpectedValue(instruction: describe(instruction), expected: original))
            }
            instruction.constant = Int64(bitPattern: new)
        case .jump, .jump32:
            throw unpatchable(instruction)
        }
        return .patched
    }

    private static func poisonInPlace(_ instruction: inout Instruction) -> Effect {
        let wide = instruction.isWide
        instruction = poison
        return .poisoned(wide: wide)
    }

    private static func unpatchable(_ instruction: Instruction) -> COREError {
        COREError(.unpatchableInstruction(describe(instruction)))
    }

    static func describe(_ instruction: Instruction) -> String {
        "'\(Disassembler().text(of: instruction))'"
    }
}
