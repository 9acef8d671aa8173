import BPF
import BPFInstructions
import BPFObject

/// The programs and BTF the probe loads.
enum ProbeProgram {
    /// `r0 = value; exit`.
    static func returning(_ value: Int32) -> [Instruction] {
        [Instruction(opcode: 0xb7, constant: Int64(value)), Instruction(opcode: 0x95)]
    }

    /// Loads a program of `type` that returns `value`.
    static func load(_ type: ProgramType, returning value: Int32 = 0, name: String,
                     attachType: AttachType = AttachType(rawValue: 0)) throws -> Program {
        try Program(ProgramParameters(type: type, instructions: returning(value), name: name,
                                      expectedAttachType: attachType))
    }

    /// BTF of `int`, `int (void)` and `int main(void)` (ids 1 to 3); with
    /// `valid` false the int claims 40 bits, which the kernel refuses.
    static func btf(valid: Bool = true) throws -> [UInt8] {
        var builder = BTFBuilder()
        builder.add(BTFType(name: "int", .int(BTFInteger(size: 4, encoding: .signed, bitCount: valid ? 32 : 40))))
        builder.add(BTFType(.functionPrototype(BTFFunctionPrototype(returnType: 1, parameters: []))))
        builder.add(BTFType(name: "main", .function(prototype: 2, linkage: .global)))
        return try builder.marshal()
    }

    /// One `bpf_func_info`: instruction 0 is `main` (type 3).
    static let functionInfo: [UInt8] = [UInt32(0), 3].flatMap { word in withUnsafeBytes(of: word) { Array($0) } }
}
