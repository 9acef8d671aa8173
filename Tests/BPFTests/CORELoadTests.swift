import BPFInstructions
import BPFObject
import COREOracles
import Foundation
import Testing

@testable import BPF

/// In the loader's serialized suite: its tests check that no program named
/// like these objects' is left loaded, which a concurrent load would upset.
extension ObjectLoaderSuite {
    /// CO-RE relocated programs loaded into the kernel and run with
    /// PROG_TEST_RUN: each returns one relocated value, or reads a
    /// target-layout struct from the packet.
    @Suite("CO-RE programs in the kernel")
    struct CORELoadTests {
        /// An object's programs after relocating every section against `target`.
        struct Relocated {
            var file: ELFFile
            var functions: [COREFixtures.Function]
            var sections: [String: [Instruction]]
            var results: [CORERelocationResult]

            init(_ path: String, target: CORETarget) throws {
                file = try ELFFile(bytes: try COREFixtures.readFile(path))
                functions = COREFixtures.functions(of: file)
                let (btf, ext) = try COREFixtures.btf(of: file)
                let pass = CORERelocationPass(localBTF: btf, target: target)
                sections = [:]
                results = []
                for group in ext.coreRelocations {
                    var instructions = try COREFixtures.instructions(of: group.sectionName, in: file)
                    results += try pass.relocate(&instructions, section: group.sectionName, records: group.records)
                    sections[group.sectionName] = instructions
                }
            }

            func program(_ function: COREFixtures.Function) throws -> Program {
                let instructions = COREFixtures.slice(try #require(sections[function.section]), slots: function.slots)
                return try Program(ProgramParameters(type: .socketFilter, instructions: instructions, name: function.name))
            }
        }

        @Test func customTargetProgramsReturnTheTargetsAnswers() throws {
            let path = try COREFixtures.object("core_kinds")
            let relocated = try Relocated(path, target: try CORETarget.file(try COREFixtures.targetObject()))
            let expected = try COREFixtures.coreKindsAnswers()
            let packet = try COREFixtures.coreKindsPacket()
            var ran = 0
            for function in relocated.functions where !COREFixtures.coreKindsRejected.contains(function.name) {
                let result = try relocated.program(function).testRun(TestRunOptions(data: packet))
                #expect(result.returnValue == expected[function.name], "\(function.name)")
                ran += 1
            }
            #expect(ran == relocated.functions.count - COREFixtures.coreKindsRejected.count)
        }

        @Test func kernelTargetProgramsReturnTheKernelsAnswers() throws {
            let relocated = try Relocated(try COREFixtures.object("core_vmlinux"), target: try CORETarget.kernel())
            var layout = try COREFixtures.vmlinuxLayout()
            layout["old_pid_exists"] = "1"
            layout["old_gone_exists"] = "0"
            layout["old_gone_guarded"] = "99"
            for function in relocated.functions {
                let expected = try #require(layout[function.name].flatMap { UInt32($0) }, "\(function.name)")
                let result = try relocated.program(function).testRun(TestRunOptions(data: [UInt8](repeating: 0, count: 64)))
                #expect(result.returnValue == expected, "\(function.name)")
            }
            #expect(relocated.functions.count == 9)
        }

        /// Stores through relocated offsets (BPF_ST with an immediate, BPF_STX, and a BPF_STX widened
        /// with its field) reach the target field: each program returns the size and offset the store
        /// changed, which must be the C compiler's for the target type.
        @Test func storesReachTheTargetsField() throws {
            let relocated = try Relocated(try COREFixtures.formsObject(),
                                          target: try CORETarget.file(try COREFixtures.targetObject()))
            let layout = try COREFixtures.targetLayout()
            let code = try #require(relocated.sections["socket"])
            // The forms this object exists for, after relocation: ST imm W, STX W, STX DW.
            var forms: [String: UInt8] = [:]
            for result in relocated.results {
                let function = try #require(relocated.functions.first { $0.slots.contains(result.instructionIndex) })
                let slot = COREFixtures.slice(code, slots: result.instructionIndex..<(result.instructionIndex + 1))
                forms[function.name] = try #require(slot.first).opcode
            }
            #expect(forms == ["store_imm_counter": 0x62, "store_reg_counter": 0x63, "store_reg_size_changed": 0x7b])
            #expect(relocated.functions.count == 3)
            for function in relocated.functions {
                let expected = try #require(layout[function.name].flatMap { UInt32($0) }, "\(function.name)")
                let result = try relocated.program(function).testRun(TestRunOptions(data: [UInt8](repeating: 0, count: 64)))
                #expect(result.returnValue == expected, "\(function.name)")
            }
        }

        /// A reachable poisoned load fails verification, and the report names the relocation.
        @Test func verifierRejectionOfAPoisonedLoadIsExplained() throws {
            let relocated = try Relocated(try COREFixtures.object("core_kinds"),
                                          target: try CORETarget.file(try COREFixtures.targetObject()))
            for name in ["read_missing", "purple_value"] {
                let function = try #require(relocated.functions.first { $0.name == name })
                let error = #expect(throws: BPFError.self) { try relocated.program(function) }
                let log = try #require(error?.log?.text)
                #expect(log.contains("invalid func unknown#195896080"))
                var report = COREPoisonReport(program: name)
                report.collect(relocated.results, section: function.section, slots: function.slots)
                let explanation = try #require(report.explanation(forVerifierLog: log))
                #expect(explanation.hasPrefix("program \(name), insn "))
                #expect(explanation.contains("not found in target BTF"))
                #expect(explanation.contains(name == "read_missing"
                    ? "field 'struct swiftbpf_core_sample___local.missing'" : "SWIFTBPF_PURPLE___l"))
            }
        }
    }
}
