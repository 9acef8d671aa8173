import BPFObject

/// What `swiftbpf inspect --core` (and `swiftbpf core`, the same command)
/// prints: every CO-RE relocation of an object as the dry run
/// (``CORERelocationPass/dryRun(object:target:)``) resolves it against a
/// target, with its value and the candidate that gave it, or the reason it has none.
struct CORERelocationListing: Encodable {
    /// One relocation. Keys without a value are left out of the JSON.
    struct Relocation: Encodable {
        /// The function holding the instruction, if a symbol covers it.
        var program: String?
        /// True when that function is a subprogram (in `.text`) rather than a program.
        var subprogram: Bool?
        /// The instruction's index from the function's start, as the verifier and libbpf count it.
        var instruction: Int?
        var section: String
        /// The instruction's index from the section's start.
        var section_instruction: Int
        var kind: String
        /// The local access in C notation, e.g. `struct task_struct.pid`.
        var access: String
        /// The raw `.BTF.ext` access string, e.g. `0:92`.
        var access_string: String
        var local_type_id: BTFTypeID
        /// `relocated`, `poisoned` or `failed`.
        var status: String
        /// The value patched in; only for `relocated`.
        var value: UInt64?
        /// What the compiler wrote from the object's own BTF; only for `relocated`.
        var local_value: UInt64?
        /// The target type that gave the value.
        var candidate: String?
        /// Each candidate tried and rejected, with why.
        var rejected_candidates: [String]
        /// Why the instruction was poisoned, or why the relocation failed.
        var reason: String?

        init(_ result: CORERelocationResult, in file: ELFFile) {
            if let place = Self.place(of: result, in: file) {
                program = place.symbol.name
                subprogram = place.section == ".text"
                instruction = place.instruction
            }
            section = result.section
            section_instruction = result.instructionIndex
            kind = result.kind.name
            access = result.access
            access_string = result.accessString
            local_type_id = result.localTypeID
            candidate = result.target
            rejected_candidates = result.rejectedCandidates
            switch result.outcome {
            case .relocated(let original, let value):
                status = "relocated"
                self.value = value
                local_value = original
            case .poisoned(let why):
                status = "poisoned"
                reason = why
            case .failed(let error):
                status = "failed"
                reason = error.reasonText
            }
        }

        /// The function symbol whose code holds the relocated instruction, and the instruction's index in it.
        private static func place(of result: CORERelocationResult,
                                  in file: ELFFile) -> (symbol: ELFSymbol, section: String, instruction: Int)? {
            guard let slot = UInt64(exactly: result.instructionIndex) else { return nil }
            for symbol in file.symbols where symbol.type == .function {
                guard let section = file.section(at: Int(symbol.sectionIndex)), section.name == result.section else {
                    continue
                }
                // Symbol values and sizes come from the file: compare without arithmetic that could overflow.
                let start = symbol.value / 8
                guard slot >= start, slot - start < symbol.size / 8, let index = Int(exactly: slot - start) else {
                    continue
                }
                return (symbol, section.name, index)
            }
            return nil
        }

        /// One line: where, what, and the value with its candidate, or the reason there is none.
        var text: String {
            var line = if let program, let instruction {
                "\(subprogram == true ? "subprogram" : "program") \(program), insn \(instruction) "
                    + "(section \(section), insn \(section_instruction))"
            } else {
                "section \(section), insn \(section_instruction)"
            }
            line += ": \(kind) \(access) (\(access_string))"
            switch status {
            case "relocated":
                line += " = \(value ?? 0)"
                if local_value != value { line += " (local \(local_value ?? 0))" }
                if let candidate {
                    line += ", from \(candidate)"
                } else if kind != CORERelocationKind.localTypeID.name {
                    line += rejected_candidates.isEmpty ? ", no candidate in the target"
                        : ", no candidate matched: " + rejected_candidates.joined(separator: "; ")
                }
            case "poisoned": line += ": poisoned: \(reason ?? "")"
            default: line += ": no value: \(reason ?? "")"
            }
            return line
        }
    }

    /// The object file, as named on the command line.
    var object: String
    /// The target: `vmlinux` (with module BTF), or the path of the BTF file.
    var target: String
    var relocations: [Relocation]

    /// Resolves every CO-RE relocation of `object` against `target` without loading anything.
    init(object: String, target: CORETarget) throws {
        let bytes = try WholeFile.bytes(object)
        let file: ELFFile
        do throws(ELFError) { file = try ELFFile(bytes: bytes) } catch {
            throw CommandFailure("\(object): \(error)")
        }
        self.object = object
        self.target = target.name
        do throws(COREError) {
            relocations = try CORERelocationPass.dryRun(object: file, target: target).map { Relocation($0, in: file) }
        } catch {
            throw CommandFailure("\(object): \(error)")
        }
    }

    /// Prints the listing as text, or as JSON with `--json`.
    func print(_ output: OutputOptions) throws {
        if output.json { try output.printJSON(self) } else { Swift.print(text) }
    }

    /// What `--help` says about the listing, shared by both commands that print it.
    static let helpText = """
        Lists every CO-RE relocation of the object without loading anything: the program \
        (or subprogram) and instruction it patches, counted from the function's start as the \
        verifier counts; its kind (field_byte_offset, type_size, enumval_value, ...); the local \
        access in C notation with the raw access string; and then either the value it resolves \
        to with the target type that gave it, or why it has none.

        'poisoned' means the target cannot satisfy the access: a load replaces the instruction \
        with a call the verifier rejects if it is reachable, and the load error then gives this \
        reason. 'no value' means the relocation itself is wrong (ambiguous candidates, a damaged \
        record), which makes a load of its programs fail. The exit status is 0 whenever the \
        listing could be made.

        The target is the running kernel's BTF (/sys/kernel/btf/vmlinux, then module BTF) \
        unless --target-btf names a file. With --json: {object, target, relocations: [...]}, \
        one object per relocation with program, subprogram, instruction, section, \
        section_instruction, kind, access, access_string, local_type_id, status \
        (relocated | poisoned | failed), value, local_value, candidate, rejected_candidates and \
        reason; keys without a value are left out.

        Example: swiftbpf inspect prog.o --core --target-btf /tmp/old-kernel.btf
        """

    /// A header line, then one line per relocation.
    var text: String {
        let header = "\(object): \(relocations.count) CO-RE relocation\(relocations.count == 1 ? "" : "s") against \(target)"
        return ([header] + relocations.map(\.text)).joined(separator: "\n")
    }
}
