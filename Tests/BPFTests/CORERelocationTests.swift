import BPFInstructions
import BPFObject
import COREOracles
import Testing

@testable import BPF

/// CO-RE relocation of the TestObjects core_* objects, checked against two
/// oracles that never use our engine: libbpf's relocation log, and the C
/// compiler's view of the target types (offsetof, sizeof, enum constants).
@Suite("CO-RE relocation")
struct CORERelocationTests {
    /// An object, and the target it is relocated against (nil: the running kernel).
    struct Case: CustomTestStringConvertible, Sendable {
        var object: String
        var customTarget: Bool
        var testDescription: String { "\(object) against \(customTarget ? "target_btf.c" : "vmlinux")" }
    }

    static let parityCases = [
        Case(object: "core_kinds", customTarget: true),
        Case(object: "core_vmlinux", customTarget: false),
        Case(object: "core_relocations", customTarget: false),
        Case(object: "core_forms", customTarget: true),
    ]

    /// A TestObjects build, or core_targets/core_forms.c (built for v4, outside the Makefile's objects).
    static func path(_ object: String) throws -> String {
        object == "core_forms" ? try COREFixtures.formsObject() : try COREFixtures.object(object)
    }

    static func target(custom: Bool, endian: String = "bpfel") throws -> (CORETarget, String?) {
        guard custom else { return (try CORETarget.kernel(), nil) }
        let path = try COREFixtures.targetObject(endian: endian)
        return (try CORETarget.file(path), path)
    }

    @Test(arguments: parityCases)
    func resultsEqualLibbpfs(_ testCase: Case) throws {
        let path = try Self.path(testCase.object)
        let (target, targetPath) = try Self.target(custom: testCase.customTarget)
        let file = try ELFFile(bytes: try COREFixtures.readFile(path))
        let results = try CORERelocationPass.dryRun(object: file, target: target)
        let libbpf = try COREFixtures.libbpfRelocations(path, target: targetPath)
        #expect(!results.isEmpty)

        // libbpf counts instructions from each program's start; ours from the section's.
        let functions = COREFixtures.functions(of: file)
        var expected: Set<String> = []
        for relocation in libbpf {
            let function = try #require(functions.first { $0.name == relocation.program })
            let slot = function.slots.lowerBound + relocation.instruction
            switch relocation.action {
            case .patched(let value): expected.insert("\(function.section) \(slot) = \(value)")
            case .poisoned: expected.insert("\(function.section) \(slot) poisoned")
            case .failed: Issue.record("libbpf failed to relocate \(relocation.program)")
            }
        }
        var ours: Set<String> = []
        for result in results {
            switch result.outcome {
            case .relocated(_, let value): ours.insert("\(result.section) \(result.instructionIndex) = \(value)")
            case .poisoned:
                ours.insert("\(result.section) \(result.instructionIndex) poisoned")
                // libbpf logs both slots of a poisoned ld_imm64.
                if expected.contains("\(result.section) \(result.instructionIndex + 1) poisoned") {
                    ours.insert("\(result.section) \(result.instructionIndex + 1) poisoned")
                }
            case .failed(let error): Issue.record("\(error)")
            }
        }
        #expect(ours == expected)
        #expect(ours.subtracting(expected).sorted() == [])
        #expect(expected.subtracting(ours).sorted() == [])
    }

    /// Kind by kind, the relocated constant equals what the C compiler says about the target types.
    @Test(arguments: ["bpfel", "bpfeb"])
    func valuesEqualTheTargetLayout(endian: String) throws {
        let file = try ELFFile(bytes: try COREFixtures.readFile(try COREFixtures.object("core_kinds", endian: endian)))
        let (target, targetPath) = try Self.target(custom: true, endian: endian)
        let layout = try COREFixtures.targetLayout()
        let results = try CORERelocationPass.dryRun(object: file, target: target)
        let functions = COREFixtures.functions(of: file)
        func values(of program: String) throws -> [UInt64] {
            let function = try #require(functions.first { $0.name == program })
            return results.filter { function.slots.contains($0.instructionIndex) }.compactMap(\.value)
        }
        for name in ["counter_offset", "counter_size", "anon_high_offset", "arr_y_offset", "tail_offset",
                     "chain_size", "sample_size", "green_value", "blue_value"] {
            let expected = try #require(layout[name].flatMap { UInt64($0) }, "\(name)")
            #expect(try values(of: name) == [expected], "\(name)")
        }
        let hugeHigh = try #require(layout["huge_high"].flatMap { UInt64($0) })
        let hugeLow = try #require(layout["huge_low"].flatMap { UInt64($0) })
        let huge = hugeHigh << 32 | hugeLow
        #expect(try values(of: "huge_low") == [huge])
        for (name, value) in COREFixtures.declarationFacts {
            #expect(try values(of: name) == [value], "\(name)")
        }
        let targetFile = try #require(targetPath)
        let targetID = try #require(try COREFixtures.bpftoolTypeID("STRUCT", "swiftbpf_core_sample", in: targetFile))
        #expect(try values(of: "target_type_id") == [UInt64(targetID)])
        let objectPath = try COREFixtures.object("core_kinds", endian: endian)
        let localID = try #require(try COREFixtures.bpftoolTypeID("STRUCT", "swiftbpf_core_sample___local", in: objectPath))
        #expect(try values(of: "local_type_id") == [UInt64(localID)])
    }

    @Test func ambiguousCandidatesFailLikeLibbpf() throws {
        let path = try COREFixtures.compiled("ambiguous.c")
        let (target, targetPath) = try Self.target(custom: true)
        let libbpf = try COREFixtures.libbpfRelocations(path, target: targetPath)
        #expect(libbpf.contains { $0.action == .failed })

        let file = try ELFFile(bytes: try COREFixtures.readFile(path))
        let (btf, ext) = try COREFixtures.btf(of: file)
        let group = try #require(ext.coreRelocations.first)
        var instructions = try COREFixtures.instructions(of: group.sectionName, in: file)
        let error = #expect(throws: COREError.self) {
            _ = try CORERelocationPass(localBTF: btf, target: target)
                .relocate(&instructions, section: group.sectionName, records: group.records)
        }
        guard case .ambiguous(let text)? = error?.reason else {
            Issue.record("expected an ambiguity, got \(String(describing: error))")
            return
        }
        #expect(text.contains("swiftbpf_core_dup___other"))
        #expect(error?.section == "socket")
        #expect(error?.instructionIndex == 0)
    }

    /// The instruction forms libbpf patches, each holding `value` where a relocation reads it.
    static let forms: [(name: String, make: @Sendable (UInt64) -> Instruction?)] = [
        ("alu64 mov", { value in Int32(exactly: value).map { Instruction(opcode: 0xb7, constant: Int64($0)) } }),
        ("alu32 mov", { value in Int32(exactly: value).map { Instruction(opcode: 0xb4, constant: Int64($0)) } }),
        ("alu64 add", { value in Int32(exactly: value).map { Instruction(opcode: 0x07, constant: Int64($0)) } }),
        ("alu32 add", { value in Int32(exactly: value).map { Instruction(opcode: 0x04, constant: Int64($0)) } }),
        ("ldx", { value in Int16(exactly: value).map { Instruction(opcode: 0x61, source: .r1, offset: $0) } }),
        ("st", { value in Int16(exactly: value).map { Instruction(opcode: 0x62, destination: .r10, offset: $0, constant: 7) } }),
        ("stx", { value in Int16(exactly: value).map { Instruction(opcode: 0x63, destination: .r10, source: .r1, offset: $0) } }),
        ("ld_imm64", { value in Instruction(opcode: 0x18, constant: Int64(bitPattern: value)) }),
    ]

    /// Every kind applies to every form libbpf patches (ALU immediates, load and store offsets, ld_imm64),
    /// not only the ones clang happened to emit: each core_kinds relocation, moved onto each form holding
    /// the compiler's local value, must leave the form holding the value it gives where clang put it
    /// (which resultsEqualLibbpfs checks against libbpf).
    @Test func everyKindPatchesEveryForm() throws {
        let file = try ELFFile(bytes: try COREFixtures.readFile(try COREFixtures.object("core_kinds")))
        let (target, _) = try Self.target(custom: true)
        let (btf, ext) = try COREFixtures.btf(of: file)
        let group = try #require(ext.coreRelocations.first { $0.sectionName == "socket" })
        let code = try COREFixtures.instructions(of: "socket", in: file)
        let results = CORERelocationPass(localBTF: btf, target: target).dryRun(code, section: "socket", records: group.records)
        var patched: [CORERelocationKind: Set<String>] = [:]
        for (record, result) in zip(group.records, results) {
            guard case .relocated(let local, let value) = result.outcome else { continue }
            var moved = record
            moved.instructionOffset = 0
            for form in Self.forms {
                guard var instructions = form.make(local).map({ [$0] }) else { continue }
                let pass = CORERelocationPass(localBTF: btf, target: target)
                do throws(COREError) {
                    _ = try pass.relocate(&instructions, section: "forms", records: [moved])
                } catch {
                    // Too large an offset, or a width change the form's access size does not allow.
                    switch error.reason {
                    case .offsetTooLarge, .unsupportedAccess: continue
                    default:
                        Issue.record("\(result.kind) on \(form.name): \(error)")
                        continue
                    }
                }
                let instruction = try #require(instructions.first)
                switch form.name {
                case "ld_imm64": #expect(UInt64(bitPattern: instruction.constant) == value, "\(result.kind) \(form.name)")
                case "ldx", "st", "stx": #expect(Int64(instruction.offset) == Int64(exactly: value), "\(result.kind) \(form.name)")
                default: #expect(instruction.immediate == Int32(truncatingIfNeeded: value), "\(result.kind) \(form.name)")
                }
                patched[result.kind, default: []].insert(form.name)
            }
        }
        let allForms = Set(Self.forms.map(\.name))
        for kind in CORERelocationKind.allCases {
            #expect(patched[kind] == allForms, "\(kind): \(allForms.subtracting(patched[kind] ?? []).sorted())")
        }
    }

    /// A poisoned ld_imm64 becomes two poison calls, one per slot, as libbpf writes it.
    @Test func poisonedWideInstructionKeepsItsSlots() throws {
        let file = try ELFFile(bytes: try COREFixtures.readFile(try COREFixtures.object("core_kinds")))
        let (target, _) = try Self.target(custom: true)
        let (btf, ext) = try COREFixtures.btf(of: file)
        let group = try #require(ext.coreRelocations.first { $0.sectionName == "socket" })
        let original = try COREFixtures.instructions(of: "socket", in: file)
        var relocated = original
        let results = try CORERelocationPass(localBTF: btf, target: target)
            .relocate(&relocated, section: "socket", records: group.records)
        #expect(relocated.reduce(0) { $0 + $1.slotCount } == original.reduce(0) { $0 + $1.slotCount })

        let function = try #require(COREFixtures.functions(of: file).first { $0.name == "purple_value" })
        let code = COREFixtures.slice(relocated, slots: function.slots)
        let poison = Instruction(opcode: 0x85, constant: 0xbad2310)
        #expect(Array(code.prefix(2)) == [poison, poison])
        let result = try #require(results.first { $0.instructionIndex == function.slots.lowerBound })
        guard case .poisoned(let reason) = result.outcome else {
            Issue.record("expected poison, got \(result.outcome)")
            return
        }
        #expect(reason.contains("enumerator 'enum swiftbpf_core_color___local::SWIFTBPF_PURPLE___l' not found"))
    }
}

/// Damaged `.BTF.ext` records: every answer is a result or an error, never a trap.
@Suite("CO-RE on damaged records")
struct COREDamagedRecordTests {
    @Test func randomlyDamagedRecordsNeverTrap() throws {
        let file = try ELFFile(bytes: try COREFixtures.readFile(try COREFixtures.object("core_kinds")))
        let (btf, ext) = try COREFixtures.btf(of: file)
        let group = try #require(ext.coreRelocations.first)
        let instructions = try COREFixtures.instructions(of: group.sectionName, in: file)
        let target = try CORETarget.file(try COREFixtures.targetObject())
        var generator = SystemRandomNumberGenerator()
        var outcomes: [String: Int] = [:]
        for _ in 0..<1000 {
            var records = group.records
            let victim = Int.random(in: 0..<records.count, using: &generator)
            switch Int.random(in: 0..<4, using: &generator) {
            case 0: records[victim].kind = UInt32.random(in: 0...15, using: &generator)
            case 1: records[victim].type = UInt32.random(in: 0...UInt32(btf.typeCount + 2), using: &generator)
            case 2: records[victim].accessStringOffset = UInt32.random(in: 0...4096, using: &generator)
            default: records[victim].instructionOffset = UInt32.random(in: 0...2048, using: &generator)
            }
            let results = CORERelocationPass(localBTF: btf, target: target)
                .dryRun(instructions, section: group.sectionName, records: records)
            #expect(results.count == records.count)
            let outcome = switch results[victim].outcome {
            case .relocated: "relocated"
            case .poisoned: "poisoned"
            case .failed: "failed"
            }
            outcomes[outcome, default: 0] += 1
        }
        // The damage must have reached every path.
        #expect(outcomes.count == 3, "\(outcomes)")
    }
}
