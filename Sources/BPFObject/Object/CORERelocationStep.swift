/// The pipeline step that applies a code section's CO-RE relocations against
/// the target's BTF, before subprograms are linked (as libbpf does).
enum CORERelocationStep {
    /// Relocates `section`'s code with `pass` and returns what each record did.
    static func apply(_ records: [BTFCoreRelocationRecord], to section: inout CodeSection,
                      pass: CORERelocationPass) throws(ObjectError) -> [CORERelocationResult] {
        guard !records.isEmpty else { return [] }
        var instructions = section.instructions
        let results: [CORERelocationResult]
        do throws(COREError) {
            results = try pass.relocate(&instructions, section: section.name, records: records)
        } catch {
            throw .coreRelocation(error)
        }
        section.replaceInstructions(instructions)
        return results
    }
}
