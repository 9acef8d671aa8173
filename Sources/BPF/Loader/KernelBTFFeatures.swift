import BPFObject

/// Which BTF kinds the running kernel accepts, found by loading a tiny BTF
/// blob for each feature (as libbpf probes), once per process.
enum KernelBTFFeatures {
    /// The probed features; computed on first use.
    static let probed: BTFFeatures = probe()

    private static func probe() -> BTFFeatures {
        let integer = BTFType(name: "int", .int(BTFInteger(size: 4, encoding: .signed, bitCount: 32)))
        func accepts(_ types: [BTFType]) -> Bool {
            var builder = BTFBuilder()
            builder.add(integer)
            for type in types { builder.add(type) }
            guard let bytes = try? builder.marshal(), let btf = try? KernelBTF(bytes: bytes) else { return false }
            btf.close()
            return true
        }
        // Type 1 is the int; each probe's types follow it.
        let prototype = BTFType(.functionPrototype(BTFFunctionPrototype(returnType: 1, parameters: [])))
        return BTFFeatures(
            functions: accepts([prototype, BTFType(name: "f", .function(prototype: 2, linkage: .static))]),
            globalFunctions: accepts([prototype, BTFType(name: "f", .function(prototype: 2, linkage: .global))]),
            dataSections: accepts([
                BTFType(name: "x", .variable(type: 1, linkage: .global)),
                BTFType(name: ".data", .dataSection(BTFDataSection(size: 4, variables: [
                    BTFSectionVariable(type: 2, offset: 0, size: 4),
                ]))),
            ]),
            floats: accepts([BTFType(name: "float", .float(size: 4))]),
            declarationTags: accepts([
                BTFType(name: "s", .structure(BTFComposite(size: 4, members: [BTFMember(name: "a", type: 1, bitOffset: 0)]))),
                BTFType(name: "tag", .declarationTag(target: 2, componentIndex: -1)),
            ]),
            typeTags: accepts([BTFType(name: "tag", .typeTag(1)), BTFType(.pointer(2))]),
            enum64: accepts([BTFType(name: "e", .enumeration64(BTFEnumeration(
                size: 8, isSigned: false, values: [BTFEnumValue(name: "v", value: 1)])))]))
    }
}
