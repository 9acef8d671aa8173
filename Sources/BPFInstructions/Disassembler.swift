/// Renders instructions in the kernel's notation (`kernel/bpf/disasm.c`), the
/// text of verifier logs and of `bpftool prog dump xlated`.
///
/// The kernel leaves two things to its caller, and so does this type: how an
/// `ld_imm64` immediate is shown (bpftool prints map ids, `map[id:5]`, because
/// translated code carries ids where the object had fds) and how a call target
/// is named when it is not a helper number (translated code carries helper
/// addresses and subprogram offsets). ``bpftoolXlated(callTargetName:)`` sets
/// the immediate rendering up the way bpftool does.
///
/// Malformed opcodes render the way the kernel renders them (`BUG_ld_38`,
/// `(null)` for an unassigned operation), so output stays comparable.
public struct Disassembler: Sendable {
    /// Renders the immediate of an `ld_imm64`; `nil` falls back to `0x` and the 64-bit value in hex.
    public var immediateText: @Sendable (Instruction) -> String?
    /// Names the target of a call that is not a known helper number; `nil` falls back to
    /// the kernel's `unknown`, `kernel-function`, or the signed distance for BPF-to-BPF calls.
    public var callTargetName: @Sendable (Instruction) -> String?
    /// Whether `ld_imm64` of a map (`BPF_PSEUDO_MAP_FD`, `BPF_PSEUDO_MAP_VALUE`) shows its value;
    /// the kernel shows 0 instead to callers that may not see kernel pointers.
    public var showsMapPointers: Bool

    /// Creates a disassembler; with no arguments it prints exactly what `disasm.c` prints without callbacks.
    public init(immediateText: @escaping @Sendable (Instruction) -> String? = { _ in nil },
                callTargetName: @escaping @Sendable (Instruction) -> String? = { _ in nil },
                showsMapPointers: Bool = true) {
        self.immediateText = immediateText
        self.callTargetName = callTargetName
        self.showsMapPointers = showsMapPointers
    }

    /// The notation `bpftool prog dump xlated` uses: maps as `map[id:N]`,
    /// `map[id:N][0]+OFF` and `map[idx:N]+OFF`, function pointers as `subprog[±N]`.
    ///
    /// Call targets in translated code are kernel addresses relative to
    /// `__bpf_call_base`; pass `callTargetName` to name them (bpftool uses kallsyms).
    public static func bpftoolXlated(callTargetName: @escaping @Sendable (Instruction) -> String? = { _ in nil })
        -> Disassembler
    {
        Disassembler(immediateText: bpftoolImmediate, callTargetName: callTargetName)
    }

    /// The whole program, one line per instruction, as bpftool prints it:
    /// the slot index right-aligned in four columns, `: `, then the instruction.
    ///
    /// Indices count slots, so the line after an `ld_imm64` is two further on.
    public func listing(_ instructions: some Sequence<Instruction>) -> String {
        var text = ""
        var slot = 0
        for instruction in instructions {
            // bpftool prints "% 4d": a sign column, then padding to four characters.
            let number = " \(slot)"
            text += String(repeating: " ", count: max(0, 4 - number.count)) + number + ": "
            text += self.text(of: instruction)
            text += "\n"
            slot += instruction.slotCount
        }
        return text
    }

    /// Decodes `bytes` and lists them as ``listing(_:)`` does. For the translated
    /// instructions from `BPF_OBJ_GET_INFO_BY_FD`, pass ``InstructionOrigin/kernelTranslated``
    /// so the verifier's `r11` is shown rather than refused.
    public func listing(decoding bytes: [UInt8], byteOrder: ByteOrder = .host, origin: InstructionOrigin = .program)
        throws(InstructionDecodingError) -> String
    {
        listing(try Instruction.decode(bytes, byteOrder: byteOrder, origin: origin))
    }

    /// One instruction in the kernel's notation, such as `(b7) r0 = 0`.
    public func text(of instruction: Instruction) -> String {
        let opcode = instruction.parsedOpcode
        switch opcode.instructionClass {
        case .alu32, .alu64: return arithmeticText(instruction, opcode)
        case .storeRegister: return storeRegisterText(instruction, opcode)
        case .store: return storeText(instruction, opcode)
        case .loadRegister: return loadRegisterText(instruction, opcode)
        case .load: return loadText(instruction, opcode)
        case .jump, .jump32: return jumpText(instruction, opcode)
        }
    }
}

// MARK: - Classes

extension Disassembler {
    private func arithmeticText(_ instruction: Instruction, _ opcode: Opcode) -> String {
        let code = Self.code(instruction)
        let register: Character = opcode.instructionClass == .alu32 ? "w" : "r"
        let destination = instruction.destination.rawValue
        let operation = opcode.arithmeticOperation
        switch operation {
        case .endian:
            if opcode.instructionClass == .alu64 {
                return "\(code) r\(destination) = bswap\(instruction.immediate) r\(destination)"
            }
            let order = opcode.source == .register ? "be" : "le"
            return "\(code) r\(destination) = \(order)\(instruction.immediate) r\(destination)"
        case .negate:
            return "\(code) \(register)\(destination) = -\(register)\(destination)"
        default:
            break
        }
        let isSigned = (operation == .divide || operation == .modulo) && instruction.offset == 1
        let symbol = isSigned ? (operation == .divide ? "s/=" : "s%=") : Self.arithmeticSymbol(operation)
        guard opcode.source == .register else {
            return "\(code) \(register)\(destination) \(symbol) \(instruction.immediate)"
        }
        if opcode.instructionClass == .alu64, operation == .move, instruction.offset == 1 {
            let immediate = UInt32(bitPattern: instruction.immediate)
            return "\(code) r\(destination) = addr_space_cast(r\(instruction.source.rawValue), "
                + "\(immediate >> 16), \(immediate & 0xffff))"
        }
        let cast = operation == .move ? Self.signExtendingMoveCast(instruction.offset) : ""
        return "\(code) \(register)\(destination) \(symbol) \(cast)\(register)\(instruction.source.rawValue)"
    }

    private func storeRegisterText(_ instruction: Instruction, _ opcode: Opcode) -> String {
        let code = Self.code(instruction)
        let size = Self.unsignedSizeName(opcode.size)
        let base = "r\(instruction.destination.rawValue) \(Self.signed(instruction.offset))"
        let value = "r\(instruction.source.rawValue)"
        switch opcode.mode {
        case .memory:
            return "\(code) *(\(size) *)(\(base)) = \(value)"
        case .atomic:
            guard let operation = AtomicOperation(rawValue: instruction.immediate) else { break }
            let width = opcode.size == .doubleWord ? "64" : ""
            switch operation {
            case .add, .or, .and, .xor:
                return "\(code) lock *(\(size) *)(\(base)) \(Self.arithmeticSymbol(operation.arithmeticOperation)) \(value)"
            case .fetchAdd, .fetchOr, .fetchAnd, .fetchXor:
                let name = Self.atomicName(operation.arithmeticOperation)
                return "\(code) \(value) = atomic\(width)_fetch_\(name)((\(size) *)(\(base)), \(value))"
            case .compareExchange:
                return "\(code) r0 = atomic\(width)_cmpxchg((\(size) *)(\(base)), r0, \(value))"
            case .exchange:
                return "\(code) \(value) = atomic\(width)_xchg((\(size) *)(\(base)), \(value))"
            case .loadAcquire:
                return "\(code) r\(instruction.destination.rawValue) = load_acquire((\(size) *)"
                    + "(r\(instruction.source.rawValue) \(Self.signed(instruction.offset))))"
            case .storeRelease:
                return "\(code) store_release((\(size) *)(\(base)), \(value))"
            }
        default:
            break
        }
        return "BUG_\(Self.hex2(instruction.opcode))"
    }

    private func storeText(_ instruction: Instruction, _ opcode: Opcode) -> String {
        let code = Self.code(instruction)
        switch opcode.mode {
        case .memory:
            return "\(code) *(\(Self.unsignedSizeName(opcode.size)) *)(r\(instruction.destination.rawValue) "
                + "\(Self.signed(instruction.offset))) = \(instruction.immediate)"
        case .atomic:
            // The kernel's internal speculation barrier reuses this mode value in class `st`.
            return "\(code) nospec"
        default:
            return "BUG_st_\(Self.hex2(instruction.opcode))"
        }
    }

    private func loadRegisterText(_ instruction: Instruction, _ opcode: Opcode) -> String {
        let size: String
        switch opcode.mode {
        case .memory: size = Self.unsignedSizeName(opcode.size)
        case .memorySignExtend: size = Self.signedSizeName(opcode.size)
        default: return "BUG_ldx_\(Self.hex2(instruction.opcode))"
        }
        return "\(Self.code(instruction)) r\(instruction.destination.rawValue) = *(\(size) *)"
            + "(r\(instruction.source.rawValue) \(Self.signed(instruction.offset)))"
    }

    private func loadText(_ instruction: Instruction, _ opcode: Opcode) -> String {
        let code = Self.code(instruction)
        let size = Self.unsignedSizeName(opcode.size)
        switch opcode.mode {
        case .packetAbsolute:
            return "\(code) r0 = *(\(size) *)skb[\(instruction.immediate)]"
        case .packetIndirect:
            return "\(code) r0 = *(\(size) *)skb[r\(instruction.source.rawValue) + \(instruction.immediate)]"
        case .immediate where opcode.size == .doubleWord:
            return "\(code) r\(instruction.destination.rawValue) = \(loadImmediateText(instruction))"
        default:
            return "BUG_ld_\(Self.hex2(instruction.opcode))"
        }
    }

    private func loadImmediateText(_ instruction: Instruction) -> String {
        if let text = immediateText(instruction) { return text }
        let isMapPointer = instruction.source == LoadImmediateSource.mapFileDescriptor.register
            || instruction.source == LoadImmediateSource.mapValue.register
        let value = isMapPointer && !showsMapPointers ? 0 : UInt64(bitPattern: instruction.constant)
        return "0x\(String(value, radix: 16))"
    }

    private func jumpText(_ instruction: Instruction, _ opcode: Opcode) -> String {
        let code = Self.code(instruction)
        let operation = opcode.jumpOperation
        if operation == .call {
            return "\(code) call \(callText(instruction))"
        }
        // The kernel recognises these by the exact opcode byte, so only the `BPF_K` forms qualify.
        switch (opcode.instructionClass, operation, opcode.source) {
        case (.jump, .always, .constant):
            return "\(code) goto pc\(Self.signed(instruction.offset))"
        case (.jump, .condition, .constant) where instruction.source == .r0:
            return "\(code) may_goto pc\(Self.signed(instruction.offset))"
        case (.jump32, .always, .constant):
            return "\(code) gotol pc\(Self.signed(instruction.immediate))"
        case (.jump, .exit, .constant):
            return "\(code) exit"
        default:
            break
        }
        let register: Character = opcode.instructionClass == .jump32 ? "w" : "r"
        let comparison = "\(register)\(instruction.destination.rawValue) \(Self.jumpSymbol(operation))"
        let target = "goto pc\(Self.signed(instruction.offset))"
        if opcode.source == .register {
            return "\(code) if \(comparison) \(register)\(instruction.source.rawValue) \(target)"
        }
        let immediate = String(UInt32(bitPattern: instruction.immediate), radix: 16)
        return "\(code) if \(comparison) 0x\(immediate) \(target)"
    }

    private func callText(_ instruction: Instruction) -> String {
        if instruction.source == CallSource.function.register {
            return "pc" + (callTargetName(instruction) ?? Self.signed(instruction.immediate))
        }
        let name: String
        if instruction.source == .r0, let helper = HelperFunction(rawValue: instruction.immediate).name {
            name = "bpf_" + helper
        } else if let resolved = callTargetName(instruction) {
            name = resolved
        } else if instruction.source == CallSource.kernelFunction.register {
            name = "kernel-function"
        } else {
            name = "unknown"
        }
        return "\(name)#\(instruction.immediate)"
    }
}

// MARK: - Notation

extension Disassembler {
    /// What C's `printf` prints for a null string, which is what the kernel shows for unassigned table slots.
    private static let missing = "(null)"

    private static func code(_ instruction: Instruction) -> String {
        "(\(hex2(instruction.opcode)))"
    }

    private static func hex2(_ byte: UInt8) -> String {
        let digits = String(byte, radix: 16)
        return digits.count < 2 ? "0" + digits : digits
    }

    /// `%+d`: always signed.
    private static func signed(_ value: some BinaryInteger) -> String {
        value < 0 ? "\(value)" : "+\(value)"
    }

    private static func arithmeticSymbol(_ operation: ArithmeticOperation?) -> String {
        switch operation {
        case .add: "+="
        case .subtract: "-="
        case .multiply: "*="
        case .divide: "/="
        case .or: "|="
        case .and: "&="
        case .shiftLeft: "<<="
        case .shiftRight: ">>="
        case .negate: "neg"
        case .modulo: "%="
        case .xor: "^="
        case .move: "="
        case .arithmeticShiftRight: "s>>="
        case .endian: "endian"
        case nil: missing
        }
    }

    private static func signExtendingMoveCast(_ offset: Int16) -> String {
        switch offset {
        case 8: "(s8)"
        case 16: "(s16)"
        case 32: "(s32)"
        default: ""
        }
    }

    private static func atomicName(_ operation: ArithmeticOperation?) -> String {
        switch operation {
        case .add: "add"
        case .or: "or"
        case .and: "and"
        case .xor: "xor"
        default: missing
        }
    }

    private static func unsignedSizeName(_ size: OperandSize) -> String {
        switch size {
        case .word: "u32"
        case .halfWord: "u16"
        case .byte: "u8"
        case .doubleWord: "u64"
        }
    }

    private static func signedSizeName(_ size: OperandSize) -> String {
        switch size {
        case .word: "s32"
        case .halfWord: "s16"
        case .byte: "s8"
        case .doubleWord: missing
        }
    }

    private static func jumpSymbol(_ operation: JumpOperation?) -> String {
        switch operation {
        case .always: "jmp"
        case .compare(.equal): "=="
        case .compare(.greater): ">"
        case .compare(.less): "<"
        case .compare(.greaterOrEqual): ">="
        case .compare(.lessOrEqual): "<="
        case .compare(.bitsSet): "&"
        case .compare(.notEqual): "!="
        case .compare(.signedGreater): "s>"
        case .compare(.signedLess): "s<"
        case .compare(.signedGreaterOrEqual): "s>="
        case .compare(.signedLessOrEqual): "s<="
        case .call: "call"
        case .exit: "exit"
        case .condition, nil: missing
        }
    }

    /// bpftool's rendering of `ld_imm64` immediates in translated code.
    private static func bpftoolImmediate(_ instruction: Instruction) -> String? {
        let low = UInt32(truncatingIfNeeded: instruction.constant)
        let high = UInt32(truncatingIfNeeded: instruction.constant >> 32)
        switch LoadImmediateSource(rawValue: instruction.source.rawValue) {
        case .mapFileDescriptor: return "map[id:\(low)]"
        case .mapValue: return "map[id:\(low)][0]+\(high)"
        case .mapIndexValue: return "map[idx:\(low)]+\(high)"
        case .function: return "subprog[\(signed(instruction.immediate))]"
        default: return nil
        }
    }
}
