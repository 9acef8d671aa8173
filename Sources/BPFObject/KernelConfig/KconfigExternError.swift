/// Why a `.kconfig` extern could not be given a value.
public struct KconfigExternError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong.
    public enum Reason: Hashable, Sendable {
        /// A strong `CONFIG_` extern the configuration does not mention.
        case notFound
        /// A strong `CONFIG_` extern the configuration lists as `is not set`.
        case notSet
        /// A strong `LINUX_` extern libbpf does not provide, or a name with
        /// neither prefix (never resolvable, even weak).
        case unrecognizedName
        /// `LINUX_KERNEL_VERSION` was asked for, but the running kernel's
        /// release string gave no version.
        case kernelVersionUnknown
        /// The value's kind does not suit the extern's type.
        case typeMismatch(KernelConfig.Value)
        /// The number does not fit the extern's size and signedness.
        case outOfRange(UInt64)
        /// The storage type itself is invalid (an integer size other than
        /// 1, 2, 4, 8, or an empty character array).
        case invalidType
    }

    /// The extern's name.
    public var name: String
    /// The extern's storage type.
    public var type: KconfigExtern.StorageType
    /// What went wrong.
    public var reason: Reason

    /// Creates an error for `extern`.
    public init(_ extern: KconfigExtern, _ reason: Reason) {
        name = extern.name
        type = extern.type
        self.reason = reason
    }

    /// A one-line explanation, e.g. `CONFIG_X=y cannot be stored in a 1-byte unsigned int`.
    public var description: String {
        switch reason {
        case .notFound:
            "extern \(name) is not in the kernel config (declare it __weak to default to zero)"
        case .notSet:
            "extern \(name) is not set in the kernel config (declare it __weak to default to zero)"
        case .unrecognizedName:
            "extern \(name) is not a CONFIG_ option nor a LINUX_ value the loader provides"
        case .kernelVersionUnknown:
            "extern \(name): the running kernel's release gives no major.minor.patch version"
        case .typeMismatch(let value):
            "\(name)=\(Self.text(of: value)) cannot be stored in a \(type.description)"
        case .outOfRange(let number):
            "\(name)=\(number) (0x\(String(number, radix: 16))) does not fit in a \(type.description)"
        case .invalidType:
            "extern \(name) has an unsupported type \(type.description)"
        }
    }

    private static func text(of value: KernelConfig.Value) -> String {
        switch value {
        case .tristate(let tristate): String(tristate.letter)
        case .integer(let number): String(number)
        case .string(let bytes): "\"\(String(decoding: bytes, as: UTF8.self))\""
        case .notSet: "(not set)"
        }
    }
}
