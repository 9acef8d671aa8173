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

        /// All thirteen kinds against vmlinux, read into a global by a raw_tp program run with PROG_TEST_RUN
        /// on this thread: layout facts from the C compiler (vmlinux.h), type ids from bpftool, bitfield
        /// shifts and the strict type match from libbpf, the task's ids and name from the process.
        @Test func kernelTargetKindsReadIntoAGlobal() throws {
            let path = try COREFixtures.object("core_relocations")
            let loaded = try ObjectLoader.load(contentsOf: path)
            defer { loaded.close() }
            let program = try #require(loaded.program(named: "read_with_core"))
            // "/proc/thread-self" links to "PID/task/TID" (Swift cannot call the variadic syscall(2) for gettid).
            let tid = try #require(Int32(try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/thread-self")
                .split(separator: "/").last ?? ""))
            let comm = try String(contentsOfFile: "/proc/thread-self/comm", encoding: .utf8)
                .trimmingCharacters(in: .newlines)
            // raw_tp takes its arguments as the context and refuses any output buffer.
            _ = try program.testRun(TestRunOptions(context: [UInt8](repeating: 0, count: 16), contextOutCapacity: 0))
            let bytes = try loaded.readVariable("results")
            func word(_ index: Int) -> UInt64 {
                bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: index * 8, as: UInt64.self) }
            }
            let fields = ["pid_offset", "pid_size", "pid_exists", "missing_exists", "pid_signed", "bit_lshift",
                          "bit_rshift", "bit_value", "local_type_id", "kernel_type_id", "task_exists",
                          "local_only_exists", "task_size", "task_matches", "enum_exists", "enum_value",
                          "local_enum_exists"]
            #expect(bytes.count == fields.count * 8 + 4 + 4 + 16)
            var actual: [String: UInt64] = [:]
            for (index, field) in fields.enumerated() { actual[field] = word(index) }

            let layout = try COREFixtures.vmlinuxLayout()
            func fact(_ name: String) throws -> UInt64 { try #require(layout[name].flatMap { UInt64($0) }, "\(name)") }
            // Where no layout fact says: the value libbpf patched into the instructions our dry run marks with `kind`.
            let file = try ELFFile(bytes: try COREFixtures.readFile(path))
            let results = try CORERelocationPass.dryRun(object: file, target: try CORETarget.kernel())
            let function = try #require(COREFixtures.functions(of: file).first { $0.name == "read_with_core" })
            var libbpfValue: [Int: UInt64] = [:]
            for relocation in try COREFixtures.libbpfRelocations(path, target: nil) where relocation.program == function.name {
                if case .patched(let value) = relocation.action { libbpfValue[relocation.instruction] = value }
            }
            func libbpfPatch(_ kind: CORERelocationKind) throws -> UInt64 {
                let slots = results.filter { $0.kind == kind }.map { $0.instructionIndex - function.slots.lowerBound }
                let values = Set(slots.compactMap { libbpfValue[$0] })
                #expect(values.count == 1 && slots.count >= 1, "\(kind): \(slots) \(values)")
                return try #require(values.first)
            }
            let expected: [String: UInt64] = [
                "pid_offset": try fact("task_pid_offset"), "pid_size": try fact("results.pid_size"), "pid_exists": 1,
                "missing_exists": 0, "pid_signed": try fact("results.pid_signed"),
                "bit_lshift": try libbpfPatch(.fieldLeftShift), "bit_rshift": try libbpfPatch(.fieldRightShift),
                "bit_value": 0,
                "local_type_id": UInt64(try #require(try COREFixtures.bpftoolTypeID("STRUCT", "task_struct", in: path))),
                "kernel_type_id": UInt64(try #require(try COREFixtures.bpftoolTypeID(
                    "STRUCT", "task_struct", in: "/sys/kernel/btf/vmlinux"))),
                "task_exists": 1, "local_only_exists": 0, "task_size": try fact("task_size"),
                // vmlinux.h's task_struct does not strictly match the kernel's for libbpf 1.1 either.
                "task_matches": try libbpfPatch(.typeMatches),
                "enum_exists": 1, "enum_value": try fact("sockhash_value"), "local_enum_exists": 0,
            ]
            #expect(actual == expected)
            let ids = bytes.withUnsafeBytes {
                ($0.loadUnaligned(fromByteOffset: fields.count * 8, as: Int32.self),
                 $0.loadUnaligned(fromByteOffset: fields.count * 8 + 4, as: Int32.self))
            }
            #expect(ids.0 == tid)
            #expect(ids.1 == getpid())
            let name = bytes[(fields.count * 8 + 8)...].prefix { $0 != 0 }
            #expect(String(decoding: name, as: UTF8.self) == comm)
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

        /// Against the running kernel: a flavor's field that no kernel has, read unguarded. The error reads
        /// like the issue's example, with the instruction libbpf poisons and the candidate that did not match.
        @Test func poisonedKernelRelocationIsExplained() throws {
            _ = try COREFixtures.object("core_vmlinux")  // makes build/vmlinux.h
            let path = try COREFixtures.compiled("vmlinux_poisoned.c",
                                                 flags: ["-I", COREFixtures.testObjects.appendingPathComponent("build").path])
            let error = #expect(throws: LoaderError.self) { _ = try ObjectLoader.load(contentsOf: path) }
            guard case .coreRelocationRejected(let name, _, let explanation, _)? = error else {
                Issue.record("expected a CO-RE rejection, got \(String(describing: error))")
                return
            }
            let poisoned = try COREFixtures.libbpfRelocations(path, target: nil).filter { $0.action == .poisoned }
            let insn = try #require(poisoned.first?.instruction)
            #expect(poisoned.map(\.program) == ["gone_offset"])
            let taskID = try #require(try COREFixtures.bpftoolTypeID("STRUCT", "task_struct", in: "/sys/kernel/btf/vmlinux"))
            #expect(name == "gone_offset")
            #expect(explanation == "program gone_offset, insn \(insn): byte_off relocation: field "
                + "'struct task_struct___old.swiftbpf_gone' not found in target BTF (candidate vmlinux [\(taskID)] "
                + "struct task_struct: struct task_struct has no field 'swiftbpf_gone')")
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
