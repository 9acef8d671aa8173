import BPFInstructions
import Glibc
import Testing

@testable import BPFObject

/// The CO-RE engine on hand-built BTF: essential names, module candidates,
/// and malformed records, which must give errors and never crash.
@Suite("CO-RE engine")
struct COREEngineTests {
    /// A local BTF built by hand, with access strings stored as the names of
    /// typedefs so that records can point at them.
    struct Local {
        var builder = BTFBuilder()
        var accessStrings: [String: BTFTypeID] = [:]
        let int: BTFTypeID

        init() {
            int = builder.add(BTFType(name: "int", .int(BTFInteger(size: 4, encoding: .signed, bitCount: 32))))
        }

        mutating func add(_ type: BTFType) -> BTFTypeID { builder.add(type) }

        mutating func structure(_ name: String, _ members: [(String, UInt32)]) -> BTFTypeID {
            add(BTFType(name: name, .structure(BTFComposite(size: UInt32(members.count * 4), members: members.map {
                BTFMember(name: $0.0, type: int, bitOffset: $0.1)
            }))))
        }

        mutating func access(_ text: String) {
            accessStrings[text] = add(BTFType(name: text, .typedef(int)))
        }

        func build() throws -> (BTF, (String) throws -> UInt32) {
            let btf = try BTF.parse(bytes: try builder.marshal())
            let ids = accessStrings
            return (btf, { text in
                let id = try #require(ids[text])
                return btf.recordHeader(at: try btf.locate(id).offset).nameOffset
            })
        }
    }

    static let move = Instruction(opcode: 0xb7, constant: 0)

    @Test func essentialNamesDropTheLastFlavor() {
        let cases = ["task_struct___v2": "task_struct", "a___b___c": "a___b", "plain": "plain",
                     "x____y": "x____y", "x___": "x___", "___x": "___x", "": "", "a___b": "a"]
        for (name, essential) in cases {
            #expect(BTF.essentialName(name) == essential, "\(name)")
        }
    }

    @Test func essentialLookupFindsEveryFlavorAndExactLookupStaysExact() throws {
        var builder = BTFBuilder()
        let int = builder.add(BTFType(name: "int", .int(BTFInteger(size: 4, encoding: .signed, bitCount: 32))))
        let plain = builder.add(BTFType(name: "sample", .typedef(int)))
        let flavored = builder.add(BTFType(name: "sample___v2", .typedef(int)))
        _ = builder.add(BTFType(name: "samples", .typedef(int)))
        let btf = try BTF.parse(bytes: try builder.marshal())
        #expect(btf.typeIDs(withEssentialNameOf: "sample___mine") == [plain, flavored])
        #expect(btf.typeIDs(withEssentialNameOf: "sample") == [plain, flavored])
        #expect(btf.typeIDs(named: "sample") == [plain])
        #expect(btf.typeIDs(named: "sample___v2") == [flavored])
    }

    /// A vmlinux with `in_vmlinux` and a module with `in_module`, both as BTF bytes (the module's split on vmlinux).
    struct KernelWithModule {
        var vmlinuxBytes: [UInt8]
        var vmlinux: BTF
        var moduleBytes: [UInt8]
        var moduleType: BTFTypeID

        init() throws {
            var baseBuilder = BTFBuilder()
            let int = baseBuilder.add(BTFType(name: "int", .int(BTFInteger(size: 4, encoding: .signed, bitCount: 32))))
            _ = baseBuilder.add(BTFType(name: "in_vmlinux", .structure(BTFComposite(size: 8, members: [
                BTFMember(name: "a", type: int, bitOffset: 0), BTFMember(name: "b", type: int, bitOffset: 32)]))))
            vmlinuxBytes = try baseBuilder.marshal()
            vmlinux = try BTF.parse(bytes: vmlinuxBytes)
            var moduleBuilder = BTFBuilder(base: vmlinux)
            moduleType = moduleBuilder.add(BTFType(name: "in_module", .structure(BTFComposite(size: 12, members: [
                BTFMember(name: "x", type: int, bitOffset: 0), BTFMember(name: "y", type: int, bitOffset: 64)]))))
            moduleBytes = try moduleBuilder.marshal()
        }

        /// Relocates a field offset in each type and the module type's id; checks each value and where it came from.
        func expectRelocations(against target: CORETarget, module name: String) throws {
            var local = Local()
            let localModuleType = local.structure("in_module___local", [("y", 0)])
            let localVmlinuxType = local.structure("in_vmlinux___local", [("b", 0)])
            local.access("0:0")
            local.access("0")
            let (btf, offset) = try local.build()
            let records = [
                BTFCoreRelocationRecord(instructionOffset: 0, type: localModuleType, accessStringOffset: try offset("0:0"),
                                        kind: CORERelocationKind.fieldByteOffset.rawValue),
                BTFCoreRelocationRecord(instructionOffset: 8, type: localVmlinuxType, accessStringOffset: try offset("0:0"),
                                        kind: CORERelocationKind.fieldByteOffset.rawValue),
                BTFCoreRelocationRecord(instructionOffset: 16, type: localModuleType, accessStringOffset: try offset("0"),
                                        kind: CORERelocationKind.targetTypeID.rawValue),
            ]
            var instructions = [COREEngineTests.move, COREEngineTests.move,
                                Instruction(opcode: 0x18, constant: Int64(localModuleType))]
            let results = try CORERelocationPass(localBTF: btf, target: target)
                .relocate(&instructions, section: "socket", records: records)
            #expect(results.map(\.value) == [8, 4, UInt64(moduleType)])
            #expect(results[0].target == "\(name) [\(moduleType)] struct in_module")
            #expect(results[1].target?.hasPrefix("vmlinux ") == true)
            #expect(instructions.map(\.constant) == [8, 4, Int64(moduleType)])
        }
    }

    /// Candidates come from module BTF only when vmlinux has none, and carry the module's name.
    @Test func moduleTypesAreCandidatesWhenVmlinuxHasNone() throws {
        let kernel = try KernelWithModule()
        let module = try BTF.parse(bytes: kernel.moduleBytes, base: kernel.vmlinux)
        let target = CORETarget(vmlinux: kernel.vmlinux, modules: [CORETargetModule(name: "swiftbpf_mod", btf: module)])
        try kernel.expectRelocations(against: target, module: "swiftbpf_mod")
    }

    /// The kernel's target reads module BTF from its directory (as /sys/kernel/btf holds it), each file split on vmlinux.
    @Test func moduleBTFFilesInTheKernelDirectoryAreCandidates() throws {
        let kernel = try KernelWithModule()
        var template = Array("/tmp/swiftbpf-btf-dir.XXXXXX".utf8CString)
        let directory = try #require(mkdtemp(&template).map { String(cString: $0) })
        defer {
            for name in ["vmlinux", "swiftbpf_mod"] { unlink(directory + "/" + name) }
            rmdir(directory)
        }
        for (name, bytes) in [("vmlinux", kernel.vmlinuxBytes), ("swiftbpf_mod", kernel.moduleBytes)] {
            let file = try #require(fopen(directory + "/" + name, "wb"))
            #expect(fwrite(bytes, 1, bytes.count, file) == bytes.count)
            fclose(file)
        }
        let target = CORETarget(vmlinux: kernel.vmlinux, moduleDirectory: directory)
        try kernel.expectRelocations(against: target, module: "swiftbpf_mod")
        #expect(try target.modules().map(\.name) == ["swiftbpf_mod"])
        // Read once: the same parsed spec on every later pass.
        #expect(try target.modules().first?.btf === target.modules().first?.btf)
    }

    @Test(arguments: ["", ":0", "0::1", "0:", "0:7", "x", "-1", "0:-1",
                      Array(repeating: "0", count: 65).joined(separator: ":")])
    func malformedAccessStringsAreErrors(_ access: String) throws {
        var local = Local()
        let type = local.structure("sample", [("a", 0)])
        local.access(access.isEmpty ? "unused" : access)
        let (btf, offset) = try local.build()
        // Offset 0 is the empty string.
        let stringOffset = access.isEmpty ? 0 : try offset(access)
        let target = CORETarget(btf: btf)
        var instructions = [Self.move]
        let records = [BTFCoreRelocationRecord(instructionOffset: 0, type: type, accessStringOffset: stringOffset,
                                               kind: CORERelocationKind.fieldByteOffset.rawValue)]
        let error = #expect(throws: COREError.self) {
            _ = try CORERelocationPass(localBTF: btf, target: target).relocate(&instructions, section: "s", records: records)
        }
        #expect(error?.reason == .badAccessString(access))
        #expect(error?.relocationIndex == 0)
    }

    @Test func recordsThatMissTheCodeAreErrors() throws {
        var local = Local()
        let type = local.structure("sample", [("a", 0)])
        local.access("0:0")
        let (btf, offset) = try local.build()
        let target = CORETarget(btf: btf)
        let access = try offset("0:0")
        // Misaligned, past the end, the second slot of an ld_imm64, an unknown kind.
        let cases: [(UInt32, UInt32, COREError.Reason)] = [
            (4, 0, .badInstructionOffset(4)), (64, 0, .badInstructionOffset(64)),
            (16, 0, .badInstructionOffset(16)), (0, 13, .unknownKind(13)),
        ]
        for (instructionOffset, kind, reason) in cases {
            var instructions = [Self.move, Instruction(opcode: 0x18, constant: 1)]
            let records = [BTFCoreRelocationRecord(instructionOffset: instructionOffset, type: type,
                                                   accessStringOffset: access, kind: kind)]
            let error = #expect(throws: COREError.self) {
                _ = try CORERelocationPass(localBTF: btf, target: target).relocate(&instructions, section: "s", records: records)
            }
            #expect(error?.reason == reason)
        }
    }

    /// The instruction must hold the local value; jumps and register operands cannot be patched.
    @Test func instructionsThatDoNotHoldTheLocalValueAreErrors() throws {
        var local = Local()
        let type = local.structure("sample", [("a", 0), ("b", 32)])
        local.access("0:1")
        let (btf, offset) = try local.build()
        let record = BTFCoreRelocationRecord(instructionOffset: 0, type: type, accessStringOffset: try offset("0:1"),
                                             kind: CORERelocationKind.fieldByteOffset.rawValue)
        let pass = CORERelocationPass(localBTF: btf, target: CORETarget(btf: btf))
        var wrongValue = [Instruction(opcode: 0xb7, constant: 3)]
        #expect(throws: COREError.self) { _ = try pass.relocate(&wrongValue, section: "s", records: [record]) }
        var registerSource = [Instruction(opcode: 0xbf, source: .r1)]
        #expect(throws: COREError.self) { _ = try pass.relocate(&registerSource, section: "s", records: [record]) }
        var load = [Instruction(opcode: 0x61, destination: .r0, source: .r1, offset: 4)]
        #expect(try pass.relocate(&load, section: "s", records: [record]).map(\.value) == [4])
    }

    /// A pointer that points to itself is a loop, which the comparisons report instead of following forever.
    @Test func typeLoopsAreErrors() throws {
        var local = Local()
        let loop = local.add(BTFType(name: "", .pointer(BTFTypeID(3))))
        #expect(loop == 2)
        let typedef = local.add(BTFType(name: "looped", .typedef(loop)))
        local.access("0")
        let (btf, offset) = try local.build()
        let record = BTFCoreRelocationRecord(instructionOffset: 0, type: typedef, accessStringOffset: try offset("0"),
                                             kind: CORERelocationKind.typeMatches.rawValue)
        let results = CORERelocationPass(localBTF: btf, target: CORETarget(btf: btf))
            .dryRun([Instruction(opcode: 0xb7, constant: 1)], section: "s", records: [record])
        guard case .failed(let error)? = results.first?.outcome else {
            Issue.record("expected an error, got \(String(describing: results.first?.outcome))")
            return
        }
        #expect(error.reason == .btf(BTFError(.resolutionTooDeep(3))))
    }
}
