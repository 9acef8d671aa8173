import BPFInstructions

/// The changes the kernel needs in an object's BTF, computed once and
/// applied either to a ``BTFBuilder`` (when the BTF must also be sanitized
/// or byte-swapped) or directly to a copy of the original bytes (which keeps
/// every string offset, so `.BTF.ext` line info needs no remapping).
///
/// Every edit keeps the type's encoded size: DATASEC sizes and variable
/// offsets from the ELF sections and symbols (sorted by offset), `.kconfig`
/// externs turned into global variables at their map offsets, `.ksyms`
/// externs replaced by 4-byte placeholders, extern functions made global with
/// their unnamed parameters named, as libbpf does. New types (the placeholder
/// variable and, if the object has none, a 4-byte int) are appended.
struct BTFFixup {
    enum Edit {
        case dataSection(BTFTypeID, BTFDataSection)
        case variable(BTFTypeID, type: BTFTypeID, linkage: BTFVariableLinkage)
        case globalFunction(BTFTypeID)
        case nameParameters(prototype: BTFTypeID, indices: [Int])
    }

    /// The name of the variable `.ksyms` entries point at, also given to unnamed extern parameters.
    static let placeholderName = "dummy_ksym"

    var edits: [Edit] = []
    var appended: [BTFType] = []

    init(spec: ObjectSpec, btf: BTF) throws(BTFError) {
        let kconfigOffsets = Dictionary(spec.externs.compactMap { extern -> (String, Int)? in
            guard case .kconfig(_, let offset) = extern.kind else { return nil }
            return (extern.name, offset)
        }, uniquingKeysWith: { first, _ in first })
        var integerID: BTFTypeID?
        var placeholderID: BTFTypeID?
        func integer() throws(BTFError) -> BTFTypeID {
            if let integerID { return integerID }
            for id in btf.ownTypeIDs where try btf.kind(of: id) == .int {
                if case .int(let value) = try btf.type(id).definition, value.size == 4, value.bitOffset == 0,
                   value.bitCount == 32 {
                    integerID = id
                    return id
                }
            }
            let id = btf.nextTypeID + BTFTypeID(appended.count)
            appended.append(BTFType(name: "int", .int(BTFInteger(size: 4, encoding: .signed, bitCount: 32))))
            integerID = id
            return id
        }

        // Only functions and DATASECs change: the record headers are read in
        // place (indexTypes proved each offset holds one), so the other types
        // cost a word read each, no lookup by id.
        for (index, offset) in btf.typeOffsets.enumerated() {
            let header = btf.recordHeader(at: Int(offset))
            let id = btf.firstTypeID + BTFTypeID(truncatingIfNeeded: index)
            switch BTFKind(rawValue: UInt8(truncatingIfNeeded: header.info >> 24) & 0x1f) {
            case .function?:
                // The record header alone says whether it is extern (most are not): no decoding.
                guard header.info & 0xffff == UInt32(BTFFunctionLinkage.external.rawValue) else { continue }
                let prototype = header.sizeOrType
                edits.append(.globalFunction(id))
                guard case .functionPrototype(let signature) = try btf.type(prototype).definition else { continue }
                let unnamed = signature.parameters.indices.filter {
                    signature.parameters[$0].name.isEmpty && signature.parameters[$0].type != 0
                }
                if !unnamed.isEmpty { edits.append(.nameParameters(prototype: prototype, indices: unnamed)) }
            case .dataSection?:
                let type = try btf.type(id)
                guard case .dataSection(var section) = type.definition else { continue }
                switch type.name {
                case ".kconfig":
                    for index in section.variables.indices {
                        let variableID = section.variables[index].type
                        guard case .variable(let target, _) = try btf.type(variableID).definition,
                              let offset = kconfigOffsets[try btf.name(of: variableID)] else { continue }
                        edits.append(.variable(variableID, type: target, linkage: .global))
                        section.variables[index].offset = UInt32(truncatingIfNeeded: offset)
                    }
                    section.variables.sort { $0.offset < $1.offset }
                    section.size = spec.map(named: ".kconfig")?.valueSize ?? section.size
                case ".ksyms":
                    for index in section.variables.indices {
                        let variableID = section.variables[index].type
                        if try btf.kind(of: variableID) == .variable {
                            edits.append(.variable(variableID, type: try integer(), linkage: .global))
                        } else {
                            if placeholderID == nil {
                                let variable = BTFType(name: Self.placeholderName,
                                                       .variable(type: try integer(), linkage: .global))
                                placeholderID = btf.nextTypeID + BTFTypeID(appended.count)
                                appended.append(variable)
                            }
                            section.variables[index].type = placeholderID ?? 0
                        }
                        section.variables[index].offset = UInt32(truncatingIfNeeded: index * 4)
                        section.variables[index].size = 4
                    }
                    section.size = UInt32(truncatingIfNeeded: section.variables.count * 4)
                default:
                    guard let elfSection = spec.elf.section(named: type.name) else { continue }
                    section.size = UInt32(truncatingIfNeeded: elfSection.size)
                    for index in section.variables.indices {
                        let name = try btf.name(of: section.variables[index].type)
                        guard let symbol = spec.elf.symbol(named: name, inSection: elfSection.index) else { continue }
                        section.variables[index].offset = UInt32(truncatingIfNeeded: symbol.value)
                    }
                    section.variables.sort { $0.offset < $1.offset }
                }
                edits.append(.dataSection(id, section))
            default:
                continue
            }
        }
    }

    /// The fixed BTF as a builder, for sanitizing or re-encoding.
    func apply(to builder: inout BTFBuilder) {
        for edit in edits {
            switch edit {
            case .dataSection(let id, let section):
                guard let name = builder[id]?.name else { continue }
                builder[id] = BTFType(name: name, .dataSection(section))
            case .variable(let id, let type, let linkage):
                guard let name = builder[id]?.name else { continue }
                builder[id] = BTFType(name: name, .variable(type: type, linkage: linkage))
            case .globalFunction(let id):
                guard let type = builder[id], case .function(let prototype, _) = type.definition else { continue }
                builder[id] = BTFType(name: type.name, .function(prototype: prototype, linkage: .global))
            case .nameParameters(let id, let indices):
                guard let type = builder[id], case .functionPrototype(var signature) = type.definition else { continue }
                for index in indices where signature.parameters.indices.contains(index) {
                    signature.parameters[index].name = Self.placeholderName
                }
                builder[id] = BTFType(name: type.name, .functionPrototype(signature))
            }
        }
        for type in appended { builder.add(type) }
    }

    /// The fixed BTF as bytes: a copy of the original with the edits written
    /// in place, the new types after the old and the new strings after the old.
    func apply(to btf: BTF) throws(BTFError) -> [UInt8] {
        var types = ByteWriter(bytes: Array(btf.bytes[btf.typesRange]), byteOrder: btf.byteOrder)
        var strings = ByteWriter(bytes: Array(btf.bytes[btf.stringsRange]), byteOrder: btf.byteOrder)
        var addedStrings: [String: UInt32] = [:]
        func string(_ text: String) -> UInt32 {
            if let offset = addedStrings[text] { return offset }
            let offset = UInt32(truncatingIfNeeded: strings.bytes.count)
            strings.bytes.append(contentsOf: text.utf8)
            strings.bytes.append(0)
            addedStrings[text] = offset
            return offset
        }
        func record(_ id: BTFTypeID) throws(BTFError) -> Int {
            try btf.locate(id).offset - btf.typesRange.lowerBound
        }
        for edit in edits {
            switch edit {
            case .dataSection(let id, let section):
                let start = try record(id)
                types.overwrite(section.size, at: start + 8)
                for (index, variable) in section.variables.enumerated() {
                    types.overwrite(variable.type, at: start + 12 + index * 12)
                    types.overwrite(variable.offset, at: start + 16 + index * 12)
                    types.overwrite(variable.size, at: start + 20 + index * 12)
                }
            case .variable(let id, let type, let linkage):
                let start = try record(id)
                types.overwrite(type, at: start + 8)
                types.overwrite(linkage.rawValue, at: start + 12)
            case .globalFunction(let id):
                let start = try record(id)
                let info = btf.recordHeader(at: start + btf.typesRange.lowerBound).info
                types.overwrite(info & ~0xffff | UInt32(BTFFunctionLinkage.global.rawValue), at: start + 4)
            case .nameParameters(let id, let indices):
                let start = try record(id)
                let name = string(Self.placeholderName)
                for index in indices { types.overwrite(name, at: start + 12 + index * 8) }
            }
        }
        for type in appended {
            switch type.definition {
            case .int(let integer):
                types.write(string(type.name))
                types.write(UInt32(BTFKind.int.rawValue) << 24)
                types.write(integer.size)
                types.write(UInt32(integer.encoding.rawValue) << 24 | UInt32(integer.bitCount))
            case .variable(let target, let linkage):
                types.write(string(type.name))
                types.write(UInt32(BTFKind.variable.rawValue) << 24)
                types.write(target)
                types.write(linkage.rawValue)
            default:
                continue
            }
        }
        var header = ByteWriter(byteOrder: btf.byteOrder)
        header.write(BTF.magic)
        header.write(UInt8(1))
        header.write(btf.flags)
        header.write(UInt32(BTF.headerSize))
        header.write(UInt32(0))
        header.write(UInt32(truncatingIfNeeded: types.bytes.count))
        header.write(UInt32(truncatingIfNeeded: types.bytes.count))
        header.write(UInt32(truncatingIfNeeded: strings.bytes.count))
        var result: [UInt8] = []
        result.reserveCapacity(header.bytes.count + types.bytes.count + strings.bytes.count)
        result += header.bytes
        result += types.bytes
        result += strings.bytes
        return result
    }
}

extension ObjectSpec {
    /// The object's BTF rewritten the way the kernel accepts it, keeping
    /// every type id (see ``BTFFixup`` for the changes), as a builder to
    /// sanitize for an older kernel or to re-encode in another byte order.
    ///
    /// Returns nil when the object has no BTF.
    public func loadableBTF() throws(ObjectError) -> BTFBuilder? {
        guard let btf else { return nil }
        do {
            var builder = try BTFBuilder(copyingAllOf: btf)
            try BTFFixup(spec: self, btf: btf).apply(to: &builder)
            return builder
        } catch {
            throw .btf(section: ".BTF", error)
        }
    }

    /// The object's BTF rewritten the way the kernel accepts it, as bytes in
    /// the object's byte order, with every string offset of the original kept
    /// (so `.BTF.ext` line info stays valid). For kernels that need no sanitizing.
    ///
    /// Returns nil when the object has no BTF.
    public func loadableBTFBytes() throws(ObjectError) -> [UInt8]? {
        guard let btf else { return nil }
        do {
            return try BTFFixup(spec: self, btf: btf).apply(to: btf)
        } catch {
            throw .btf(section: ".BTF", error)
        }
    }
}
