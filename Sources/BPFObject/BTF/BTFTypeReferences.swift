extension BTFType.Definition {
    /// Every type id this definition refers to, in field order (0 for `void` included).
    public var referencedTypeIDs: [BTFTypeID] {
        switch self {
        case .int, .forward, .float, .enumeration, .enumeration64: []
        case .pointer(let target), .typedef(let target), .volatile(let target), .const(let target),
             .restrict(let target), .typeTag(let target):
            [target]
        case .array(let array): [array.element, array.index]
        case .structure(let composite), .union(let composite): composite.members.map(\.type)
        case .function(let prototype, _): [prototype]
        case .functionPrototype(let prototype): [prototype.returnType] + prototype.parameters.map(\.type)
        case .variable(let type, _): [type]
        case .dataSection(let section): section.variables.map(\.type)
        case .declarationTag(let target, _): [target]
        }
    }

    /// The same definition with every referenced type id passed through `transform`.
    public func mappingTypeIDs(_ transform: (BTFTypeID) -> BTFTypeID) -> BTFType.Definition {
        switch self {
        case .int, .forward, .float, .enumeration, .enumeration64: return self
        case .pointer(let target): return .pointer(transform(target))
        case .typedef(let target): return .typedef(transform(target))
        case .volatile(let target): return .volatile(transform(target))
        case .const(let target): return .const(transform(target))
        case .restrict(let target): return .restrict(transform(target))
        case .typeTag(let target): return .typeTag(transform(target))
        case .array(var array):
            array.element = transform(array.element)
            array.index = transform(array.index)
            return .array(array)
        case .structure(var composite):
            for index in composite.members.indices { composite.members[index].type = transform(composite.members[index].type) }
            return .structure(composite)
        case .union(var composite):
            for index in composite.members.indices { composite.members[index].type = transform(composite.members[index].type) }
            return .union(composite)
        case .function(let prototype, let linkage): return .function(prototype: transform(prototype), linkage: linkage)
        case .functionPrototype(var prototype):
            prototype.returnType = transform(prototype.returnType)
            for index in prototype.parameters.indices {
                prototype.parameters[index].type = transform(prototype.parameters[index].type)
            }
            return .functionPrototype(prototype)
        case .variable(let type, let linkage): return .variable(type: transform(type), linkage: linkage)
        case .dataSection(var section):
            for index in section.variables.indices { section.variables[index].type = transform(section.variables[index].type) }
            return .dataSection(section)
        case .declarationTag(let target, let componentIndex):
            return .declarationTag(target: transform(target), componentIndex: componentIndex)
        }
    }
}
