/// Why each poisoned instruction of one program was poisoned, so that a
/// verifier rejection of `call unknown#195896080` can name the relocation
/// that failed instead of a magic number.
///
/// The object pipeline builds one per program from the sections'
/// ``CORERelocationResult``s (``ProgramSpec/corePoisonReport``); if the
/// verifier rejects the program, the loader asks
/// ``explanation(forVerifierLog:)`` for the text to attach to its error.
public struct COREPoisonReport: Hashable, Sendable {
    /// The program's name.
    public var program: String
    /// Poisoned instruction index (slots from the program's first
    /// instruction, as the verifier counts) → why.
    public var explanations: [Int: String]

    /// The helper number of a poisoned call (0xbad2310, "bad relo"), as libbpf writes it.
    public static let poisonHelper = COREInstructionPatch.poisonHelper

    /// An empty report for `program`.
    public init(program: String) {
        self.program = program
        explanations = [:]
    }

    /// Adds the poisoned relocations of `results` that fall in `slots` of
    /// `section` (one function's code), renumbered so that the function's
    /// first slot is `programStart`: 0 for the program's own function, the
    /// slot it was appended at for a linked subprogram.
    public mutating func collect(_ results: [CORERelocationResult], section: String, slots: Range<Int>,
                                 programStart: Int = 0) {
        for result in results where result.section == section && slots.contains(result.instructionIndex) {
            if case .poisoned(let reason) = result.outcome {
                explanations[result.instructionIndex - slots.lowerBound + programStart] =
                    "\(result.kind) relocation: \(reason)"
            }
        }
    }

    /// The explanation of the poisoned call the verifier stopped at, e.g.
    /// `program foo, insn 12: byte_off relocation: field 'struct task_struct___old.pid' not found in target BTF (...)`;
    /// nil when the log does not show a poisoned call that this report explains.
    public func explanation(forVerifierLog log: String) -> String? {
        let marker = "call unknown#\(Self.poisonHelper)"
        // The verifier prints "N: (85) call unknown#195896080" for the instruction it rejects, last.
        for line in log.split(separator: "\n").reversed() where line.contains(marker) {
            let digits = line.prefix { $0.isNumber }
            guard let index = Int(digits), line.dropFirst(digits.count).hasPrefix(":"),
                  let reason = explanations[index] else { continue }
            return "program \(program), insn \(index): \(reason)"
        }
        return nil
    }
}
