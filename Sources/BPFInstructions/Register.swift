/// A BPF register: the eleven a program may use, and the verifier's own `r11`.
///
/// `r0` holds return values, `r1`–`r5` pass arguments to calls, `r6`–`r9` are
/// preserved across calls, and `r10` is the read-only frame pointer.
///
/// ``r11`` is not part of the instruction set: it is `BPF_REG_AX`, which the
/// verifier uses in the code it writes (signed division by a register,
/// constant blinding, some context rewrites). It therefore shows up only in
/// kernel-translated instructions. Decoding accepts it only for
/// ``InstructionOrigin/kernelTranslated`` code, the builder refuses it
/// (``AssemblyError/auxiliaryRegister(instructionIndex:)``), and loading a
/// program that names it fails before the kernel is asked.
public enum Register: UInt8, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// Return value of calls and of the program.
    case r0 = 0
    /// First argument; holds the context on entry.
    case r1, r2, r3, r4, r5
    /// Callee-saved registers.
    case r6, r7, r8, r9
    /// Read-only frame pointer.
    case r10
    /// The verifier's auxiliary register (`BPF_REG_AX`), found only in kernel-translated code.
    case r11

    /// The frame pointer, `r10`.
    public static let framePointer = Register.r10

    /// The registers a program may name: `r0` through `r10`.
    public static let programmable: [Register] = allCases.filter { !$0.isAuxiliary }

    /// Whether this is ``r11``, the register only the verifier may write.
    public var isAuxiliary: Bool { self == .r11 }

    /// The register's name as the disassembler prints it, such as `r3`.
    public var description: String { "r\(rawValue)" }
}
