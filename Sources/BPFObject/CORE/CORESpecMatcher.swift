/// Matches a local access spec onto one candidate type of the target BTF
/// (libbpf's `bpf_core_spec_match` and `bpf_core_match_member`).
struct CORESpecMatcher {
    let comparison: CORETypeComparison
    var local: CORETypes { comparison.local }
    var target: CORETypes { comparison.target }

    /// The outcome for one candidate.
    enum Outcome {
        /// The candidate satisfies the access; the target spec describes where.
        case matched(COREAccessSpec)
        /// It does not, and why (for the explanation of a poisoned instruction).
        case mismatched(String)
    }

    func match(_ localSpec: COREAccessSpec, candidate: BTFTypeID) throws(COREError) -> Outcome {
        var spec = COREAccessSpec(matchingRoot: candidate, kind: localSpec.kind)
        switch localSpec.kind.family {
        case .type:
            let matches = localSpec.kind == .typeMatches
                ? try comparison.typesMatch(localSpec.rootTypeID, candidate)
                : try comparison.typesAreCompatible(localSpec.rootTypeID, candidate)
            if matches { return .matched(spec) }
            return .mismatched(localSpec.kind == .typeMatches
                ? try comparison.mismatchExplanation(localSpec.rootTypeID, candidate) : "is not compatible")
        case .enumValue:
            let targetID = try target.resolve(candidate)
            guard let enumeration = try target.type(targetID)?.enumeration else { return .mismatched("is not an enum") }
            let localName = localSpec.accessors.first?.name ?? ""
            let essential = BTF.essentialName(localName)
            guard let index = enumeration.values.firstIndex(where: { BTF.essentialName($0.name) == essential }) else {
                return .mismatched("has no enumerator \(localName)")
            }
            spec.accessors.append(COREAccessor(typeID: targetID, index: index, name: enumeration.values[index].name))
            spec.raw.append(index)
            return .matched(spec)
        case .field:
            var targetID = candidate
            for (position, localAccessor) in localSpec.accessors.enumerated() {
                targetID = try target.resolve(targetID)
                if localAccessor.name != nil {
                    let name = localAccessor.name ?? ""
                    switch try matchMember(localAccessor, in: targetID, spec: &spec) {
                    case .found(let memberType): targetID = memberType
                    case .incompatible:
                        return .mismatched("field '\(name)' of \(target.displayName(targetID)) has an incompatible type")
                    case .missing:
                        return .mismatched("\(target.displayName(targetID)) has no field '\(name)'")
                    }
                    continue
                }
                if position > 0 {
                    guard case .array(let array) = try target.type(targetID)?.definition else {
                        return .mismatched("has no array where the local type indexes one")
                    }
                    let flexible = try COREAccessSpec.isFlexibleArray(array, after: spec.accessors.last, in: target)
                    guard flexible || localAccessor.index < Int(array.count) else {
                        return .mismatched("array has \(array.count) elements, index \(localAccessor.index) is out of range")
                    }
                    targetID = try target.resolve(array.element)
                }
                guard spec.raw.count < COREAccessSpec.maximumLength else {
                    throw COREError(.unsupportedAccess("access nests deeper than \(COREAccessSpec.maximumLength) levels"))
                }
                spec.accessors.append(COREAccessor(typeID: targetID, index: localAccessor.index))
                spec.raw.append(localAccessor.index)
                spec.bitOffset = try COREAccessSpec.adding(
                    COREAccessSpec.elementBits(localAccessor.index, size: target.size(of: targetID)), to: spec.bitOffset)
            }
            return .matched(spec)
        }
    }

    /// How a member search ended.
    private enum MemberMatch {
        case found(BTFTypeID)
        case incompatible
        case missing
    }

    /// Finds the member named like `localAccessor`'s in the composite `targetID`,
    /// looking inside anonymous members too, and appends its steps to `spec`.
    private func matchMember(_ localAccessor: COREAccessor, in targetID: BTFTypeID,
                             spec: inout COREAccessSpec) throws(COREError) -> MemberMatch {
        let targetID = try target.resolve(targetID)
        guard let targetComposite = try target.composite(targetID),
              let localComposite = try local.composite(localAccessor.typeID),
              localAccessor.index < localComposite.members.count else { return .missing }
        let localMember = localComposite.members[localAccessor.index]
        var result = MemberMatch.missing
        for index in targetComposite.members.indices {
            // Only the candidate member's name is compared before anything else; keep that a borrow.
            guard targetComposite.members[index].name.isEmpty || targetComposite.members[index].name == localMember.name
            else { continue }
            let member = targetComposite.members[index]
            guard spec.raw.count < COREAccessSpec.maximumLength else {
                throw COREError(.unsupportedAccess("access nests deeper than \(COREAccessSpec.maximumLength) levels"))
            }
            let savedOffset = spec.bitOffset
            spec.bitOffset = try COREAccessSpec.adding(Int(member.bitOffset), to: spec.bitOffset)
            spec.raw.append(index)
            if member.name.isEmpty {
                switch try matchMember(localAccessor, in: member.type, spec: &spec) {
                case .found(let type): return .found(type)
                case .incompatible: result = .incompatible
                case .missing: break
                }
            } else if member.name == localMember.name {
                if try comparison.fieldsAreCompatible(localMember.type, member.type) {
                    spec.accessors.append(COREAccessor(typeID: targetID, index: index, name: member.name))
                    return .found(member.type)
                }
                result = .incompatible
            }
            spec.bitOffset = savedOffset
            spec.raw.removeLast()
        }
        return result
    }
}
