/// Turns global data sections into one-entry array maps holding the
/// section's initial contents, as libbpf does: `.rodata*` maps are read-only
/// for programs, and a map is mmapable when its DATASEC has a non-static
/// variable (one a user could reach by name).
struct GlobalDataReader {
    let file: ObjectFile
    let objectName: String

    func maps() throws(ObjectError) -> [MapSpec] {
        var maps: [MapSpec] = []
        for index in file.dataSections.keys.sorted() {
            guard let section = file.dataSections[index] else { continue }
            guard let size = UInt32(exactly: section.size) else {
                throw .malformedSection(section: section.name, reason: "too large for a map value")
            }
            var flags: MapFlags = ObjectFile.isReadOnlyData(section.name) ? .readOnlyProgram : []
            let dataSection = file.dataSection(named: section.name)
            if let dataSection, hasExposedVariable(dataSection.section) { flags.insert(.mmapable) }
            maps.append(MapSpec(
                name: section.name, kernelName: InternalMapName.make(objectName: objectName, section: section.name),
                origin: .globalData(section: section.name), type: .array, keySize: 4, valueSize: size,
                maxEntries: 1, flags: flags, btfValueTypeID: dataSection?.id ?? 0,
                initialValue: try file.contents(of: section)))
        }
        return maps
    }

    /// Whether a variable other than a static one lives in the section.
    func hasExposedVariable(_ section: BTFDataSection) -> Bool {
        guard let btf = file.btf else { return false }
        return section.variables.contains { variable in
            guard case .variable(_, let linkage)? = try? btf.type(variable.type).definition else { return false }
            return linkage != .static
        }
    }
}
