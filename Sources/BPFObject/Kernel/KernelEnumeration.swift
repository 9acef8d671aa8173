/// A kernel enumeration kept as its raw number, so values from a newer kernel
/// survive a round trip, and printed with the name bpftool uses.
public protocol KernelEnumeration: RawRepresentable, Hashable, Sendable, CustomStringConvertible
where RawValue == UInt32 {
    /// The bpftool names of the values, indexed by raw value.
    static var names: [String] { get }
    /// What to call a value this library has no name for, before its number.
    static var unknownPrefix: String { get }
    /// Creates a value from its raw kernel number.
    init(rawValue: UInt32)
}

extension KernelEnumeration {
    /// The bpftool name, such as `sockmap`, or the prefix and number for an
    /// unknown value.
    public var description: String {
        if let index = Int(exactly: rawValue), index < Self.names.count {
            return Self.names[index]
        }
        return "\(Self.unknownPrefix) \(rawValue)"
    }

    /// The value whose bpftool name is `name`, if there is one.
    public init?(name: String) {
        guard let index = Self.names.firstIndex(of: name), let raw = UInt32(exactly: index) else { return nil }
        self.init(rawValue: raw)
    }

    /// Every value this library has a name for, in kernel order.
    public static var allKnown: [Self] {
        Self.names.indices.compactMap { UInt32(exactly: $0).map(Self.init(rawValue:)) }
    }
}
