/// One line of a program written in Swift: an instruction, a label, or an
/// instruction whose target or operand is resolved when the program is assembled
/// (a label) or loaded (a map or kernel function named by symbol).
///
/// Statements are built with static constructors that read like the kernel's
/// assembly, and assembled into instructions by ``Assembly``:
///
/// ```swift
/// let program = try Assembly([
///     .store(0, to: .r10, offset: -4, size: .word),
///     .mov(.r2, .r10),
///     .add(.r2, -4),
///     .loadMap(.r1, named: "counters"),
///     .call(.mapLookupElem),
///     .jump(.equal, .r0, 0, to: "out"),
///     .atomic(.add, .r1, at: .r0, size: .doubleWord),
///     .label("out"),
///     .mov(.r0, 0),
///     .exit(),
/// ])
/// ```
public struct Statement: Hashable, Sendable {
    /// Which field of an instruction receives a label's distance.
    enum DistanceField: Hashable, Sendable {
        /// The 16-bit offset (conditional jumps, `ja`, `may_goto`).
        case offset
        /// The 32-bit immediate (`gotol`, BPF-to-BPF calls, `ld_imm64` of a function).
        case immediate
    }

    enum Content: Hashable, Sendable {
        case instruction(Instruction)
        case label(String)
        case branch(Instruction, target: String, field: DistanceField)
        case symbol(Instruction, name: String, kind: SymbolReference.Kind)
    }

    let content: Content

    /// An instruction given in full.
    public static func instruction(_ instruction: Instruction) -> Statement {
        Statement(content: .instruction(instruction))
    }

    /// A label naming the position of the next instruction.
    public static func label(_ name: String) -> Statement {
        Statement(content: .label(name))
    }
}

// MARK: - Arithmetic

extension Statement {
    /// Any arithmetic operation: `dst op= src`.
    public static func alu(_ operation: ArithmeticOperation, _ destination: Register, _ source: Operand,
                           width: OperandWidth = .bits64) -> Statement {
        arithmetic(operation, destination, source, offset: 0, width: width)
    }

    /// `dst = src`.
    public static func mov(_ destination: Register, _ source: Operand, width: OperandWidth = .bits64) -> Statement {
        alu(.move, destination, source, width: width)
    }

    /// `dst += src`.
    public static func add(_ destination: Register, _ source: Operand, width: OperandWidth = .bits64) -> Statement {
        alu(.add, destination, source, width: width)
    }

    /// `dst -= src`.
    public static func sub(_ destination: Register, _ source: Operand, width: OperandWidth = .bits64) -> Statement {
        alu(.subtract, destination, source, width: width)
    }

    /// `dst *= src`.
    public static func mul(_ destination: Register, _ source: Operand, width: OperandWidth = .bits64) -> Statement {
        alu(.multiply, destination, source, width: width)
    }

    /// `dst /= src`, unsigned.
    public static func div(_ destination: Register, _ source: Operand, width: OperandWidth = .bits64) -> Statement {
        alu(.divide, destination, source, width: width)
    }

    /// `dst %= src`, unsigned.
    public static func mod(_ destination: Register, _ source: Operand, width: OperandWidth = .bits64) -> Statement {
        alu(.modulo, destination, source, width: width)
    }

    /// `dst s/= src`, signed division (ISA v4: offset 1).
    public static func sdiv(_ destination: Register, _ source: Operand, width: OperandWidth = .bits64) -> Statement {
        arithmetic(.divide, destination, source, offset: 1, width: width)
    }

    /// `dst s%= src`, signed modulo (ISA v4: offset 1).
    public static func smod(_ destination: Register, _ source: Operand, width: OperandWidth = .bits64) -> Statement {
        arithmetic(.modulo, destination, source, offset: 1, width: width)
    }

    /// `dst |= src`.
    public static func or(_ destination: Register, _ source: Operand, width: OperandWidth = .bits64) -> Statement {
        alu(.or, destination, source, width: width)
    }

    /// `dst &= src`.
    public static func and(_ destination: Register, _ source: Operand, width: OperandWidth = .bits64) -> Statement {
        alu(.and, destination, source, width: width)
    }

    /// `dst ^= src`.
    public static func xor(_ destination: Register, _ source: Operand, width: OperandWidth = .bits64) -> Statement {
        alu(.xor, destination, source, width: width)
    }

    /// `dst <<= src`.
    public static func lsh(_ destination: Register, _ source: Operand, width: OperandWidth = .bits64) -> Statement {
        alu(.shiftLeft, destination, source, width: width)
    }

    /// `dst >>= src`, logical.
    public static func rsh(_ destination: Register, _ source: Operand, width: OperandWidth = .bits64) -> Statement {
        alu(.shiftRight, destination, source, width: width)
    }

    /// `dst s>>= src`, arithmetic.
    public static func arsh(_ destination: Register, _ source: Operand, width: OperandWidth = .bits64) -> Statement {
        alu(.arithmeticShiftRight, destination, source, width: width)
    }

    /// `dst = -dst`.
    public static func neg(_ register: Register, width: OperandWidth = .bits64) -> Statement {
        alu(.negate, register, 0, width: width)
    }

    /// `dst = (sN)src`: a move that sign-extends the low `bits` (8, 16 or 32) of `source` (ISA v4).
    public static func movSignExtended(_ destination: Register, _ source: Register, bits: Int16,
                                       width: OperandWidth = .bits64) -> Statement {
        arithmetic(.move, destination, .register(source), offset: bits, width: width)
    }

    /// `dst = be16/32/64 dst`: converts from host to big-endian order (a swap on little-endian hosts).
    public static func toBigEndian(_ register: Register, bits: Int32) -> Statement {
        endian(register, bits: bits, order: .register, instructionClass: .alu32)
    }

    /// `dst = le16/32/64 dst`: converts from host to little-endian order (a truncation on little-endian hosts).
    public static func toLittleEndian(_ register: Register, bits: Int32) -> Statement {
        endian(register, bits: bits, order: .constant, instructionClass: .alu32)
    }

    /// `dst = bswap16/32/64 dst`: an unconditional byte swap (ISA v4).
    public static func byteSwap(_ register: Register, bits: Int32) -> Statement {
        endian(register, bits: bits, order: .constant, instructionClass: .alu64)
    }

    private static func arithmetic(_ operation: ArithmeticOperation, _ destination: Register, _ source: Operand,
                                   offset: Int16, width: OperandWidth) -> Statement {
        .instruction(Instruction(
            Opcode(width.arithmeticClass, operation, source: source.source),
            destination: destination, source: source.sourceRegister, offset: offset, constant: source.constantValue))
    }

    private static func endian(_ register: Register, bits: Int32, order: OperandSource,
                               instructionClass: InstructionClass) -> Statement {
        .instruction(Instruction(Opcode(instructionClass, .endian, source: order),
                                 destination: register, constant: Int64(bits)))
    }
}

// MARK: - Memory

extension Statement {
    /// `dst = *(size *)(base + offset)`, zero-extending.
    public static func load(_ destination: Register, from base: Register, offset: Int16 = 0,
                            size: OperandSize) -> Statement {
        .instruction(Instruction(Opcode(.loadRegister, size: size, mode: .memory),
                                 destination: destination, source: base, offset: offset))
    }

    /// `dst = *(sN *)(base + offset)`, sign-extending (ISA v4; sizes byte, half word and word).
    public static func loadSignExtended(_ destination: Register, from base: Register, offset: Int16 = 0,
                                        size: OperandSize) -> Statement {
        .instruction(Instruction(Opcode(.loadRegister, size: size, mode: .memorySignExtend),
                                 destination: destination, source: base, offset: offset))
    }

    /// `*(size *)(base + offset) = value`: class `stx` for a register, `st` for an immediate.
    public static func store(_ value: Operand, to base: Register, offset: Int16 = 0, size: OperandSize) -> Statement {
        let instructionClass: InstructionClass = value.source == .register ? .storeRegister : .store
        return .instruction(Instruction(Opcode(instructionClass, size: size, mode: .memory),
                                        destination: base, source: value.sourceRegister, offset: offset,
                                        constant: value.constantValue))
    }

    /// A read-modify-write atomic on `*(size *)(base + offset)` with `value` (sizes word and double word).
    ///
    /// For the fetching forms the old value lands in `value`; for
    /// ``AtomicOperation/compareExchange`` in `r0`. Use ``loadAcquire(_:from:offset:size:)``
    /// and ``storeRelease(_:to:offset:size:)`` for the ordered load and store,
    /// whose register roles differ.
    public static func atomic(_ operation: AtomicOperation, _ value: Register, at base: Register,
                              offset: Int16 = 0, size: OperandSize) -> Statement {
        .instruction(Instruction(Opcode(.storeRegister, size: size, mode: .atomic),
                                 destination: base, source: value, offset: offset,
                                 constant: Int64(operation.rawValue)))
    }

    /// `dst = load_acquire((size *)(base + offset))` (kernel 6.15).
    public static func loadAcquire(_ destination: Register, from base: Register, offset: Int16 = 0,
                                   size: OperandSize) -> Statement {
        .instruction(Instruction(Opcode(.storeRegister, size: size, mode: .atomic),
                                 destination: destination, source: base, offset: offset,
                                 constant: Int64(AtomicOperation.loadAcquire.rawValue)))
    }

    /// `store_release((size *)(base + offset), value)` (kernel 6.15).
    public static func storeRelease(_ value: Register, to base: Register, offset: Int16 = 0,
                                    size: OperandSize) -> Statement {
        atomic(.storeRelease, value, at: base, offset: offset, size: size)
    }

    /// `r0 = *(size *)skb[offset]`: the legacy socket-filter packet load (`BPF_ABS`).
    public static func loadPacket(size: OperandSize, at offset: Int32) -> Statement {
        .instruction(Instruction(Opcode(.load, size: size, mode: .packetAbsolute), constant: Int64(offset)))
    }

    /// `r0 = *(size *)skb[index + offset]`: the legacy indirect packet load (`BPF_IND`).
    public static func loadPacket(size: OperandSize, at index: Register, offset: Int32) -> Statement {
        .instruction(Instruction(Opcode(.load, size: size, mode: .packetIndirect),
                                 source: index, constant: Int64(offset)))
    }
}

// MARK: - 64-bit immediates

extension Statement {
    /// `dst = value` as `ld_imm64`, with an optional pseudo source that gives the value a meaning.
    public static func loadImmediate(_ destination: Register, _ value: Int64,
                                     source: LoadImmediateSource = .constant) -> Statement {
        .instruction(wide(destination, value, source: source))
    }

    /// `dst = map` for a map whose file descriptor is already known.
    public static func loadMapFD(_ destination: Register, _ fileDescriptor: Int32) -> Statement {
        loadImmediate(destination, Int64(fileDescriptor), source: .mapFileDescriptor)
    }

    /// `dst = &map.value[offset]` for an array map whose file descriptor is already known.
    public static func loadMapValue(_ destination: Register, fileDescriptor: Int32, offset: UInt32) -> Statement {
        loadImmediate(destination, mapValueConstant(fileDescriptor, offset), source: .mapValue)
    }

    /// `dst = map` for the map named `name`; its fd is patched in by ``Assembly/linked(resolving:)``.
    public static func loadMap(_ destination: Register, named name: String) -> Statement {
        Statement(content: .symbol(wide(destination, 0, source: .mapFileDescriptor), name: name, kind: .map))
    }

    /// `dst = &map.value[offset]` for the array map named `name`; its fd is patched in at link time.
    public static func loadMapValue(_ destination: Register, named name: String, offset: UInt32) -> Statement {
        Statement(content: .symbol(wide(destination, mapValueConstant(0, offset), source: .mapValue),
                                   name: name, kind: .mapValue))
    }

    /// `dst = &function` (`BPF_PSEUDO_FUNC`) for the subprogram at `label`, as callbacks such as `bpf_loop` take.
    public static func loadFunction(_ destination: Register, _ label: String) -> Statement {
        Statement(content: .branch(wide(destination, 0, source: .function), target: label, field: .immediate))
    }

    private static func wide(_ destination: Register, _ value: Int64, source: LoadImmediateSource) -> Instruction {
        Instruction(opcode: Instruction.loadImmediate64Opcode, destination: destination,
                    source: source.register, constant: value)
    }

    private static func mapValueConstant(_ fileDescriptor: Int32, _ offset: UInt32) -> Int64 {
        Int64(bitPattern: UInt64(offset) << 32 | UInt64(UInt32(bitPattern: fileDescriptor)))
    }
}

// MARK: - Control flow

extension Statement {
    /// `if dst cond src goto label`.
    public static func jump(_ condition: JumpCondition, _ destination: Register, _ source: Operand,
                            to label: String, width: OperandWidth = .bits64) -> Statement {
        branch(Instruction(Opcode(width.jumpClass, .compare(condition), source: source.source),
                           destination: destination, source: source.sourceRegister,
                           constant: source.constantValue),
               to: label, field: .offset)
    }

    /// `goto label`, within 32,767 slots.
    public static func jump(to label: String) -> Statement {
        branch(Instruction(Opcode(.jump, .always, source: .constant)), to: label, field: .offset)
    }

    /// `gotol label`: an unconditional jump with a 32-bit distance (ISA v4, class `jmp32`).
    public static func longJump(to label: String) -> Statement {
        branch(Instruction(Opcode(.jump32, .always, source: .constant)), to: label, field: .immediate)
    }

    /// `may_goto label`: jumps once the verifier's loop budget is spent (kernel 6.9).
    public static func mayGoto(to label: String) -> Statement {
        branch(Instruction(Opcode(.jump, .condition, source: .constant)), to: label, field: .offset)
    }

    /// `call helper`.
    public static func call(_ helper: HelperFunction) -> Statement {
        .instruction(Instruction(Opcode(.jump, .call, source: .constant), constant: Int64(helper.rawValue)))
    }

    /// A BPF-to-BPF call of the subprogram at `label` (`BPF_PSEUDO_CALL`).
    public static func call(function label: String) -> Statement {
        branch(Instruction(Opcode(.jump, .call, source: .constant), source: CallSource.function.register),
               to: label, field: .immediate)
    }

    /// A call of a kernel function by BTF id (`BPF_PSEUDO_KFUNC_CALL`); `module` is the index of the
    /// module BTF fd in the load's `fd_array`, 0 for vmlinux.
    public static func callKernelFunction(btfID: Int32, module: Int16 = 0) -> Statement {
        .instruction(kernelFunctionCall(btfID: btfID, module: module))
    }

    /// A call of the kernel function `name`; its BTF id is patched in by ``Assembly/linked(resolving:)``.
    public static func callKernelFunction(named name: String) -> Statement {
        Statement(content: .symbol(kernelFunctionCall(btfID: 0, module: 0), name: name, kind: .kernelFunction))
    }

    /// `exit`: returns `r0`.
    public static func exit() -> Statement {
        .instruction(Instruction(Opcode(.jump, .exit, source: .constant)))
    }

    private static func branch(_ instruction: Instruction, to label: String, field: DistanceField) -> Statement {
        Statement(content: .branch(instruction, target: label, field: field))
    }

    private static func kernelFunctionCall(btfID: Int32, module: Int16) -> Instruction {
        Instruction(Opcode(.jump, .call, source: .constant), source: CallSource.kernelFunction.register,
                    offset: module, constant: Int64(btfID))
    }
}
