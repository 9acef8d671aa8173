extension KconfigExtern.StorageType {
    /// The storage type libbpf gives a `.kconfig` variable of BTF type `id`,
    /// after skipping modifiers and typedefs; nil for a type libbpf cannot
    /// fill (it refuses such an object: "type is unsupported").
    ///
    /// - integers: a 1-byte `bool`; other 1-byte integers are characters;
    ///   2-, 4- and 8-byte integers keep their signedness;
    /// - `enum libbpf_tristate` of 4 bytes (ENUM or ENUM64);
    /// - a non-empty array whose elements are characters.
    public init?(btf: BTF, type id: BTFTypeID) throws(BTFError) {
        let resolved = try btf.resolve(id)
        guard resolved != 0 else { return nil }
        let type = try btf.type(resolved)
        switch type.definition {
        case .int(let integer):
            guard let storage = Self.integer(size: Int(integer.size), isSigned: integer.encoding.contains(.signed),
                                             isBool: integer.encoding.contains(.bool)) else { return nil }
            self = storage
        case .enumeration(let enumeration), .enumeration64(let enumeration):
            // libbpf stores a 4-byte value whatever an ENUM64's size; only the
            // 4-byte form has one meaning in both byte orders.
            guard enumeration.size == 4 && type.name == "libbpf_tristate" else { return nil }
            self = .tristate
        case .array(let array):
            guard array.count > 0, let length = Int(exactly: array.count) else { return nil }
            let element = try btf.resolve(array.element)
            guard element != 0, case .int(let integer) = try btf.type(element).definition,
                  case .character? = Self.integer(size: Int(integer.size), isSigned: false,
                                                  isBool: integer.encoding.contains(.bool)) else { return nil }
            self = .characterArray(length: length)
        default:
            return nil
        }
    }
}
