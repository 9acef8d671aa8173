/// libbpf's three notions of "the same type" across a local and a target
/// BTF. Each returns nil-free booleans or throws on malformed or looping BTF.
struct CORETypeComparison {
    let local: CORETypes
    let target: CORETypes

    /// libbpf's nesting limit for compatibility and match checks.
    static let maximumDepth = 32

    /// Same kind, or both enums of either width (btf_kind_core_compat). `nil` is `void`.
    static func kindsCompatible(_ first: BTFKind?, _ second: BTFKind?) -> Bool {
        first == second || (first?.isEnumeration == true && second?.isEnumeration == true)
    }

    /// Whether two names are equal once their flavor suffixes are dropped; an
    /// anonymous target matches only an anonymous local.
    static func essentialNamesMatch(_ local: String, _ target: String) -> Bool {
        if target.isEmpty { return local.isEmpty }
        return BTF.essentialName(local) == BTF.essentialName(target)
    }

    /// One step of a walk down two type chains in step.
    private enum Step {
        /// The walk ends with this answer.
        case answer(Bool)
        /// Continue with these two types (pointees, elements, return types).
        case descend(BTFTypeID, BTFTypeID)
    }

    /// Resolves both ids (modifiers and typedefs skipped) and asks `step`
    /// about the pair until it answers; a chain longer than libbpf follows is an error.
    private func walk(_ localID: BTFTypeID, _ targetID: BTFTypeID,
                      _ step: (BTFType?, BTFType?) throws(COREError) -> Step) throws(COREError) -> Bool {
        var localID = localID
        var targetID = targetID
        for _ in 0..<Self.maximumDepth {
            localID = try local.resolve(localID)
            targetID = try target.resolve(targetID)
            switch try step(try local.type(localID), try target.type(targetID)) {
            case .answer(let answer): return answer
            case .descend(let nextLocal, let nextTarget):
                localID = nextLocal
                targetID = nextTarget
            }
        }
        throw Self.tooDeep(localID)
    }

    /// Type-based relocations (exists, size, target id): libbpf's
    /// `bpf_core_types_are_compat`. Structs, unions, enums and forwards are
    /// compatible by kind alone; pointers, arrays and prototypes recurse.
    func typesAreCompatible(_ localID: BTFTypeID, _ targetID: BTFTypeID,
                            level: Int = maximumDepth) throws(COREError) -> Bool {
        guard Self.kindsCompatible(try local.kind(localID), try target.kind(targetID)) else { return false }
        return try walk(localID, targetID) { localType, targetType throws(COREError) in
            guard Self.kindsCompatible(localType?.kind, targetType?.kind) else { return .answer(false) }
            switch (localType?.definition, targetType?.definition) {
            case (nil, _), (.structure, _), (.union, _), (.enumeration, _), (.enumeration64, _), (.forward, _):
                return .answer(true)
            case (.int(let localInteger), .int(let targetInteger)):
                return .answer(localInteger.bitOffset == 0 && targetInteger.bitOffset == 0)
            case (.pointer(let localPointee), .pointer(let targetPointee)):
                return .descend(localPointee, targetPointee)
            case (.array(let localArray), .array(let targetArray)):
                return .descend(localArray.element, targetArray.element)
            case (.functionPrototype(let localPrototype), .functionPrototype(let targetPrototype)):
                let parametersCompatible = try Self.parametersPairwise(localPrototype, targetPrototype) {
                    (localParameter, targetParameter) throws(COREError) in
                    guard level > 0 else { throw Self.tooDeep(localParameter) }
                    return try typesAreCompatible(try local.resolve(localParameter), try target.resolve(targetParameter),
                                                  level: level - 1)
                }
                return parametersCompatible
                    ? .descend(localPrototype.returnType, targetPrototype.returnType) : .answer(false)
            default:
                return .answer(false)
            }
        }
    }

    /// Field-based relocations: libbpf's `bpf_core_fields_are_compat`. Any
    /// two composites are compatible; enums and forwards need matching
    /// essential names (or one anonymous); integers any size or sign.
    func fieldsAreCompatible(_ localID: BTFTypeID, _ targetID: BTFTypeID) throws(COREError) -> Bool {
        try walk(localID, targetID) { localType, targetType throws(COREError) in
            if localType?.kind.isComposite == true, targetType?.kind.isComposite == true { return .answer(true) }
            guard Self.kindsCompatible(localType?.kind, targetType?.kind),
                  let localType, let targetType else { return .answer(false) }
            switch (localType.definition, targetType.definition) {
            case (.pointer, _), (.float, _):
                return .answer(true)
            case (.forward, _), (.enumeration, _), (.enumeration64, _):
                let localName = BTF.essentialName(localType.name)
                let targetName = BTF.essentialName(targetType.name)
                return .answer(localName.isEmpty || targetName.isEmpty || localName == targetName)
            case (.int(let localInteger), .int(let targetInteger)):
                return .answer(localInteger.bitOffset == 0 && targetInteger.bitOffset == 0)
            case (.array(let localArray), .array(let targetArray)):
                return .descend(localArray.element, targetArray.element)
            default:
                return .answer(false)
            }
        }
    }

    /// TYPE_MATCHES: libbpf's `bpf_core_types_match`, stricter than
    /// compatibility: names (after typedefs) must match, integers must agree
    /// in size and sign, every local member and enumerator must exist in the
    /// target, array lengths must agree. Behind a pointer, composites match by
    /// kind (or a forward of the same kind) only.
    func typesMatch(_ localID: BTFTypeID, _ targetID: BTFTypeID, behindPointer: Bool = false,
                    level: Int = maximumDepth) throws(COREError) -> Bool {
        guard level > 0 else { throw Self.tooDeep(localID) }
        var behindPointer = behindPointer
        return try walk(localID, targetID) { localType, targetType throws(COREError) in
            guard Self.essentialNamesMatch(localType?.name ?? "", targetType?.name ?? "") else { return .answer(false) }
            guard let localType else { return .answer(targetType == nil) }
            guard let targetType else { return .answer(false) }
            switch (localType.definition, targetType.definition) {
            case (.forward(let localIsUnion), _):
                if case .forward(let targetIsUnion) = targetType.definition { return .answer(localIsUnion == targetIsUnion) }
                guard behindPointer else { return .answer(false) }
                return .answer((targetType.kind == .structure && !localIsUnion) || (targetType.kind == .union && localIsUnion))
            case (.enumeration(let localEnum), _), (.enumeration64(let localEnum), _):
                guard let targetEnum = targetType.enumeration else { return .answer(false) }
                return .answer(Self.enumeratorsMatch(localEnum, targetEnum))
            case (.structure(let localComposite), _), (.union(let localComposite), _):
                if behindPointer {
                    if localType.kind == targetType.kind { return .answer(true) }
                    guard case .forward(let targetIsUnion) = targetType.definition else { return .answer(false) }
                    return .answer((localType.kind == .union) == targetIsUnion)
                }
                guard localType.kind == targetType.kind, let targetComposite = targetType.compositeContents else {
                    return .answer(false)
                }
                return .answer(try membersMatch(localComposite, targetComposite, behindPointer: behindPointer, level: level))
            case (.int(let localInteger), .int(let targetInteger)):
                return .answer(localInteger.size == targetInteger.size
                    && localInteger.encoding.contains(.signed) == targetInteger.encoding.contains(.signed))
            case (.pointer(let localPointee), .pointer(let targetPointee)):
                behindPointer = true
                return .descend(localPointee, targetPointee)
            case (.array(let localArray), .array(let targetArray)):
                guard localArray.count == targetArray.count else { return .answer(false) }
                return .descend(localArray.element, targetArray.element)
            case (.functionPrototype(let localPrototype), .functionPrototype(let targetPrototype)):
                let parametersMatch = try Self.parametersPairwise(localPrototype, targetPrototype) {
                    (localParameter, targetParameter) throws(COREError) in
                    try typesMatch(localParameter, targetParameter, behindPointer: behindPointer, level: level - 1)
                }
                return parametersMatch ? .descend(localPrototype.returnType, targetPrototype.returnType) : .answer(false)
            default:
                return .answer(false)
            }
        }
    }

    /// Why ``typesMatch(_:_:behindPointer:level:)`` said no, in words a person can act on: the
    /// innermost member (by its path from the root) that the target lacks or types differently,
    /// else the two types' names.
    func mismatchExplanation(_ localID: BTFTypeID, _ targetID: BTFTypeID, path: String = "",
                             level: Int = maximumDepth) throws(COREError) -> String {
        let localRoot = try local.resolve(localID)
        let targetRoot = try target.resolve(targetID)
        let names = "\(local.displayName(localRoot)) locally but \(target.displayName(targetRoot)) in the target"
        guard level > 0, let localType = try local.type(localRoot), let targetType = try target.type(targetRoot),
              localType.kind == targetType.kind, let localComposite = localType.compositeContents,
              let targetComposite = targetType.compositeContents else {
            return path.isEmpty ? "\(names) (a strict match also compares names)"
                : "member '\(path)' is \(names) (a strict match also compares names)"
        }
        for member in localComposite.members {
            let memberPath = path.isEmpty ? member.name : "\(path).\(member.name)"
            let sameNamed = targetComposite.members.filter { Self.essentialNamesMatch(member.name, $0.name) }
            guard let first = sameNamed.first else {
                return "\(target.displayName(targetRoot)) has no member '\(memberPath)'"
            }
            var matched = false
            for candidate in sameNamed where try typesMatch(member.type, candidate.type, level: level - 1) {
                matched = true
                break
            }
            if !matched { return try mismatchExplanation(member.type, first.type, path: memberPath, level: level - 1) }
        }
        return "\(names) (a strict match also compares names)"
    }

    /// Every local member has a same-named target member whose type matches.
    private func membersMatch(_ local: BTFComposite, _ target: BTFComposite, behindPointer: Bool,
                              level: Int) throws(COREError) -> Bool {
        guard local.members.count <= target.members.count else { return false }
        for localMember in local.members {
            var matched = false
            for targetMember in target.members
            where Self.essentialNamesMatch(localMember.name, targetMember.name) {
                if try typesMatch(localMember.type, targetMember.type, behindPointer: behindPointer,
                                  level: level - 1) {
                    matched = true
                    break
                }
            }
            guard matched else { return false }
        }
        return true
    }

    /// Same size, and every local enumerator's name is among the target's (values may differ).
    private static func enumeratorsMatch(_ local: BTFEnumeration, _ target: BTFEnumeration) -> Bool {
        guard local.size == target.size, local.values.count <= target.values.count else { return false }
        return local.values.allSatisfy { value in
            target.values.contains { essentialNamesMatch(value.name, $0.name) }
        }
    }

    /// Whether both prototypes take as many parameters and `check` holds for each pair of parameter types.
    private static func parametersPairwise(
        _ local: BTFFunctionPrototype, _ target: BTFFunctionPrototype,
        _ check: (BTFTypeID, BTFTypeID) throws(COREError) -> Bool
    ) throws(COREError) -> Bool {
        guard local.parameters.count == target.parameters.count else { return false }
        for (localParameter, targetParameter) in zip(local.parameters, target.parameters) {
            guard try check(localParameter.type, targetParameter.type) else { return false }
        }
        return true
    }

    private static func tooDeep(_ id: BTFTypeID) -> COREError {
        COREError(.btf(BTFError(.resolutionTooDeep(id))))
    }
}

extension BTFKind {
    /// ENUM or ENUM64.
    var isEnumeration: Bool { self == .enumeration || self == .enumeration64 }
    /// STRUCT or UNION.
    var isComposite: Bool { self == .structure || self == .union }
}

extension BTFType {
    /// The members of a STRUCT or UNION, or nil for other kinds.
    var compositeContents: BTFComposite? {
        switch definition {
        case .structure(let composite), .union(let composite): composite
        default: nil
        }
    }
}
