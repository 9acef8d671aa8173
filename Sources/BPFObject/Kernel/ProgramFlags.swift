/// Flags given when a program is loaded (`prog_flags`).
public struct ProgramFlags: OptionSet, Hashable, Sendable {
    /// The flag bits.
    public var rawValue: UInt32
    /// Creates flags from their bits; unknown bits are kept.
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// `BPF_F_STRICT_ALIGNMENT`: verify alignment as strict architectures need.
    public static let strictAlignment = ProgramFlags(rawValue: 1 << 0)
    /// `BPF_F_ANY_ALIGNMENT`: skip alignment checks (testing only).
    public static let anyAlignment = ProgramFlags(rawValue: 1 << 1)
    /// `BPF_F_TEST_RND_HI32`: randomise upper halves of 32-bit results (testing only).
    public static let testRandomHigh32 = ProgramFlags(rawValue: 1 << 2)
    /// `BPF_F_TEST_STATE_FREQ`: checkpoint verifier state often (testing only).
    public static let testStateFrequency = ProgramFlags(rawValue: 1 << 3)
    /// `BPF_F_SLEEPABLE`: the program may sleep.
    public static let sleepable = ProgramFlags(rawValue: 1 << 4)
    /// `BPF_F_XDP_HAS_FRAGS`: the XDP program handles multi-buffer frames.
    public static let xdpHasFragments = ProgramFlags(rawValue: 1 << 5)
    /// `BPF_F_XDP_DEV_BOUND_ONLY`: the XDP program is bound to one device.
    public static let xdpDeviceBoundOnly = ProgramFlags(rawValue: 1 << 6)
    /// `BPF_F_TEST_REG_INVARIANTS`: check register invariants (testing only).
    public static let testRegisterInvariants = ProgramFlags(rawValue: 1 << 7)
    /// `BPF_F_TOKEN_FD`: a BPF token fd is given.
    public static let tokenFD = ProgramFlags(rawValue: 1 << 16)
}
