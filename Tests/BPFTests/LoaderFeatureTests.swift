import BPF
import BPFObject
import Glibc
import Testing
import TestObjectCatalog

extension ObjectLoaderSuite {
    /// What the loader does beyond creating objects: global variables, static
    /// slots, kconfig values, pinning and releasing on failure.
    @Suite struct LoaderFeatureTests {
        /// An Ethernet-sized packet for test runs.
        static let packet = [UInt8](repeating: 0, count: 100)

        @Test func rodataIsSetBeforeLoadAndDataIsSharedThroughTheMapping() throws {
            var spec = try ObjectSpec(contentsOf: TestObjectCatalog.path("global_data"))
            try spec.setVariable("sample_rate", to: UInt32(7))
            #expect(throws: ObjectError.variableSizeMismatch(name: "sample_rate", expected: 4, actual: 8)) {
                try spec.setVariable("sample_rate", to: UInt64(7))
            }
            #expect(throws: ObjectError.variableNotWritable(name: "drops", section: ".bss")) {
                try spec.setVariable("drops", to: UInt64(1))
            }
            let loaded = try ObjectLoader.load(spec)
            defer { loaded.close() }
            #expect(try loaded.readVariable("sample_rate", as: UInt32.self) == 7)
            #expect(try loaded.readVariable("packet_limit", as: Int32.self) == 1500)

            // A write through the mapping is what the program and a map lookup see.
            try loaded.writeVariable("packet_limit", value: Int32(10))
            let data = try #require(loaded.map(named: ".data"))
            let value = try #require(try data.lookup(UInt32(0), as: Int32.self))
            #expect(value == 10)
            let program = try #require(loaded.program(named: "use_globals"))
            let result = try program.testRun(TestRunOptions(data: Self.packet))
            #expect(result.returnValue == 2, "100 bytes exceed packet_limit 10 + bar_limit 42")
            #expect(try loaded.readVariable("drops", as: UInt64.self) == 1)
            #expect(try loaded.readVariable("last_len", as: Int32.self) == 100)

            // .rodata is frozen and read-only for programs.
            let rodata = try #require(loaded.map(named: ".rodata"))
            #expect(rodata.flags.contains(.readOnlyProgram))
            let zeros = [UInt8](repeating: 0, count: 26)
            let frozen = #expect(throws: BPFError.self) {
                try zeros.withUnsafeBytes { value in
                    try withUnsafeBytes(of: UInt32(0)) { key in try rodata.update(key: key, value: value) }
                }
            }
            #expect(frozen?.errno == .notPermitted)
            #expect(throws: LoaderError.self) { try loaded.writeVariable("sample_rate", value: UInt32(1)) }
        }

        @Test func staticProgramArraySlotsHoldTheirPrograms() throws {
            let loaded = try ObjectLoader.load(contentsOf: TestObjectCatalog.path("tailcall_prog_array"))
            defer { loaded.close() }
            let table = try #require(loaded.map(named: "jump_table"))
            let stageZero = try #require(loaded.program(named: "stage_zero")).info().id
            let stageTwo = try #require(loaded.program(named: "stage_two")).info().id
            #expect(try table.lookup(UInt32(0), as: UInt32.self) == stageZero)
            #expect(try table.lookup(UInt32(2), as: UInt32.self) == stageTwo)
            #expect(try table.lookup(UInt32(1), as: UInt32.self) == nil)
        }

        @Test func staticMapInMapSlotsHoldTheirMaps() throws {
            let loaded = try ObjectLoader.load(contentsOf: TestObjectCatalog.path("map_in_map"))
            defer { loaded.close() }
            let outer = try #require(loaded.map(named: "outer_array"))
            let innerA = try #require(loaded.map(named: "inner_a")).info().id
            let innerB = try #require(loaded.map(named: "inner_b")).info().id
            #expect(try outer.lookup(UInt32(0), as: UInt32.self) == innerA)
            #expect(try outer.lookup(UInt32(3), as: UInt32.self) == innerB)
            let hash = try #require(loaded.map(named: "outer_hash"))
            #expect(try hash.lookup(UInt32(5), as: UInt32.self) == (try loaded.map(named: "inner_h")?.info().id))
        }

        @Test func kconfigExternsHoldTheRunningKernelsValues() throws {
            let loaded = try ObjectLoader.load(contentsOf: TestObjectCatalog.path("kconfig_externs"))
            defer { loaded.close() }
            let kconfig = try #require(loaded.map(named: ".kconfig"))
            #expect(kconfig.flags.contains(.readOnlyProgram))
            _ = try #require(loaded.program(named: "read_kconfig")).testRun(TestRunOptions(data: Self.packet))
            let observed = try loaded.readVariable("observed")
            let words = (0..<6).map { index in observed[(index * 8)..<(index * 8 + 8)].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) } }
            var release = utsname()
            uname(&release)
            let text = withUnsafeBytes(of: release.release) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            #expect(words[0] == UInt64(KernelVersion.code(release: text) ?? 0))
            #expect(words[1] == 1, "CONFIG_BPF_SYSCALL=y")
            #expect(words[5] == 1, "the weak externs read as n and 0")
        }

        @Test func kfuncsResolveAndAMissingWeakKfuncIsPoisonedAndPruned() throws {
            var spec = try ObjectSpec(contentsOf: TestObjectCatalog.path("kfuncs_without_core"))
            try spec.setVariable("target_pid", to: Int32(getpid()))
            #expect(spec.externs.filter { $0.kind == .kernelFunction }.map(\.name).sorted()
                    == ["bpf_swiftbpf_missing_kfunc", "bpf_task_from_pid", "bpf_task_release"])
            let program = try #require(spec.program(named: "lookup_task_plain"))
            #expect(program.relocations.contains { $0.target == .kernelFunctionCall("bpf_swiftbpf_missing_kfunc") })
            #expect(program.relocations.contains { $0.target == .kernelSymbol("bpf_swiftbpf_missing_kfunc") })
            let loaded = try ObjectLoader.load(spec)
            defer { loaded.close() }
            let result = try #require(loaded.program(named: "lookup_task_plain")).testRun(TestRunOptions(data: Self.packet))
            #expect(result.returnValue == 0)
            #expect(try loaded.readVariable("task_found", as: Int32.self) == 1, "bpf_task_from_pid found this process")
            #expect(try loaded.readVariable("missing_result", as: Int32.self) == -1, "the weak kfunc was never called")
        }

        @Test func mapsPinnedByNameAreReusedWhenCompatible() throws {
            let root = Environment.pinPath("loader-pins")
            #expect(mkdir(root, 0o700) == 0)
            defer { rmdir(root) }
            let options = LoadOptions(pinRoot: root)
            let first = try ObjectLoader.load(contentsOf: TestObjectCatalog.path("pinned_maps"), options: options)
            defer {
                unlink(root + "/swiftbpf_pinned_hash")
                unlink(root + "/swiftbpf_pinned_array")
            }
            let pinnedID = try #require(first.map(named: "swiftbpf_pinned_hash")).info().id
            #expect(try Map.open(pinnedAt: root + "/swiftbpf_pinned_hash").info().id == pinnedID)
            #expect(access(root + "/unpinned_array", F_OK) != 0)
            let second = try ObjectLoader.load(contentsOf: TestObjectCatalog.path("pinned_maps"), options: options)
            #expect(try second.map(named: "swiftbpf_pinned_hash")?.info().id == pinnedID)
            #expect(try second.map(named: "unpinned_array")?.info().id != (try first.map(named: "unpinned_array")?.info().id))
            first.close()
            second.close()
        }

        @Test func anIncompatiblePinIsRefusedNamingTheAttribute() throws {
            let root = Environment.pinPath("loader-mismatch")
            #expect(mkdir(root, 0o700) == 0)
            defer { rmdir(root) }
            let impostor = try Map(MapParameters(type: .hash, keySize: 4, valueSize: 8, maxEntries: 64, name: "impostor"))
            try impostor.pin(at: root + "/swiftbpf_pinned_hash")
            impostor.close()
            defer { unlink(root + "/swiftbpf_pinned_hash") }
            let spec = try ObjectSpec(contentsOf: TestObjectCatalog.path("pinned_maps"))
            let baseline = ObjectLoaderSuite.idBaseline()
            let error = #expect(throws: LoaderError.self) {
                try ObjectLoader.load(spec, options: LoadOptions(pinRoot: root))
            }
            guard case .incompatiblePin(let map, _, let attribute, let expected, let found)? = error else {
                Issue.record("unexpected \(String(describing: error))")
                return
            }
            #expect(map == "swiftbpf_pinned_hash" && attribute == "max entries" && expected == "128" && found == "64")
            // The failure released what it created, pins included.
            #expect(ObjectLoaderSuite.heldObjects(of: spec, createdAfter: baseline).isEmpty)
            #expect(access(root + "/swiftbpf_pinned_array", F_OK) != 0)
        }

        @Test func aVerifierRejectionNamesTheProgramAndKeepsTheLog() throws {
            let spec = try ObjectSpec(contentsOf: TestObjectCatalog.path("err_verifier"))
            let baseline = ObjectLoaderSuite.idBaseline()
            let error = #expect(throws: LoaderError.self) { try ObjectLoader.load(spec) }
            guard case .programLoad(let program, let section, let failure)? = error else {
                Issue.record("unexpected \(String(describing: error))")
                return
            }
            #expect(program == "bad_stack_read" && section == "socket")
            #expect(failure.log?.text.isEmpty == false)
            #expect(error?.description.contains("bad_stack_read") == true)
            #expect(ObjectLoaderSuite.heldObjects(of: spec, createdAfter: baseline).isEmpty, "good_program was released")
        }

        /// The in-place patch (used on kernels with every BTF kind) and the
        /// rebuilt BTF (used when sanitizing) describe the same types, and the
        /// kernel takes both.
        @Test(arguments: TestObjectCatalog.names)
        func patchedAndRebuiltBTFAgreeAndLoad(name: String) throws {
            let spec = try ObjectSpec(contentsOf: TestObjectCatalog.path(name))
            guard let patched = try spec.loadableBTFBytes(), let builder = try spec.loadableBTF() else {
                #expect(spec.btf == nil)
                return
            }
            let rebuilt = try builder.marshal()
            let left = try BTF.parse(bytes: patched)
            let right = try BTF.parse(bytes: rebuilt)
            #expect(left.typeCount == right.typeCount)
            for id in left.ownTypeIDs { #expect(try left.type(id) == right.type(id), "\(name): type \(id)") }
            try KernelBTF(bytes: patched).close()
            try KernelBTF(bytes: rebuilt).close()
        }

        @Test func selectedProgramsLoadAloneAndUnknownSectionsOnlyFailWhenLoaded() throws {
            let spec = try ObjectSpec(contentsOf: TestObjectCatalog.path("err_unknown_section"))
            let loaded = try ObjectLoader.load(spec, options: LoadOptions(programNames: ["known_program"]))
            defer { loaded.close() }
            #expect(Array(loaded.programs.keys) == ["known_program"])
        }
    }
}
