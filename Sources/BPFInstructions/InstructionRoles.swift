/// What an instruction does, for loaders that patch calls, map loads and jumps.
extension Instruction {
    /// For `ld_imm64`, what its constant means; `nil` for other instructions or an unknown pseudo source.
    public var loadImmediateSource: LoadImmediateSource? {
        isWide ? LoadImmediateSource(rawValue: source.rawValue) : nil
    }

    /// For a `call`, what its immediate names; `nil` for other instructions or an unknown call source.
    public var callSource: CallSource? {
        parsedOpcode.instructionClass == .jump && parsedOpcode.jumpOperation == .call
            ? CallSource(rawValue: source.rawValue) : nil
    }

    /// The helper a helper call invokes; `nil` for other instructions.
    public var helper: HelperFunction? {
        callSource == .helper ? HelperFunction(rawValue: immediate) : nil
    }

    /// Whether this is `exit`.
    public var isExit: Bool { opcode == Opcode(.jump, .exit, source: .constant).rawValue }

    /// For an instruction that transfers control by a slot distance — a jump, `gotol`,
    /// `may_goto`, a BPF-to-BPF call or an `ld_imm64` of a function — that distance,
    /// counted from the slot after the instruction's first slot; `nil` for anything else.
    public var slotDistance: Int? {
        let parts = parsedOpcode
        if isWide { return loadImmediateSource == .function ? Int(immediate) : nil }
        guard parts.instructionClass.isJump, let operation = parts.jumpOperation else { return nil }
        switch (parts.instructionClass, operation) {
        case (_, .exit): return nil
        case (_, .call): return callSource == .function ? Int(immediate) : nil
        case (.jump32, .always): return Int(immediate)
        default: return Int(offset)
        }
    }
}

extension Instruction: CustomStringConvertible {
    /// The instruction in the kernel's notation, such as `(b7) r0 = 0`.
    public var description: String {
        Disassembler().text(of: self)
    }
}
