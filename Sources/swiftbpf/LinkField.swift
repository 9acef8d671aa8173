/// A JSON key chosen at run time, for bpftool's per-type field names.
struct LinkFieldKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ string: String) { stringValue = string }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

/// One value in a link's JSON.
enum LinkField: Encodable {
    case unsigned(UInt64)
    case signed(Int64)
    case text(String)
    case flag(Bool)
    /// A list of objects, such as the functions of a multi-probe link.
    case records([[LinkFieldEntry]])

    func encode(to encoder: any Encoder) throws {
        switch self {
        case .unsigned(let value): try Self.encodeSingle(value, to: encoder)
        case .signed(let value): try Self.encodeSingle(value, to: encoder)
        case .text(let value): try Self.encodeSingle(value, to: encoder)
        case .flag(let value): try Self.encodeSingle(value, to: encoder)
        case .records(let records):
            var list = encoder.unkeyedContainer()
            for record in records {
                var object = list.nestedContainer(keyedBy: LinkFieldKey.self)
                for entry in record { try object.encode(entry.value, forKey: LinkFieldKey(entry.key)) }
            }
        }
    }

    private static func encodeSingle(_ value: some Encodable, to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }
}

/// One key and value of a link's JSON object.
struct LinkFieldEntry {
    var key: String
    var value: LinkField

    init(_ key: String, _ value: LinkField) {
        self.key = key
        self.value = value
    }
}
