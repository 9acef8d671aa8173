extension ObjectSpec {
    /// The name of the variable `.ksyms` entries point at, also given to unnamed extern parameters.
    static let placeholderName = "dummy_ksym"

    /// The object's BTF rewritten the way the kernel accepts it, keeping
    /// every type id: DATASEC sizes and variable offsets taken from the ELF
    /// sections and symbols (sorted by offset), `.kconfig` externs turned
    /// into global variables at their map offsets, and `.ksyms` externs
    /// replaced by 4-byte placeholders, with extern functions made global and
    /// their unnamed parameters named, as libbpf does.
    ///
    /// Returns nil when the object has no BTF. Sanitize the result for the
    /// running kernel's features before marshalling it.
    public func loadableBTF() throws(ObjectError) -> BTFBuilder? {
        guard let btf else { return nil }
        var builder: BTFBuilder
        do { builder = try BTFBuilder(copyingAllOf: btf) } catch { throw .btf(section: ".BTF", error) }
        let kconfigOffsets = Dictionary(externs.compactMap { extern -> (String, Int)? in
            guard case .kconfig(_, let offset) = extern.kind else { return nil }
            return (extern.name, offset)
        }, uniquingKeysWith: { first, _ in first })
        let integerID = builder.types.indices.first { index in
            if case .int(let integer) = builder.types[index].definition, integer.size == 4, integer.bitOffset == 0,
               integer.bitCount == 32 { return true }
            return false
        }.map { builder.firstTypeID + BTFTypeID($0) }
            ?? builder.add(BTFType(name: "int", .int(BTFInteger(size: 4, encoding: .signed, bitCount: 32))))
        var placeholderID: BTFTypeID?

        for id in builder.firstTypeID..<builder.nextTypeID {
            guard let type = builder[id] else { continue }
            switch type.definition {
            case .function(let prototype, .external):
                builder[id] = BTFType(name: type.name, .function(prototype: prototype, linkage: .global))
                guard case .functionPrototype(var signature)? = builder[prototype]?.definition else { continue }
                for index in signature.parameters.indices
                where signature.parameters[index].name.isEmpty && signature.parameters[index].type != 0 {
                    signature.parameters[index].name = Self.placeholderName
                }
                builder[prototype] = BTFType(name: builder[prototype]?.name ?? "", .functionPrototype(signature))
            case .dataSection(var section):
                switch type.name {
                case ".kconfig":
                    for index in section.variables.indices {
                        let variableID = section.variables[index].type
                        guard let variable = builder[variableID], case .variable(let target, _) = variable.definition,
                              let offset = kconfigOffsets[variable.name] else { continue }
                        builder[variableID] = BTFType(name: variable.name, .variable(type: target, linkage: .global))
                        section.variables[index].offset = UInt32(truncatingIfNeeded: offset)
                    }
                    section.variables.sort { $0.offset < $1.offset }
                    section.size = map(named: ".kconfig")?.valueSize ?? section.size
                case ".ksyms":
                    let placeholder = placeholderID ?? builder.add(
                        BTFType(name: Self.placeholderName, .variable(type: integerID, linkage: .global)))
                    placeholderID = placeholder
                    for index in section.variables.indices {
                        let variableID = section.variables[index].type
                        if let variable = builder[variableID], case .variable = variable.definition {
                            builder[variableID] = BTFType(name: variable.name,
                                                          .variable(type: integerID, linkage: .global))
                        } else {
                            section.variables[index].type = placeholder
                        }
                        section.variables[index].offset = UInt32(truncatingIfNeeded: index * 4)
                        section.variables[index].size = 4
                    }
                    section.size = UInt32(truncatingIfNeeded: section.variables.count * 4)
                default:
                    guard let elfSection = elf.section(named: type.name) else { continue }
                    section.size = UInt32(truncatingIfNeeded: elfSection.size)
                    for index in section.variables.indices {
                        guard let name = builder[section.variables[index].type]?.name,
                              let symbol = elf.symbols.first(where: {
                                  $0.name == name && Int($0.sectionIndex) == elfSection.index
                              }) else { continue }
                        section.variables[index].offset = UInt32(truncatingIfNeeded: symbol.value)
                    }
                    section.variables.sort { $0.offset < $1.offset }
                }
                builder[id] = BTFType(name: type.name, .dataSection(section))
            default:
                continue
            }
        }
        return builder
    }
}
