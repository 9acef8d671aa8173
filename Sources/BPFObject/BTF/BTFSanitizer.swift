extension BTFBuilder {
    /// Rewrites, in place and keeping every id, the types a kernel without
    /// `features` would reject into equivalents it accepts.
    ///
    /// Type ids and sizes stay the same, so instructions and map definitions
    /// referring to them stay valid; only the type information is coarser.
    public mutating func sanitize(for features: BTFFeatures) {
        let ids = firstTypeID..<nextTypeID
        for id in ids {
            guard let type = self[id] else { continue }
            self[id] = sanitized(type, for: features)
        }
    }

    private func sanitized(_ type: BTFType, for features: BTFFeatures) -> BTFType {
        let oneByteInteger = BTFType.Definition.int(BTFInteger(size: 1, encoding: [], bitCount: 8))
        switch type.definition {
        case .variable where !features.dataSections:
            return BTFType(name: type.name, oneByteInteger)
        case .dataSection(let section) where !features.dataSections:
            // Each member keeps pointing at its VAR, which has become a 1-byte INT.
            let members = section.variables.map { variable in
                BTFMember(name: self[variable.type]?.name ?? "", type: variable.type,
                          bitOffset: variable.offset &* 8)
            }
            return BTFType(name: Self.identifier(from: type.name),
                           .structure(BTFComposite(size: section.size, members: members)))
        case .float(let size) where !features.floats:
            return BTFType(name: type.name, .structure(BTFComposite(size: size, members: [])))
        case .functionPrototype(let prototype) where !features.functions:
            let values = prototype.parameters.map { BTFEnumValue(name: $0.name, value: 0) }
            return BTFType(name: type.name, .enumeration(BTFEnumeration(size: 4, isSigned: false, values: values)))
        case .function(let prototype, _) where !features.functions:
            return BTFType(name: type.name, .typedef(prototype))
        case .function(let prototype, .global) where !features.globalFunctions:
            return BTFType(name: type.name, .function(prototype: prototype, linkage: .static))
        case .declarationTag where !features.declarationTags:
            return BTFType(name: type.name, oneByteInteger)
        case .typeTag(let target) where !features.typeTags:
            return BTFType(.const(target))
        case .enumeration64(let enumeration) where !features.enum64:
            return BTFType(name: type.name, .union(BTFComposite(size: enumeration.size, members: [])))
        case .enumeration(var enumeration) where !features.enum64 && enumeration.isSigned:
            enumeration.isSigned = false
            return BTFType(name: type.name, .enumeration(enumeration))
        default:
            return type
        }
    }

    /// A C identifier made from a section name such as `.rodata.str1.1`.
    private static func identifier(from name: String) -> String {
        String(String.UnicodeScalarView(name.unicodeScalars.map { scalar in
            scalar.properties.isAlphabetic && scalar.isASCII || ("0"..."9").contains(scalar) ? scalar : "_"
        }))
    }
}
