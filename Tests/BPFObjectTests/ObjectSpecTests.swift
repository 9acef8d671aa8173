import BPFInstructions
import BPFObject
import Testing
import TestObjectCatalog

/// Every TestObject read into an ObjectSpec, for both byte orders, agrees
/// with expected.json on its programs and maps.
@Suite struct ObjectSpecTests {
    static let cases: [(String, String)] = TestObjectCatalog.names.flatMap { [($0, "bpfel"), ($0, "bpfeb")] }

    /// libbpf 1.1, which wrote expected.json's view, lacks some section names
    /// current libbpf has; for those the manifest's type is libbpf 1.1's
    /// `unspec`, and ours must be current libbpf's.
    static let currentLibbpfSections: [String: (type: String, attach: String)] = [
        "sk_skb/verdict": ("sk_skb", "sk_skb_verdict"),
    ]

    @Test(arguments: cases)
    func programsMatchTheManifest(name: String, target: String) throws {
        let entry = try #require(TestObjectCatalog.entries[name])
        let spec = try ObjectSpec(contentsOf: TestObjectCatalog.path(name, target: target))
        #expect(spec.programs.map(\.name) == entry.programs.map(\.name))
        for expected in entry.programs {
            let program = try #require(spec.program(named: expected.name))
            #expect(program.sectionName == expected.section)
            #expect(program.autoload == expected.autoload)
            var expectedType = expected.type
            var expectedAttach = expected.attach_type
            if entry.libbpf_oracle != nil, let current = Self.currentLibbpfSections[expected.section] {
                (expectedType, expectedAttach) = (current.type, current.attach)
            }
            #expect("\(program.type)" == expectedType, "program \(expected.name)")
            let attach = program.expectedAttachType.rawValue == 0 ? nil : "\(program.expectedAttachType)"
            // bpftool names attach type 0 cgroup_inet_ingress; the manifest writes null when the section implies none.
            #expect(attach == expectedAttach || (attach == nil && expectedAttach == "cgroup_inet_ingress"),
                    "program \(expected.name): attach \(String(describing: attach))")
            #expect(!program.instructions.isEmpty)
        }
    }

    /// Objects using what the loader does not implement yet: their programs
    /// must carry the typed error instead.
    static let unsupported: [String: ObjectError] = [
        "struct_ops_tcp_cc": .unsupported(section: ".struct_ops", feature: "a struct_ops map"),
    ]

    @Test(arguments: cases)
    func mapsMatchTheManifest(name: String, target: String) throws {
        let entry = try #require(TestObjectCatalog.entries[name])
        let spec = try ObjectSpec(contentsOf: TestObjectCatalog.path(name, target: target))
        if let gap = Self.unsupported[name] {
            #expect(spec.programs.allSatisfy { $0.loadError == gap }, "struct_ops maps are not read yet")
            return
        }
        #expect(Set(spec.maps.map(\.name)) == Set(entry.maps.map(\.name)))
        for expected in entry.maps {
            let map = try #require(spec.map(named: expected.name), "map \(expected.name)")
            #expect("\(map.type)" == expected.type, "map \(expected.name)")
            #expect(map.keySize == expected.key_size, "map \(expected.name)")
            #expect(map.valueSize == expected.value_size, "map \(expected.name)")
            #expect(map.maxEntries == expected.max_entries, "map \(expected.name)")
            #expect(map.flags.rawValue == expected.map_flags, "map \(expected.name)")
            #expect("\(map.pinning)" == expected.pinning, "map \(expected.name)")
            #expect(map.isInternal == (expected.internal ?? false), "map \(expected.name)")
            #expect((map.numaNode ?? 0) == (expected.numa_node ?? 0), "map \(expected.name)")
            #expect(map.mapExtra == (expected.map_extra ?? 0), "map \(expected.name)")
        }
    }

    @Test(arguments: cases)
    func loadErrorsKnownWithoutAKernelAreReported(name: String, target: String) throws {
        let entry = try #require(TestObjectCatalog.entries[name])
        let spec = try ObjectSpec(contentsOf: TestObjectCatalog.path(name, target: target))
        let errors = spec.programs.filter(\.autoload).compactMap(\.loadError)
        // Until the CO-RE engine is integrated, objects with CO-RE records fail with that typed error.
        let coreOnly = errors.allSatisfy { error in
            if case .coreRelocationsNotApplied = error { return true }
            return error == Self.unsupported[name]
        }
        guard case .error(let fields) = entry.load else {
            #expect(coreOnly, "\(errors)")
            return
        }
        switch fields["error"] {
        case "unknown section":
            #expect(errors.contains(.unknownSection(program: fields["program"] ?? "", section: fields["section"] ?? "")))
        case "unresolved call":
            #expect(errors.contains { error in
                guard case .unresolvedCall(let program, _, _, let symbol) = error else { return false }
                return program == fields["program"] && symbol == fields["symbol"]
            })
        case "static function in program section":
            #expect(errors.contains(.staticFunctionInProgramSection(section: fields["section"] ?? "",
                                                                    symbol: fields["symbol"] ?? "")))
        default:
            // Verifier and permission failures need the kernel: the loader tests check them.
            #expect(coreOnly, "\(errors)")
        }
    }
}
