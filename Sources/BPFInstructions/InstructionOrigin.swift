/// Where instructions being decoded come from, which decides the registers they may name.
public enum InstructionOrigin: Sendable, Hashable {
    /// Code a program was written or compiled as (an ELF section, a builder):
    /// registers `r0`–`r10` only.
    case program
    /// Code the kernel translated (`xlated_prog_insns` from BPF_OBJ_GET_INFO_BY_FD),
    /// which may also name the verifier's auxiliary register ``Register/r11``.
    case kernelTranslated

    /// The highest register number the origin allows.
    var highestRegister: UInt8 {
        switch self {
        case .program: Register.r10.rawValue
        case .kernelTranslated: Register.r11.rawValue
        }
    }
}
