/// What happened to one CO-RE relocation: the value it resolved to, or why
/// it has none. A pass returns one per `.BTF.ext` record, in record order.
public struct CORERelocationResult: Hashable, Sendable, CustomStringConvertible {
    /// The ELF section of the relocated instruction.
    public var section: String
    /// The record's position among the section's CO-RE records.
    public var relocationIndex: Int
    /// The instruction's slot index in the section (`ld_imm64` counts two slots).
    public var instructionIndex: Int
    /// The relocation kind.
    public var kind: CORERelocationKind
    /// The root type in the object's BTF.
    public var localTypeID: BTFTypeID
    /// The access in C notation, e.g. `struct task_struct.pid` or `enum bpf_map_type::BPF_MAP_TYPE_SOCKHASH`.
    public var access: String
    /// The raw access string, e.g. `0:1`.
    public var accessString: String
    /// The matched target type, e.g. `vmlinux [1234] struct task_struct`; nil when none matched.
    public var target: String?
    /// Candidates that were tried and rejected, each with the reason.
    public var rejectedCandidates: [String]
    /// The result.
    public var outcome: CORERelocationOutcome

    /// The relocated value, if the relocation has one.
    public var value: UInt64? {
        if case .relocated(_, let value) = outcome { return value }
        return nil
    }

    /// One line: where, what, and the value or the reason.
    public var description: String {
        let head = "\(section) insn \(instructionIndex): \(kind) \(access) (\(accessString))"
        switch outcome {
        case .relocated(let original, let value):
            return "\(head) = \(value)" + (original == value ? "" : " (was \(original))")
                + (target.map { " from \($0)" } ?? "")
        case .poisoned(let reason): return "\(head): poisoned: \(reason)"
        case .failed(let error): return "\(head): error: \(error)"
        }
    }
}

/// The outcome of one CO-RE relocation.
public enum CORERelocationOutcome: Hashable, Sendable {
    /// The instruction now holds `value` (it held `original`, the local BTF's answer).
    case relocated(original: UInt64, value: UInt64)
    /// The access cannot be satisfied on the target; the instruction was
    /// replaced by a call to helper 0xbad2310, which the verifier rejects if
    /// it is reachable. `reason` says why, for the error the loader reports.
    case poisoned(reason: String)
    /// The relocation is malformed or ambiguous (a real load stops here; a dry run records it).
    case failed(COREError)
}
