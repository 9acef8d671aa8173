import BPFObject

/// Whether a map already pinned under the pin root can stand in for a map
/// definition: the attributes libbpf compares must all be equal.
enum MapPinCompatibility {
    static func check(_ existing: Map, against spec: MapSpec, maxEntries: UInt32, path: String) throws(LoaderError) {
        let info: MapInfo
        do { info = try existing.info() } catch { throw .map(name: spec.name, phase: "inspect the map pinned at \(path)", error) }
        let comparisons: [(String, String, String)] = [
            ("type", "\(spec.type)", "\(info.type)"),
            ("key size", "\(spec.keySize)", "\(info.keySize)"),
            ("value size", "\(spec.valueSize)", "\(info.valueSize)"),
            ("max entries", "\(maxEntries)", "\(info.maxEntries)"),
            ("flags", "0x\(String(spec.flags.rawValue, radix: 16))", "0x\(String(info.flags.rawValue, radix: 16))"),
            ("map_extra", "\(spec.mapExtra)", "\(info.mapExtra)"),
        ]
        for (attribute, expected, found) in comparisons where expected != found {
            throw .incompatiblePin(map: spec.name, path: path, attribute: attribute, expected: expected, found: found)
        }
    }
}
