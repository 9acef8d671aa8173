import BPF
import BPFInstructions
import BPFObject

/// Small programs built from raw instructions.
enum TestPrograms {
    /// `mov64 r0, value`.
    static func move(_ value: Int32, to register: Register = .r0) -> Instruction {
        Instruction(opcode: 0xb7, destination: register, constant: Int64(value))
    }

    /// `exit`.
    static let exit = Instruction(opcode: 0x95)

    /// `r0 = value; exit`.
    static func returning(_ value: Int32) -> [Instruction] { [move(value), exit] }

    /// A program of `type` that returns `value`.
    static func load(_ type: ProgramType, returning value: Int32 = 0, name: String = "test",
                     expectedAttachType: AttachType = AttachType(rawValue: 0)) throws -> Program {
        try Program(ProgramParameters(type: type, instructions: returning(value), name: name,
                                      expectedAttachType: expectedAttachType))
    }
}

extension MapParameters {
    /// A small map with 4-byte keys and 8-byte values.
    static func small(_ type: MapType = .hash, entries: UInt32 = 16, name: String = "test",
                      flags: MapFlags = []) -> MapParameters {
        MapParameters(type: type, keySize: 4, valueSize: 8, maxEntries: entries, flags: flags, name: name)
    }
}
