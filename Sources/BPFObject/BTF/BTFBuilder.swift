import BPFInstructions
/// Builds BTF in memory and marshals it to the wire format.
///
/// Start empty (or on top of a base spec, for split BTF), add types or copy
/// them with their dependencies from a parsed ``BTF``, optionally
/// ``sanitize(for:)`` for an older kernel, then ``marshal(byteOrder:)``.
public struct BTFBuilder: Sendable {
    /// The types added so far; the first has id ``firstTypeID``.
    public private(set) var types: [BTFType] = []
    /// The id of the first added type: 1, or one past the base's last type.
    public let firstTypeID: BTFTypeID
    /// The base spec of split BTF, or nil.
    public let base: BTF?

    /// Creates an empty builder, on top of `base` for split BTF.
    public init(base: BTF? = nil) {
        self.base = base
        self.firstTypeID = base?.nextTypeID ?? 1
    }

    /// Creates a builder holding every own type of `btf`, with the same ids (and the same base).
    public init(copyingAllOf btf: BTF) throws(BTFError) {
        self.init(base: btf.base)
        for id in btf.ownTypeIDs {
            types.append(try btf.type(id))
        }
    }

    /// The id the next added type will get.
    public var nextTypeID: BTFTypeID { firstTypeID + BTFTypeID(types.count) }

    /// Appends `type` and returns its id.
    @discardableResult
    public mutating func add(_ type: BTFType) -> BTFTypeID {
        types.append(type)
        return nextTypeID - 1
    }

    /// The added type with id `id`, or nil if `id` is not one of them.
    public subscript(id: BTFTypeID) -> BTFType? {
        get {
            guard id >= firstTypeID, id < nextTypeID else { return nil }
            return types[Int(id - firstTypeID)]
        }
        set {
            guard let newValue, id >= firstTypeID, id < nextTypeID else { return }
            types[Int(id - firstTypeID)] = newValue
        }
    }

    /// Copies the types `roots` of `source` and everything they refer to,
    /// renumbered after the types already added.
    ///
    /// Returns the new id of every copied type, keyed by its id in `source`
    /// (`void` maps to itself).
    @discardableResult
    public mutating func copy(_ roots: [BTFTypeID], from source: BTF) throws(BTFError) -> [BTFTypeID: BTFTypeID] {
        var mapping: [BTFTypeID: BTFTypeID] = [0: 0]
        var pending = roots
        var copied: [BTFTypeID] = []
        // Each source id is decoded once, so this loop is bounded by the number of source types.
        while let old = pending.popLast() {
            guard mapping[old] == nil else { continue }
            let type = try source.type(old)
            mapping[old] = add(type)
            copied.append(old)
            pending.append(contentsOf: type.definition.referencedTypeIDs.reversed())
        }
        for old in copied {
            guard let new = mapping[old], var type = self[new] else { continue }
            type.definition = type.definition.mappingTypeIDs { mapping[$0] ?? $0 }
            self[new] = type
        }
        return mapping
    }

    /// Encodes the types and their strings as a BTF blob.
    ///
    /// For split BTF the string offsets continue after the base's strings.
    public func marshal(byteOrder: ByteOrder = .host) throws(BTFError) -> [UInt8] {
        try marshal(byteOrder: byteOrder, appendingStrings: []).bytes
    }

    /// Encodes the types as ``marshal(byteOrder:)`` does, with `extraStrings`
    /// (such as `.BTF.ext` line info text) also placed in the string section;
    /// returns the offset each string got.
    public func marshal(byteOrder: ByteOrder, appendingStrings extraStrings: [String])
        throws(BTFError) -> (bytes: [UInt8], stringOffsets: [String: UInt32])
    {
        var strings = StringTable(base: base?.stringLimit ?? 0)
        var typeData = ByteWriter(byteOrder: byteOrder)
        for type in types {
            try encode(type, into: &typeData, strings: &strings)
        }
        var stringOffsets: [String: UInt32] = [:]
        for string in extraStrings { stringOffsets[string] = strings.offset(of: string) }
        guard typeData.bytes.count <= Int(UInt32.max), strings.bytes.count <= Int(UInt32.max) - typeData.bytes.count else {
            throw BTFError(.tooManyTypes)
        }
        var writer = ByteWriter(byteOrder: byteOrder)
        writer.write(BTF.magic)
        writer.write(UInt8(1))
        writer.write(UInt8(0))
        writer.write(UInt32(BTF.headerSize))
        writer.write(UInt32(0))
        writer.write(UInt32(typeData.bytes.count))
        writer.write(UInt32(typeData.bytes.count))
        writer.write(UInt32(strings.bytes.count))
        writer.bytes.append(contentsOf: typeData.bytes)
        writer.bytes.append(contentsOf: strings.bytes)
        return (writer.bytes, stringOffsets)
    }

    private func encode(_ type: BTFType, into writer: inout ByteWriter, strings: inout StringTable) throws(BTFError) {
        func header(count: Int = 0, kindFlag: Bool = false, _ sizeOrType: UInt32) throws(BTFError) {
            guard count <= 0xffff else { throw BTFError(.tooManyMembers(count: count)) }
            writer.write(strings.offset(of: type.name))
            writer.write(UInt32(kindFlag ? 1 : 0) << 31 | UInt32(type.kind.rawValue) << 24 | UInt32(count))
            writer.write(sizeOrType)
        }
        switch type.definition {
        case .int(let integer):
            try header(integer.size)
            writer.write(UInt32(integer.encoding.rawValue) << 24 | UInt32(integer.bitOffset) << 16 | UInt32(integer.bitCount))
        case .pointer(let target), .typedef(let target), .volatile(let target), .const(let target),
             .restrict(let target), .typeTag(let target):
            try header(target)
        case .array(let array):
            try header(0)
            writer.write(array.element)
            writer.write(array.index)
            writer.write(array.count)
        case .structure(let composite), .union(let composite):
            try header(count: composite.members.count, kindFlag: composite.hasBitfieldSizes, composite.size)
            for member in composite.members {
                writer.write(strings.offset(of: member.name))
                writer.write(member.type)
                writer.write(composite.hasBitfieldSizes
                    ? UInt32(member.bitfieldSize) << 24 | member.bitOffset & 0xff_ffff : member.bitOffset)
            }
        case .enumeration(let enumeration):
            try header(count: enumeration.values.count, kindFlag: enumeration.isSigned, enumeration.size)
            for value in enumeration.values {
                writer.write(strings.offset(of: value.name))
                writer.write(UInt32(truncatingIfNeeded: value.value))
            }
        case .enumeration64(let enumeration):
            try header(count: enumeration.values.count, kindFlag: enumeration.isSigned, enumeration.size)
            for value in enumeration.values {
                writer.write(strings.offset(of: value.name))
                writer.write(UInt32(truncatingIfNeeded: value.value))
                writer.write(UInt32(truncatingIfNeeded: value.value >> 32))
            }
        case .forward(let isUnion):
            try header(kindFlag: isUnion, 0)
        case .function(let prototype, let linkage):
            try header(count: Int(linkage.rawValue), prototype)
        case .functionPrototype(let prototype):
            try header(count: prototype.parameters.count, prototype.returnType)
            for parameter in prototype.parameters {
                writer.write(strings.offset(of: parameter.name))
                writer.write(parameter.type)
            }
        case .variable(let variableType, let linkage):
            try header(variableType)
            writer.write(linkage.rawValue)
        case .dataSection(let section):
            try header(count: section.variables.count, section.size)
            for variable in section.variables {
                writer.write(variable.type)
                writer.write(variable.offset)
                writer.write(variable.size)
            }
        case .float(let size):
            try header(size)
        case .declarationTag(let target, let componentIndex):
            try header(target)
            writer.write(componentIndex)
        }
    }

    /// A deduplicated string section under construction.
    private struct StringTable {
        var bytes: [UInt8] = [0]
        var offsets: [String: UInt32] = ["": 0]
        /// Split BTF's own strings follow the base's; offset 0 still means "".
        let base: UInt32

        mutating func offset(of string: String) -> UInt32 {
            if let known = offsets[string] { return known }
            let offset = base + UInt32(truncatingIfNeeded: bytes.count)
            bytes.append(contentsOf: string.utf8)
            bytes.append(0)
            offsets[string] = offset
            return offset
        }
    }
}
