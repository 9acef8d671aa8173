/// The options a kernel was built with: the `CONFIG_*` lines of its `.config`
/// (as found in `/proc/config.gz` or `/boot/config-<release>`).
///
/// Parsing follows the format Kconfig writes:
/// - `CONFIG_FOO=y`, `=m`, `=n`: a ``Tristate``;
/// - `CONFIG_FOO=123`, `=-5`, `=0x1000`: an integer, read as C's `strtoull`
///   with base 0 does (so a leading `0` means octal and a negative number
///   wraps to its two's complement), which is how libbpf reads it;
/// - `CONFIG_FOO="text"`: a string, with Kconfig's `\"` and `\\` escapes undone;
/// - `# CONFIG_FOO is not set`: recorded as ``Value/notSet``.
///
/// Other lines are ignored. When a name appears twice the first line wins,
/// as in libbpf.
public struct KernelConfig: Hashable, Sendable {
    /// A Kconfig tristate. The raw values are those of libbpf's `enum libbpf_tristate`.
    public enum Tristate: UInt8, Hashable, Sendable, CaseIterable {
        /// `n` (`TRI_NO`).
        case no = 0
        /// `y` (`TRI_YES`).
        case yes = 1
        /// `m` (`TRI_MODULE`).
        case module = 2

        /// The letter Kconfig writes for the value.
        public var letter: Character {
            Character(Unicode.Scalar(asciiLetter))
        }

        var asciiLetter: UInt8 {
            switch self {
            case .no: UInt8(ascii: "n")
            case .yes: UInt8(ascii: "y")
            case .module: UInt8(ascii: "m")
            }
        }
    }

    /// The value of one option.
    public enum Value: Hashable, Sendable {
        /// `y`, `m` or `n`.
        case tristate(Tristate)
        /// A number, as the 64 bits `strtoull` would produce.
        case integer(UInt64)
        /// A quoted string, unescaped, without its quotes.
        case string([UInt8])
        /// The option appears as `# CONFIG_FOO is not set`.
        case notSet
    }

    /// Every option found, by full name (`CONFIG_BPF`).
    public private(set) var values: [String: Value]

    /// An empty configuration.
    public init() {
        values = [:]
    }

    /// Parses the text of a `.config` file.
    public init(parsing text: [UInt8]) throws(KernelConfigError) {
        values = try KernelConfigParser.parse(text)
    }

    /// The value of option `name` (with its `CONFIG_` prefix), or nil if absent.
    public subscript(name: String) -> Value? {
        values[name]
    }

    /// This configuration with `preferred`'s options taking precedence, as
    /// libbpf applies a caller's extra Kconfig text before the system's.
    ///
    /// A `not set` line in `preferred` does not hide a value here: libbpf
    /// skips such lines, so they never override anything.
    public func overridden(by preferred: KernelConfig) -> KernelConfig {
        var merged = self
        for (name, value) in preferred.values where value != .notSet {
            merged.values[name] = value
        }
        return merged
    }
}
