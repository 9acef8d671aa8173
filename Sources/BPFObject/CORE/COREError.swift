/// Why CO-RE relocation could not proceed. libbpf fails the load for the same
/// reasons; an unsatisfiable field or enum access is not one of them (the
/// instruction is poisoned instead, see ``CORERelocationOutcome``).
public struct COREError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong.
    public enum Reason: Hashable, Sendable {
        /// The object or target BTF is malformed where the relocation looked.
        case btf(BTFError)
        /// The access string is not `N(:N)*`, or does not fit the local type.
        case badAccessString(String)
        /// The kind number is not one of the thirteen.
        case unknownKind(UInt32)
        /// The record's instruction offset is not at an instruction of the section.
        case badInstructionOffset(UInt32)
        /// The relocated type is anonymous, so no candidate can be searched by name.
        case anonymousType(BTFTypeID)
        /// Two candidates resolve to different values or offsets.
        case ambiguous(String)
        /// The field value cannot be computed (array accessor for a bitfield kind, bitfield wider than 64 bits).
        case unsupportedAccess(String)
        /// The instruction's current value is not what the local BTF says it should be.
        case unexpectedValue(instruction: String, expected: UInt64)
        /// The instruction is not a form a CO-RE relocation can patch.
        case unpatchableInstruction(String)
        /// The new offset does not fit the instruction's 16-bit offset.
        case offsetTooLarge(UInt64)
        /// The target BTF could not be read.
        case target(String)
        /// The object's sections could not be read (no `.BTF`, undecodable code).
        case object(String)
    }

    /// What went wrong.
    public let reason: Reason
    /// The ELF section of the relocated instruction, when known.
    public var section: String?
    /// The instruction's slot index in its section, when known.
    public var instructionIndex: Int?
    /// The relocation's position in its section's `.BTF.ext` records, when known.
    public var relocationIndex: Int?

    /// Creates an error.
    public init(_ reason: Reason, section: String? = nil, instructionIndex: Int? = nil, relocationIndex: Int? = nil) {
        self.reason = reason
        self.section = section
        self.instructionIndex = instructionIndex
        self.relocationIndex = relocationIndex
    }

    /// The location and the reason, e.g. `CO-RE relocation #3 (section socket, insn 12): ...`.
    public var description: String {
        var location: [String] = []
        if let section { location.append("section \(section)") }
        if let instructionIndex { location.append("insn \(instructionIndex)") }
        let prefix = "CO-RE relocation" + (relocationIndex.map { " #\($0)" } ?? "")
            + (location.isEmpty ? "" : " (\(location.joined(separator: ", ")))")
        return "\(prefix): \(reasonText)"
    }

    /// The reason alone, without the location: for listings that print the location themselves.
    public var reasonText: String {
        switch reason {
        case .btf(let error): "\(error)"
        case .badAccessString(let text): "bad access string: \(text)"
        case .unknownKind(let kind): "unknown relocation kind \(kind)"
        case .badInstructionOffset(let offset): "no instruction at byte offset \(offset)"
        case .anonymousType(let id): "type [\(id)] is anonymous; CO-RE needs a name to find candidates"
        case .ambiguous(let text): "ambiguous candidates: \(text)"
        case .unsupportedAccess(let text): text
        case .unexpectedValue(let instruction, let expected):
            "instruction \(instruction) does not hold the expected local value \(expected)"
        case .unpatchableInstruction(let instruction): "cannot relocate instruction \(instruction)"
        case .offsetTooLarge(let value): "offset \(value) does not fit a 16-bit instruction offset"
        case .target(let text): "target BTF: \(text)"
        case .object(let text): "object: \(text)"
        }
    }
}

extension COREError {
    /// Runs `body`, turning a BTF error into a CO-RE one.
    static func wrapping<T>(_ body: () throws(BTFError) -> T) throws(COREError) -> T {
        do throws(BTFError) { return try body() } catch { throw COREError(.btf(error)) }
    }
}
