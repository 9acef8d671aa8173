import BPF

/// What `map list` and `map show` print about one map: bpftool's fields,
/// with its JSON key names.
struct MapSummary: ObjectSummary {
    var id: UInt32
    var type: String
    var name: String
    var flags: UInt32
    var bytesKey: UInt32
    var bytesValue: UInt32
    var maxEntries: UInt32
    var bytesMemlock: UInt64?
    var frozen: Int
    var btfID: UInt32?
    var btfKeyTypeID: UInt32?
    var btfValueTypeID: UInt32?
    var mapExtra: UInt64?
    var pinned: [String]?

    private enum CodingKeys: String, CodingKey {
        case id, pinned, type, name, flags, frozen
        case bytesKey = "bytes_key"
        case bytesValue = "bytes_value"
        case maxEntries = "max_entries"
        case bytesMemlock = "bytes_memlock"
        case btfID = "btf_id"
        case btfKeyTypeID = "btf_key_type_id"
        case btfValueTypeID = "btf_value_type_id"
        case mapExtra = "map_extra"
    }

    /// The kernel's view of `map`.
    init(_ map: Map) throws {
        let info = try map.info()
        let descriptorInfo = try DescriptorInfo(map.descriptor)
        id = info.id
        type = info.type.description
        name = info.name
        flags = info.flags.rawValue
        bytesKey = info.keySize
        bytesValue = info.valueSize
        maxEntries = info.maxEntries
        bytesMemlock = descriptorInfo.memlock
        frozen = descriptorInfo.isFrozen ? 1 : 0
        btfID = info.btfID > 0 ? info.btfID : nil
        btfKeyTypeID = info.btfKeyTypeID > 0 ? info.btfKeyTypeID : nil
        btfValueTypeID = info.btfValueTypeID > 0 ? info.btfValueTypeID : nil
        mapExtra = info.mapExtra > 0 ? info.mapExtra : nil
    }

    /// bpftool's text layout: a header line, then indented detail lines.
    var text: String {
        var header = "\(id): \(type)  "
        if !name.isEmpty { header += "name \(name)  " }
        header += "flags 0x\(String(flags, radix: 16))"
        var lines = [header]
        var shape = "\tkey \(bytesKey)B  value \(bytesValue)B  max_entries \(maxEntries)"
        if let bytesMemlock { shape += "  memlock \(bytesMemlock)B" }
        if let mapExtra { shape += "  map_extra 0x\(String(mapExtra, radix: 16))" }
        lines.append(shape)
        if let btfID {
            var types = "\tbtf_id \(btfID)"
            if let btfKeyTypeID { types += "  key_type_id \(btfKeyTypeID)" }
            if let btfValueTypeID { types += "  value_type_id \(btfValueTypeID)" }
            lines.append(types)
        }
        if frozen != 0 { lines.append("\tfrozen") }
        return lines.joined(separator: "\n")
    }
}
