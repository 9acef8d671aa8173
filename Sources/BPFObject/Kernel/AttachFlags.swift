/// Flags for PROG_ATTACH, PROG_DETACH and PROG_QUERY (`BPF_F_ALLOW_OVERRIDE` …).
public struct AttachFlags: OptionSet, Hashable, Sendable {
    /// The flag bits.
    public var rawValue: UInt32
    /// Creates flags from their bits; unknown bits are kept.
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// `BPF_F_ALLOW_OVERRIDE`: a program in a child cgroup may override this one.
    public static let allowOverride = AttachFlags(rawValue: 1 << 0)
    /// `BPF_F_ALLOW_MULTI`: several programs may be attached and all run.
    public static let allowMulti = AttachFlags(rawValue: 1 << 1)
    /// `BPF_F_REPLACE`: replace the program given as `replace_bpf_fd`.
    public static let replace = AttachFlags(rawValue: 1 << 2)
    /// `BPF_F_BEFORE`: insert before the relative program or link.
    public static let before = AttachFlags(rawValue: 1 << 3)
    /// `BPF_F_AFTER`: insert after the relative program or link.
    public static let after = AttachFlags(rawValue: 1 << 4)
    /// `BPF_F_ID`: the relative object is given by id, not fd.
    public static let id = AttachFlags(rawValue: 1 << 5)
    /// `BPF_F_LINK`: the relative object is a link.
    public static let link = AttachFlags(rawValue: 1 << 13)
}
