/// A variable declared `extern … __kconfig` in BPF C (section `.kconfig`):
/// the loader fills it with a kernel configuration value or a value libbpf
/// computes itself.
public struct KconfigExtern: Hashable, Sendable {
    /// How the extern's C type lets it be stored, following libbpf's classification.
    public enum StorageType: Hashable, Sendable, CustomStringConvertible {
        /// `bool` (BTF integer with the bool encoding, 1 byte): takes `y`/`n`.
        case bool
        /// `enum libbpf_tristate` (4 bytes): takes `y`, `m`, `n` as 1, 2, 0.
        case tristate
        /// A 1-byte integer: takes `y`/`m`/`n` as that letter, or a number that fits.
        case character(signed: Bool)
        /// An integer of 1, 2, 4 or 8 bytes: takes a number that fits.
        case integer(size: Int, signed: Bool)
        /// A `char` array: takes a string, truncated to leave room for its NUL.
        case characterArray(length: Int)

        /// The storage type libbpf gives a BTF integer of `size` bytes, or nil
        /// for one it cannot store (bools wider than a byte, sizes that are not
        /// a power of two up to 8).
        ///
        /// libbpf treats every 1-byte integer other than `bool` (`char`,
        /// `__u8`, `__s8`) as a character.
        public static func integer(size: Int, isSigned: Bool, isBool: Bool) -> StorageType? {
            if isBool { return size == 1 ? .bool : nil }
            if size == 1 { return .character(signed: isSigned) }
            guard [2, 4, 8].contains(size) else { return nil }
            return .integer(size: size, signed: isSigned)
        }

        /// The number of bytes the extern occupies in the `.kconfig` map.
        public var size: Int {
            switch self {
            case .bool, .character: 1
            case .tristate: 4
            case .integer(let size, _): size
            case .characterArray(let length): length
            }
        }

        /// How an error message names the type.
        public var description: String {
            switch self {
            case .bool: "bool"
            case .tristate: "tristate"
            case .character(let signed): signed ? "signed char" : "char"
            case .integer(let size, let signed): "\(size)-byte \(signed ? "signed" : "unsigned") int"
            case .characterArray(let length): "char[\(length)]"
            }
        }
    }

    /// The variable's name: `CONFIG_*` for configuration options, `LINUX_*`
    /// for the values libbpf provides itself.
    public var name: String
    /// How the value is stored.
    public var type: StorageType
    /// Whether the declaration is `__weak`: then a missing value reads as zero
    /// instead of failing the load.
    public var isWeak: Bool

    /// Creates an extern description.
    public init(name: String, type: StorageType, isWeak: Bool) {
        self.name = name
        self.type = type
        self.isWeak = isWeak
    }
}
