import BPFInstructions

/// One CO-RE relocation pass over an object: its local BTF against a target.
///
/// Candidates are looked up by essential name in the target's name index
/// and cached per local root type for the length of the pass; like libbpf,
/// candidates that fail a relocation are dropped for later relocations of the
/// same type once one candidate matched. Use one pass per object load; it is
/// not thread-safe.
public final class CORERelocationPass {
    /// The object's BTF as this pass reads it.
    private let local: CORETypes
    /// What the relocations are resolved against.
    public let target: CORETarget
    private var candidateCache: [BTFTypeID: [Candidate]] = [:]

    /// A target type with the same essential name as a local root type.
    private struct Candidate {
        var types: CORETypes
        var id: BTFTypeID
        /// How results name it: origin (`vmlinux`, a module or a file), id and C name.
        var label: String
    }

    /// Starts a pass for an object whose `.BTF` is `localBTF`.
    public init(localBTF: BTF, target: CORETarget) {
        local = CORETypes(localBTF)
        self.target = target
    }

    // MARK: - Sections

    /// Applies `records` (one section's CO-RE records) to `instructions`,
    /// that section's code, and returns what each relocation did.
    ///
    /// Unsatisfiable accesses poison their instruction (see
    /// ``CORERelocationOutcome/poisoned(reason:)``); malformed or ambiguous
    /// ones throw, as they make libbpf fail the load.
    public func relocate(_ instructions: inout [Instruction], section: String,
                         records: [BTFCoreRelocationRecord]) throws(COREError) -> [CORERelocationResult] {
        try process(&instructions, section: section, records: records, stopOnError: true)
    }

    /// Like ``relocate(_:section:records:)`` on a copy, recording errors in the
    /// results instead of throwing: the dry run behind `swiftbpf core`.
    public func dryRun(_ instructions: [Instruction], section: String,
                       records: [BTFCoreRelocationRecord]) -> [CORERelocationResult] {
        var copy = instructions
        // With stopOnError false every error is recorded, so this never throws.
        return (try? process(&copy, section: section, records: records, stopOnError: false)) ?? []
    }

    private func process(_ instructions: inout [Instruction], section: String, records: [BTFCoreRelocationRecord],
                         stopOnError: Bool) throws(COREError) -> [CORERelocationResult] {
        let slots = SlotIndex(instructions)
        var widePoisons: [Int] = []
        var results: [CORERelocationResult] = []
        for (index, record) in records.enumerated() {
            var result = CORERelocationResult(
                section: section, relocationIndex: index, instructionIndex: Int(record.instructionOffset / 8),
                kind: CORERelocationKind(rawValue: record.kind) ?? .fieldByteOffset, localTypeID: record.type,
                access: "", accessString: "", target: nil, rejectedCandidates: [], outcome: .poisoned(reason: ""))
            do throws(COREError) {
                guard record.instructionOffset % 8 == 0, let position = slots.position(ofSlot: result.instructionIndex) else {
                    throw COREError(.badInstructionOffset(record.instructionOffset))
                }
                let resolution = try resolve(record, accessString: &result.accessString)
                result.kind = resolution.localSpec.kind
                result.access = resolution.localSpec.description(in: local)
                result.target = resolution.target
                result.rejectedCandidates = resolution.rejected
                let calculation = resolution.calculation
                switch try COREInstructionPatch.apply(calculation, to: &instructions[position]) {
                case .patched:
                    result.outcome = .relocated(original: calculation.originalValue, value: calculation.newValue)
                case .poisoned(let wide):
                    if wide { widePoisons.append(position) }
                    result.outcome = .poisoned(reason: poisonReason(resolution))
                }
            } catch {
                if result.access.isEmpty { result.access = local.displayName(record.type) }
                let located = COREError(error.reason, section: section, instructionIndex: result.instructionIndex,
                                        relocationIndex: index)
                if stopOnError { throw located }
                result.outcome = .failed(located)
            }
            results.append(result)
        }
        // The second slot of a poisoned ld_imm64 becomes a poison call too, as libbpf writes it.
        for position in widePoisons.sorted(by: >) {
            instructions.insert(COREInstructionPatch.poison, at: position + 1)
        }
        return results
    }

    /// Maps slot indices (what `.BTF.ext` offsets count) to positions in an instruction array.
    private struct SlotIndex {
        private var positions: [Int] = []

        init(_ instructions: [Instruction]) {
            for (position, instruction) in instructions.enumerated() {
                positions.append(position)
                if instruction.isWide { positions.append(-1) }
            }
        }

        func position(ofSlot slot: Int) -> Int? {
            guard positions.indices.contains(slot), positions[slot] >= 0 else { return nil }
            return positions[slot]
        }
    }

    // MARK: - Resolution

    /// A relocation's resolved values and how they were found.
    private struct Resolution {
        var localSpec: COREAccessSpec
        var calculation: COREValueCalculation
        var target: String?
        var rejected: [String]
    }

    /// Resolves one record (libbpf's bpf_core_calc_relo_insn).
    private func resolve(_ record: BTFCoreRelocationRecord, accessString: inout String) throws(COREError) -> Resolution {
        guard let kind = CORERelocationKind(rawValue: record.kind) else { throw COREError(.unknownKind(record.kind)) }
        guard try local.type(record.type) != nil || kind == .localTypeID else {
            throw COREError(.anonymousType(record.type))
        }
        let candidates = kind == .localTypeID ? [] : try candidates(for: record.type)
        accessString = try COREError.wrapping { () throws(BTFError) in try local.btf.string(at: record.accessStringOffset) }
        let localSpec = try COREAccessSpec(parsing: accessString, rootTypeID: record.type, kind: kind, in: local)
        let byteOrder = target.vmlinux.byteOrder
        if kind == .localTypeID {
            let calculation = try COREValueCalculation(local: localSpec, in: local, target: nil, in: local,
                                                       targetByteOrder: byteOrder)
            return Resolution(localSpec: localSpec, calculation: calculation, target: nil, rejected: [])
        }

        var chosen: (spec: COREAccessSpec, calculation: COREValueCalculation, candidate: Candidate)?
        var matched: [Candidate] = []
        var rejected: [String] = []
        for candidate in candidates {
            let matcher = CORESpecMatcher(comparison: CORETypeComparison(local: local, target: candidate.types))
            let targetSpec: COREAccessSpec
            switch try matcher.match(localSpec, candidate: candidate.id) {
            case .mismatched(let reason):
                rejected.append("\(candidate.label): \(reason)")
                continue
            case .matched(let spec): targetSpec = spec
            }
            let calculation = try COREValueCalculation(local: localSpec, in: local, target: targetSpec,
                                                       in: candidate.types, targetByteOrder: byteOrder)
            if let chosen {
                guard targetSpec.bitOffset == chosen.spec.bitOffset else {
                    throw COREError(.ambiguous("field at bit \(targetSpec.bitOffset) in \(candidate.label), "
                                               + "at bit \(chosen.spec.bitOffset) in \(chosen.candidate.label)"))
                }
                guard calculation.poisoned == chosen.calculation.poisoned,
                      calculation.newValue == chosen.calculation.newValue else {
                    throw COREError(.ambiguous("\(candidate.label) gives \(calculation.newValue), "
                                               + "\(chosen.candidate.label) gives \(chosen.calculation.newValue)"))
                }
            } else {
                chosen = (targetSpec, calculation, candidate)
            }
            matched.append(candidate)
        }
        if let chosen {
            candidateCache[record.type] = matched
            return Resolution(localSpec: localSpec, calculation: chosen.calculation,
                              target: chosen.candidate.label, rejected: rejected)
        }
        let calculation = try COREValueCalculation(local: localSpec, in: local, target: nil, in: local,
                                                   targetByteOrder: byteOrder)
        return Resolution(localSpec: localSpec, calculation: calculation, target: nil, rejected: rejected)
    }

    /// The target types whose essential name equals the local type's, of a
    /// compatible kind: vmlinux first, and modules only if vmlinux has none.
    private func candidates(for localID: BTFTypeID) throws(COREError) -> [Candidate] {
        if let cached = candidateCache[localID] { return cached }
        guard let localType = try local.type(localID), !localType.name.isEmpty else {
            throw COREError(.anonymousType(localID))
        }
        var found = candidates(named: localType.name, kind: localType.kind, in: target.vmlinux, includingBase: true,
                               origin: target.name)
        if found.isEmpty {
            for module in try target.modules() {
                found += candidates(named: localType.name, kind: localType.kind, in: module.btf, includingBase: false,
                                    origin: module.name)
            }
        }
        candidateCache[localID] = found
        return found
    }

    private func candidates(named name: String, kind: BTFKind, in btf: BTF, includingBase: Bool,
                            origin: String) -> [Candidate] {
        let ids = btf.typeIDs(withEssentialNameOf: name, includingBase: includingBase).filter { id in
            CORETypeComparison.kindsCompatible((try? btf.kind(of: id)) ?? nil, kind)
        }
        guard !ids.isEmpty else { return [] }
        let types = target.types(of: btf)
        return ids.map { Candidate(types: types, id: $0, label: "\(origin) [\($0)] \(types.displayName($0))") }
    }

    /// Why an instruction was poisoned, for the loader's error if the verifier reaches it.
    private func poisonReason(_ resolution: Resolution) -> String {
        let spec = resolution.localSpec
        let access = spec.description(in: local)
        let calculation = resolution.calculation
        if calculation.failsMemorySizeAdjustment, let target = resolution.target {
            return "field '\(access)' is \(calculation.originalSize) bytes locally but \(calculation.newSize) bytes in "
                + "\(target); only pointers and unsigned integers can be read at another width"
        }
        let what = spec.kind.family == .enumValue ? "enumerator" : "field"
        let rootName = (try? local.name(spec.rootTypeID)) ?? ""
        let detail = resolution.rejected.isEmpty
            ? "no type named \(BTF.essentialName(rootName)) of a compatible kind"
            : resolution.rejected.map { "candidate \($0)" }.joined(separator: "; ")
        return "\(what) '\(access)' not found in target BTF (\(detail))"
    }
}
