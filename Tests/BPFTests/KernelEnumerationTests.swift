import BPFObject
import Testing

/// The kernel enums know every value of the running kernel, under bpftool's
/// names: the lowercased C names without their prefix.
@Suite("Kernel enumerations")
struct KernelEnumerationTests {
    private func check<Value: KernelEnumeration>(_ type: Value.Type, enum name: String, prefix: String,
                                                 maximum: String) throws {
        let enumerators = try KernelBTFDump.vmlinux.get().enumerators(of: name)
        let count = try #require(enumerators[maximum], "\(maximum) missing from vmlinux BTF")
        #expect(Value.names.count == count, "\(name): \(Value.names.count) names, kernel has \(count)")
        for (cName, value) in enumerators where cName.hasPrefix(prefix) && !cName.hasSuffix("_DEPRECATED") {
            let expected = cName.dropFirst(prefix.count).lowercased()
            let swiftValue = Value(rawValue: UInt32(value))
            #expect(swiftValue.description == expected, "\(cName) = \(value)")
            #expect(Value(name: expected) == swiftValue)
        }
        #expect(Value.allKnown.count == count)
    }

    @Test func mapTypes() throws {
        try check(MapType.self, enum: "bpf_map_type", prefix: "BPF_MAP_TYPE_", maximum: "__MAX_BPF_MAP_TYPE")
        #expect(MapType.sockmap.description == "sockmap")
        #expect(MapType.perCPUArray.isPerCPU && !MapType.array.isPerCPU)
    }

    @Test func programTypes() throws {
        try check(ProgramType.self, enum: "bpf_prog_type", prefix: "BPF_PROG_TYPE_", maximum: "__MAX_BPF_PROG_TYPE")
        #expect(ProgramType.socketSKB.description == "sk_skb")
    }

    @Test func attachTypes() throws {
        try check(AttachType.self, enum: "bpf_attach_type", prefix: "BPF_", maximum: "__MAX_BPF_ATTACH_TYPE")
        #expect(AttachType.socketSKBStreamParser.description == "sk_skb_stream_parser")
    }

    @Test func linkTypes() throws {
        try check(LinkType.self, enum: "bpf_link_type", prefix: "BPF_LINK_TYPE_", maximum: "__MAX_BPF_LINK_TYPE")
    }

    @Test func unknownValuesSurviveAndPrintTheirNumber() {
        let future = MapType(rawValue: 999)
        #expect(future.rawValue == 999)
        #expect(future.description == "map type 999")
        #expect(MapType(name: "no_such_type") == nil)
        #expect(AttachType(rawValue: 4000).description == "attach type 4000")
    }

    @Test func flagsKeepUnknownBits() {
        let flags = MapFlags(rawValue: 1 << 30 | MapFlags.mmapable.rawValue)
        #expect(flags.contains(.mmapable))
        #expect(flags.rawValue & (1 << 30) != 0)
        #expect(MapUpdateFlags.any.rawValue == 0)
    }
}
