import BPF

/// One map entry as bytes, printed the way `bpftool map dump` prints maps
/// without BTF: hex bytes, and for per-CPU maps one value per possible CPU.
struct MapEntry: Encodable {
    /// The key.
    var key: HexBytes
    /// The value, for maps with one value per key.
    var value: HexBytes?
    /// The values, one per possible CPU, for per-CPU maps.
    var values: [HexBytes]?
    /// Why the value could not be read, when it could not.
    var error: String?

    private enum CodingKeys: String, CodingKey {
        case key, value, values, error
    }

    private struct CPUValue: Encodable {
        var cpu: Int
        var value: [String]
    }

    /// An entry read from `map`: `buffer` is what a lookup filled
    /// (``Map/valueBufferSize`` bytes).
    init(map: Map, key: [UInt8], buffer: [UInt8]) {
        self.key = HexBytes(key)
        if map.type.isPerCPU {
            let step = MapEntry.perCPUStride(map.valueSize)
            values = step == 0 ? [] : stride(from: 0, to: buffer.count, by: step).map {
                HexBytes(buffer[$0..<Swift.min($0 + map.valueSize, buffer.count)])
            }
        } else {
            value = HexBytes(buffer)
        }
    }

    /// An entry whose value could not be read.
    init(key: [UInt8], error: String) {
        self.key = HexBytes(key)
        self.error = error
    }

    /// The bytes one CPU's value takes in a per-CPU buffer: rounded up to 8.
    static func perCPUStride(_ valueSize: Int) -> Int { (valueSize + 7) & ~7 }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(key.jsonStrings, forKey: .key)
        if let value { try container.encode(value.jsonStrings, forKey: .value) }
        if let values {
            try container.encode(values.enumerated().map { CPUValue(cpu: $0.offset, value: $0.element.jsonStrings) },
                                 forKey: .values)
        }
        try container.encodeIfPresent(error, forKey: .error)
    }

    /// bpftool's plain layout (`print_entry_plain`): key and value on one line
    /// when both are short, on separate lines otherwise, 16 bytes a line.
    var text: String {
        let keyText = Self.hexLines(key.bytes)
        if let values {
            var lines = key.bytes.isEmpty ? [] : ["key:", keyText]
            for (cpu, value) in values.enumerated() {
                let number = cpu < 10 ? "0\(cpu)" : "\(cpu)"
                lines.append("value (CPU \(number)):\(value.bytes.count > 16 ? "\n" : " ")\(Self.hexLines(value.bytes))")
            }
            return lines.joined(separator: "\n")
        }
        let valueCount = value?.bytes.count ?? 0
        let breakNames = key.bytes.count > 16 || valueCount > 16
        let singleLine = key.bytes.count + valueCount <= 24 && !breakNames
        var text = ""
        if !key.bytes.isEmpty {
            text += "key:" + (breakNames ? "\n" : " ") + keyText + (singleLine ? "  " : "\n")
        }
        if let value, !value.bytes.isEmpty {
            text += "value:" + (breakNames ? "\n" : " ") + Self.hexLines(value.bytes)
        }
        if let error { text += "error: \(error)" }
        return text
    }

    /// bpftool's `fprint_hex`: bytes separated by a space, two spaces after
    /// every eighth, a new line after every sixteenth.
    static func hexLines(_ bytes: [UInt8]) -> String {
        var text = ""
        for (index, byte) in bytes.enumerated() {
            if index > 0 {
                text += index % 16 == 0 ? "\n" : index % 8 == 0 ? "  " : " "
            }
            text += HexBytes.twoDigits(byte)
        }
        return text
    }
}
