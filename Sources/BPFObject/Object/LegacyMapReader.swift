/// Reads map definitions from the legacy `maps` section: five 32-bit words
/// (`struct bpf_map_def`) per map, or more for iproute2's `bpf_elf_map`
/// (id, pinning, inner_id, inner_idx). The record size is the section size
/// divided by the number of map symbols, as iproute2 and old libbpf did.
struct LegacyMapReader {
    let file: ObjectFile

    /// The words `struct bpf_map_def` has.
    private static let definitionWords = 5
    /// The words iproute2's `struct bpf_elf_map` has.
    private static let iproute2Words = 9

    func maps() throws(ObjectError) -> [(spec: MapSpec, offset: UInt64, size: UInt64)] {
        guard let section = file.legacyMapsSection else { return [] }
        let symbols = file.elf.symbols
            .filter { Int($0.sectionIndex) == section.index && $0.type != .section && !$0.name.isEmpty }
            .sorted { $0.value < $1.value }
        guard !symbols.isEmpty else { return [] }
        guard section.size % UInt64(symbols.count) == 0 else {
            throw .malformedSection(section: "maps", reason: "size \(section.size) is not a multiple of its \(symbols.count) map symbols")
        }
        let stride = section.size / UInt64(symbols.count)
        guard stride >= UInt64(Self.definitionWords * 4) else {
            throw .malformedSection(section: "maps", reason: "map definitions of \(stride) bytes are too short")
        }
        let data = file.elf.data(of: section)
        var result: [(spec: MapSpec, offset: UInt64, size: UInt64)] = []
        for symbol in symbols {
            guard symbol.value % stride == 0, let start = Int(exactly: symbol.value) else {
                throw .badMapDefinition(map: symbol.name, reason: "offset \(symbol.value) is not a multiple of the record size \(stride)")
            }
            let wordCount = Int(min(stride / 4, UInt64(Self.iproute2Words)))
            var words: [UInt32] = []
            for index in 0..<wordCount {
                guard let word = file.word(data, at: start + index * 4) else {
                    throw .badMapDefinition(map: symbol.name, reason: "the definition runs past the section")
                }
                words.append(word)
            }
            var spec = MapSpec(name: symbol.name, origin: .legacy, type: MapType(rawValue: words[0]),
                               keySize: words[1], valueSize: words[2], maxEntries: words[3],
                               flags: MapFlags(rawValue: words[4]))
            if words.count >= Self.iproute2Words {
                spec.legacyID = words[5]
                // PIN_OBJECT_NS (1) and PIN_GLOBAL_NS (2) both pin by name under the pin root.
                spec.pinning = words[6] == 0 ? .none : .byName
                if words[7] != 0 { spec.legacyInnerID = words[7] }
            }
            result.append((spec, symbol.value, stride))
        }
        // iproute2's inner_id names the template of a map-of-maps by its id.
        for index in result.indices {
            guard let innerID = result[index].spec.legacyInnerID else { continue }
            guard let inner = result.first(where: { $0.spec.legacyID == innerID })?.spec else {
                throw .badMapDefinition(map: result[index].spec.name, reason: "inner_id \(innerID) names no map")
            }
            result[index].spec.innerMap = inner
        }
        return result
    }
}
