/// How much the verifier or BTF checker writes to its log (`log_level`).
public struct VerifierLogLevel: OptionSet, Hashable, Sendable {
    /// The level bits.
    public var rawValue: UInt32
    /// Creates a level from its bits.
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// Level 1: the path to each error and a summary.
    public static let basic = VerifierLogLevel(rawValue: 1)
    /// Level 2: every instruction of every path.
    public static let verbose = VerifierLogLevel(rawValue: 2)
    /// Level 4: statistics only.
    public static let statistics = VerifierLogLevel(rawValue: 4)
}
