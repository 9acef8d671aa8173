import BPFInstructions

/// Names call targets in translated instructions the way `bpftool prog dump
/// xlated` does, from `/proc/kallsyms`.
///
/// The verifier rewrites a helper or kernel-function call's immediate into
/// the target's address minus `__bpf_call_base`, and a BPF-to-BPF call's into
/// the callee's index among the program's JIT-compiled functions (its
/// offset field keeps the original distance). bpftool looks those addresses up
/// in kallsyms, requiring an exact match; so does this type. A helper whose
/// address has no symbol prints as the address in hex, as in bpftool.
struct ProgCallTargets: Sendable {
    /// `__bpf_call_base`, or nil when kallsyms hides addresses.
    private let callBase: UInt64?
    /// The JIT-compiled functions' addresses: the main program, then subprograms.
    private let functionAddresses: [UInt64]
    /// The symbol at each address a call in the program targets.
    private let names: [UInt64: String]

    /// Resolves the targets of the calls among `instructions`.
    init(instructions: [Instruction], functionAddresses: [UInt64]) throws {
        self.functionAddresses = functionAddresses
        let table = KallsymsLines(try WholeFile.bytes("/proc/kallsyms"))
        let base = table.address(of: "__bpf_call_base")
        callBase = base
        var wanted = Set<UInt64>()
        for instruction in instructions {
            if let address = Self.target(of: instruction, callBase: base, functionAddresses: functionAddresses) {
                wanted.insert(address)
            }
        }
        names = table.names(at: wanted)
    }

    /// The address a call jumps to, when it can be known.
    private static func target(of instruction: Instruction, callBase: UInt64?,
                               functionAddresses: [UInt64]) -> UInt64? {
        switch instruction.callSource {
        case .function:
            guard let index = Int(exactly: UInt32(bitPattern: instruction.immediate)),
                  functionAddresses.indices.contains(index) else { return nil }
            return functionAddresses[index]
        case .helper, .kernelFunction:
            guard let callBase else { return nil }
            return callBase &+ UInt64(bitPattern: Int64(instruction.immediate))
        case nil:
            return nil
        }
    }

    /// What follows `call ` (helpers, kernel functions) or `call pc`
    /// (BPF-to-BPF calls) in bpftool's listing, for ``Disassembler/callTargetName``.
    func name(for instruction: Instruction) -> String? {
        let address = Self.target(of: instruction, callBase: callBase, functionAddresses: functionAddresses)
        if instruction.callSource == .function {
            let distance = instruction.offset < 0 ? "\(instruction.offset)" : "+\(instruction.offset)"
            // Interpreted programs have no JIT-compiled functions to name.
            guard !functionAddresses.isEmpty else { return distance }
            guard let address else { return distance }
            return distance + "#" + (names[address] ?? "0x" + String(address, radix: 16))
        }
        guard let address else { return nil }
        return names[address] ?? "0x" + String(address, radix: 16)
    }
}
