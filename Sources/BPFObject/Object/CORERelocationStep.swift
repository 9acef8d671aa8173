/// The pipeline step that applies a code section's CO-RE relocations against
/// the target kernel's BTF, before subprograms are linked (as libbpf does).
///
/// The CO-RE engine (`Sources/BPFObject/CORE`) is not integrated yet, so a
/// section with CO-RE records fails here with a typed error rather than
/// loading instructions that read the wrong offsets. To integrate it, patch
/// `section.instructions` at `section.instructionIndex(atByteOffset:)` of each
/// record, resolving against `target` (the object's BTF is the spec's `btf`).
enum CORERelocationStep {
    static func apply(_ records: [BTFCoreRelocationRecord], to section: inout CodeSection,
                      target: BTF) throws(ObjectError) {
        guard !records.isEmpty else { return }
        throw .coreRelocationsNotApplied(section: section.name, count: records.count)
    }
}
