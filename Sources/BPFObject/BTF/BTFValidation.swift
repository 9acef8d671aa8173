extension BTF {
    /// Decodes every own type and checks what parsing leaves for later:
    /// member and enumerator names, references to undefined types, FUNC
    /// prototypes, DATASEC entries and DECL_TAG component indices.
    ///
    /// A spec that passes can be dumped, copied and marshalled without
    /// meeting an undefined id; loops through modifiers are still reported
    /// where they are followed.
    public func validate() throws(BTFError) {
        for id in ownTypeIDs {
            let offset = try locate(id).offset
            let type = try type(id)
            for reference in type.definition.referencedTypeIDs where reference >= nextTypeID {
                throw BTFError(.invalidTypeID(reference), offset: offset)
            }
            switch type.definition {
            case .function(let prototype, _):
                guard prototype != 0, try kind(of: prototype) == .functionPrototype else {
                    throw BTFError(.invalidTypeID(prototype), offset: offset)
                }
            case .dataSection(let section):
                for variable in section.variables {
                    let variableKind = variable.type == 0 ? nil : try kind(of: variable.type)
                    guard variableKind == .variable || variableKind == .function else {
                        throw BTFError(.invalidTypeID(variable.type), offset: offset)
                    }
                }
            case .declarationTag(let target, let componentIndex) where componentIndex >= 0:
                let componentCount = switch try self.type(target).definition {
                case .structure(let composite), .union(let composite): composite.members.count
                case .function(let prototype, _):
                    if case .functionPrototype(let parameters) = try self.type(prototype).definition {
                        parameters.parameters.count
                    } else { 0 }
                default: 0
                }
                guard Int(componentIndex) < componentCount else {
                    throw BTFError(.invalidTypeID(target), offset: offset)
                }
            default:
                break
            }
        }
    }
}
