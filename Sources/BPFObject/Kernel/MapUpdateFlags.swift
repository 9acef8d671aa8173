/// How a map update treats an existing entry (`BPF_ANY`, `BPF_NOEXIST`,
/// `BPF_EXIST`) plus `BPF_F_LOCK`.
public struct MapUpdateFlags: OptionSet, Hashable, Sendable {
    /// The flag bits.
    public var rawValue: UInt64
    /// Creates flags from their bits; unknown bits are kept.
    public init(rawValue: UInt64) { self.rawValue = rawValue }

    /// `BPF_ANY`: create the entry or replace it.
    public static let any: MapUpdateFlags = []
    /// `BPF_NOEXIST`: create only; an existing key fails with EEXIST.
    public static let noExist = MapUpdateFlags(rawValue: 1)
    /// `BPF_EXIST`: replace only; a missing key fails with ENOENT.
    public static let exist = MapUpdateFlags(rawValue: 2)
    /// `BPF_F_LOCK`: take the value's `bpf_spin_lock` while copying.
    public static let lock = MapUpdateFlags(rawValue: 4)
}
