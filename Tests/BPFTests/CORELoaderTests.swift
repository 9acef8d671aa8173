import BPFInstructions
import BPFObject
import COREOracles
import Foundation
import Testing

@testable import BPF

/// In the loader's serialized suite: its tests check that no program named
/// like these objects' is left loaded, which a concurrent load would upset.
extension ObjectLoaderSuite {
    /// CO-RE through the object loader: relocation before subprogram linking,
    /// a user-named target BTF, and a verifier rejection of a poisoned
    /// instruction reported as the relocation that failed.
    @Suite("CO-RE in the object loader")
    struct CORELoaderTests {
        @Test func customTargetProgramsReturnTheTargetsAnswers() throws {
            let path = try COREFixtures.object("core_kinds")
            let spec = try ObjectSpec(contentsOf: path)
            let names = Set(spec.programs.map(\.name)).subtracting(COREFixtures.coreKindsRejected)
            let options = LoadOptions(programNames: names, coreTarget: try CORETarget.file(try COREFixtures.targetObject()))
            let loaded = try ObjectLoader.load(spec, options: options)
            defer { loaded.close() }
            let expected = try COREFixtures.coreKindsAnswers()
            let packet = try COREFixtures.coreKindsPacket()
            #expect(Set(loaded.programs.keys) == names)
            for (name, program) in loaded.programs {
                #expect(try program.testRun(TestRunOptions(data: packet)).returnValue == expected[name], "\(name)")
            }
        }

        @Test func kernelTargetProgramsReturnTheKernelsAnswers() throws {
            let loaded = try ObjectLoader.load(contentsOf: try COREFixtures.object("core_vmlinux"))
            defer { loaded.close() }
            var expected = try COREFixtures.vmlinuxLayout()
            expected["old_pid_exists"] = "1"
            expected["old_gone_exists"] = "0"
            expected["old_gone_guarded"] = "99"
            #expect(loaded.programs.count == 9)
            for (name, program) in loaded.programs {
                let value = try program.testRun(TestRunOptions(data: [UInt8](repeating: 0, count: 64))).returnValue
                #expect(expected[name].flatMap { UInt32($0) } == value, "\(name)")
            }
        }

        /// The verifier's "invalid func unknown#195896080" comes back as the relocation that failed and why.
        @Test func poisonedProgramRejectionNamesTheRelocation() throws {
            let targetPath = try COREFixtures.targetObject()
            let path = try COREFixtures.object("core_kinds")
            let options = LoadOptions(programNames: ["read_missing"], coreTarget: try CORETarget.file(targetPath))
            let error = #expect(throws: LoaderError.self) {
                _ = try ObjectLoader.load(contentsOf: path, options: options)
            }
            // The instruction libbpf poisons, counted as the verifier counts it.
            let poisoned = try COREFixtures.libbpfRelocations(path, target: targetPath)
                .filter { $0.program == "read_missing" && $0.action == .poisoned }.map(\.instruction)
            let insn = try #require(poisoned.first)
            #expect(poisoned == [insn])
            guard case .coreRelocationRejected(let name, _, let explanation, let failure)? = error else {
                Issue.record("expected a CO-RE rejection, got \(String(describing: error))")
                return
            }
            #expect(name == "read_missing")
            let sampleID = try #require(try COREFixtures.bpftoolTypeID("STRUCT", "swiftbpf_core_sample", in: targetPath))
            #expect(explanation == "program read_missing, insn \(insn): byte_off relocation: field "
                + "'struct swiftbpf_core_sample___local.missing' not found in target BTF (candidate \(targetPath) "
                + "[\(sampleID)] struct swiftbpf_core_sample: struct swiftbpf_core_sample has no field 'missing')")
            #expect(failure.log?.text.contains("\(insn): (85) call unknown#195896080") == true)
            // The explanation comes first; the verifier's complaint follows it.
            #expect(error?.description.hasPrefix("program 'read_missing' (section 'socket'): CO-RE: \(explanation); ") == true)
        }

        /// Without a target the spec keeps its CO-RE programs unloadable; an ambiguous relocation fails only its programs.
        @Test func ambiguousRelocationFailsItsProgram() throws {
            let spec = try ObjectSpec(contentsOf: try COREFixtures.compiled("ambiguous.c"))
            guard case .coreRelocationsNotApplied? = spec.programs.first?.loadError else {
                Issue.record("expected CO-RE to be pending, got \(String(describing: spec.programs.first?.loadError))")
                return
            }
            let relinked = try spec.relinked(coreTarget: try CORETarget.file(try COREFixtures.targetObject()))
            guard case .coreRelocation(let error)? = relinked.programs.first?.loadError, case .ambiguous = error.reason else {
                Issue.record("expected an ambiguity, got \(String(describing: relinked.programs.first?.loadError))")
                return
            }
        }
    }
}
