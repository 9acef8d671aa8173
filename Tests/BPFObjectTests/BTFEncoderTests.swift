import BPFInstructions
import BPFObject
import Foundation
import Testing

/// Marshalling, split BTF and sanitizing.
@Suite struct BTFEncoderTests {
    @Test(arguments: [ByteOrder.littleEndian, .bigEndian])
    func vmlinuxRoundTripsThroughTheEncoder(byteOrder: ByteOrder) throws {
        let original = try #require(BTFFixtures.vmlinux)
        let bytes = try BTFBuilder(copyingAllOf: original).marshal(byteOrder: byteOrder)
        let reparsed = try BTF.parse(bytes: bytes)
        #expect(reparsed.byteOrder == byteOrder)
        #expect(reparsed.typeCount == original.typeCount)
        for id in original.ownTypeIDs {
            let before = try original.type(id)
            let after = try reparsed.type(id)
            if before != after {
                Issue.record("type \(id) differs: \(before) vs \(after)")
                return
            }
        }
        #expect(try reparsed.rawDump() == original.rawDump())
    }

    @Test func allKindsRoundTrip() throws {
        var builder = BTFBuilder()
        let types = Self.everyKind()
        for type in types { builder.add(type) }
        let btf = try BTF.parse(bytes: try builder.marshal())
        #expect(btf.typeCount == types.count)
        for (index, type) in types.enumerated() {
            #expect(try btf.type(BTFTypeID(index + 1)) == type)
        }
        #expect(Set(types.map(\.kind)) == Set(BTFKind.allCases))
    }

    @Test func splitBTFContinuesTheBaseIdsAndStrings() throws {
        let base = try #require(BTFFixtures.vmlinux)
        let skBuff = try #require(base.typeID(named: "sk_buff", kind: .structure))
        let u32 = try #require(base.typeID(named: "u32", kind: .typedef))
        var builder = BTFBuilder(base: base)
        let pointer = builder.add(BTFType(.pointer(skBuff)))
        let module = builder.add(BTFType(name: "module_state", .structure(BTFComposite(size: 16, members: [
            BTFMember(name: "skb", type: pointer, bitOffset: 0),
            BTFMember(name: "count", type: u32, bitOffset: 64),
        ]))))
        let split = try BTF.parse(bytes: try builder.marshal(), base: base)
        #expect(split.firstTypeID == base.nextTypeID)
        #expect(pointer == base.nextTypeID)
        #expect(split.typeID(named: "module_state", kind: .structure) == module)
        #expect(split.typeID(named: "sk_buff", kind: .structure) == skBuff)
        #expect(try split.size(of: module) == 16)
        #expect(try split.type(skBuff) == base.type(skBuff))
        // bpftool reads the same bytes on top of the same base identically.
        let directory = TestInputs.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let splitFile = directory.appendingPathComponent("module.btf")
        try Data(try builder.marshal()).write(to: splitFile)
        let expected = TestInputs.run("bpftool", ["btf", "dump", "file", splitFile.path, "-B", BTFFixtures.vmlinuxPath])
        #expect(expected.status == 0, "\(expected.error)")
        #expect(try split.rawDump() == expected.output)
        #expect(expected.output.contains("STRUCT 'module_state' size=16 vlen=2"))
    }

    @Test func copyTakesDependenciesAndRenumbers() throws {
        let btf = try #require(BTFFixtures.vmlinux)
        let sock = try #require(btf.typeID(named: "bpf_sock", kind: .structure))
        var builder = BTFBuilder()
        let mapping = try builder.copy([sock], from: btf)
        let subset = try BTF.parse(bytes: try builder.marshal())
        let newID = try #require(mapping[sock])
        #expect(try subset.type(newID).name == "bpf_sock")
        #expect(try subset.size(of: newID) == btf.size(of: sock))
        // Every reference resolves inside the subset.
        for id in subset.ownTypeIDs {
            for reference in try subset.type(id).definition.referencedTypeIDs where reference != 0 {
                #expect(reference < subset.nextTypeID)
            }
        }
        #expect(subset.typeCount == mapping.count - 1)
    }

    @Test func sanitizingRemovesWhatTheKernelLacks() throws {
        var builder = BTFBuilder()
        for type in Self.everyKind() { builder.add(type) }
        let before = builder.types
        builder.sanitize(for: .none)
        let forbidden: Set<BTFKind> = [.function, .functionPrototype, .variable, .dataSection, .float,
                                       .declarationTag, .typeTag, .enumeration64]
        #expect(builder.types.count == before.count)
        for type in builder.types {
            #expect(!forbidden.contains(type.kind), "\(type)")
            if case .enumeration(let enumeration) = type.definition { #expect(!enumeration.isSigned) }
        }
        let btf = try BTF.parse(bytes: try builder.marshal())
        #expect(try btf.rawDump().contains("STRUCT '_rodata_str1_1'"))

        var onlyLinkage = BTFBuilder()
        for type in Self.everyKind() { onlyLinkage.add(type) }
        onlyLinkage.sanitize(for: BTFFeatures(globalFunctions: false))
        #expect(onlyLinkage.types.contains { $0.definition == .function(prototype: 8, linkage: .static) })
        #expect(onlyLinkage.types.contains { $0.kind == .typeTag })

        var untouched = BTFBuilder()
        for type in Self.everyKind() { untouched.add(type) }
        untouched.sanitize(for: .all)
        #expect(untouched.types == before)
    }

    /// One type of every kind, ids counted from 1.
    static func everyKind() -> [BTFType] {
        [
            BTFType(name: "int", .int(BTFInteger(size: 4, encoding: .signed, bitCount: 32))),               // 1
            BTFType(.pointer(1)),                                                                            // 2
            BTFType(.array(BTFArray(element: 1, index: 1, count: 4))),                                       // 3
            BTFType(name: "pair", .structure(BTFComposite(size: 8, hasBitfieldSizes: true, members: [
                BTFMember(name: "low", type: 1, bitOffset: 0, bitfieldSize: 3),
                BTFMember(name: "", type: 1, bitOffset: 32),
            ]))),                                                                                            // 4
            BTFType(name: "either", .union(BTFComposite(size: 4, members: [BTFMember(name: "a", type: 1, bitOffset: 0)]))), // 5
            BTFType(name: "sign", .enumeration(BTFEnumeration(size: 4, isSigned: true, values: [
                BTFEnumValue(name: "MINUS", value: -1), BTFEnumValue(name: "PLUS", value: 1),
            ]))),                                                                                            // 6
            BTFType(name: "later", .forward(isUnion: true)),                                                 // 7
            BTFType(.functionPrototype(BTFFunctionPrototype(returnType: 1, parameters: [
                BTFParameter(name: "x", type: 1), BTFParameter(name: "", type: 0),
            ]))),                                                                                            // 8
            BTFType(name: "entry", .function(prototype: 8, linkage: .global)),                               // 9
            BTFType(name: "int_t", .typedef(1)),                                                             // 10
            BTFType(.volatile(10)),                                                                          // 11
            BTFType(.const(11)),                                                                             // 12
            BTFType(.restrict(2)),                                                                           // 13
            BTFType(name: "counter", .variable(type: 12, linkage: .global)),                                 // 14
            BTFType(name: ".rodata.str1.1", .dataSection(BTFDataSection(size: 4, variables: [
                BTFSectionVariable(type: 14, offset: 0, size: 4),
            ]))),                                                                                            // 15
            BTFType(name: "double", .float(size: 8)),                                                        // 16
            BTFType(name: "kfunc", .declarationTag(target: 9, componentIndex: -1)),                          // 17
            BTFType(name: "user", .typeTag(1)),                                                              // 18
            BTFType(name: "wide", .enumeration64(BTFEnumeration(size: 8, isSigned: false, values: [
                BTFEnumValue(name: "BIG", value: Int64(bitPattern: 0xffff_ffff_ffff_fff0)),
            ]))),                                                                                            // 19
        ]
    }
}
