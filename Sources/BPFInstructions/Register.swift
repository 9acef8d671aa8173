/// One of the eleven BPF registers.
///
/// `r0` holds return values, `r1`–`r5` pass arguments to calls, `r6`–`r9` are
/// preserved across calls, and `r10` is the read-only frame pointer.
public enum Register: UInt8, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// Return value of calls and of the program.
    case r0 = 0
    /// First argument; holds the context on entry.
    case r1, r2, r3, r4, r5
    /// Callee-saved registers.
    case r6, r7, r8, r9
    /// Read-only frame pointer.
    case r10

    /// The frame pointer, `r10`.
    public static let framePointer = Register.r10

    /// The register's name as the disassembler prints it, such as `r3`.
    public var description: String { "r\(rawValue)" }
}
