import BPFInstructions

extension CORERelocationPass {
    /// Resolves every CO-RE relocation of an object file against `target`
    /// without loading anything: one result per `.BTF.ext` record, each with
    /// its value or the reason it has none. An object without CO-RE records
    /// gives an empty list.
    public static func dryRun(object: ELFFile, target: CORETarget) throws(COREError) -> [CORERelocationResult] {
        guard let btfSection = object.section(named: ".BTF") else { return [] }
        guard let extSection = object.section(named: ".BTF.ext") else { return [] }
        let btf = try COREError.wrapping { () throws(BTFError) in try BTF.parse(bytes: [UInt8](object.data(of: btfSection))) }
        let ext = try COREError.wrapping { () throws(BTFError) in
            try BTFExt.parse(bytes: [UInt8](object.data(of: extSection)), btf: btf)
        }
        let pass = CORERelocationPass(localBTF: btf, target: target)
        var results: [CORERelocationResult] = []
        for group in ext.coreRelocations {
            guard let section = object.section(named: group.sectionName) else {
                throw COREError(.object("CO-RE records name section \(group.sectionName), which the object lacks"))
            }
            let instructions: [Instruction]
            do throws(InstructionDecodingError) {
                instructions = try Instruction.decode(object.data(of: section), byteOrder: object.header.byteOrder)
            } catch {
                throw COREError(.object("section \(group.sectionName): \(error)"))
            }
            results += pass.dryRun(instructions, section: group.sectionName, records: group.records)
        }
        return results
    }
}
