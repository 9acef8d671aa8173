import BPFInstructions
/// Gives `.kconfig` externs their bytes by libbpf's rules.
///
/// - `CONFIG_*` externs come from ``config``. A `y`/`m`/`n` value suits a
///   bool (`m` excepted), a tristate or a character; a number suits an
///   integer or a character that holds it without loss; a string suits a
///   character array, truncated to leave room for the NUL.
/// - `LINUX_*` externs are values libbpf provides rather than reads:
///   `LINUX_KERNEL_VERSION` (from ``kernelVersion``), `LINUX_HAS_BPF_COOKIE`
///   and `LINUX_HAS_SYSCALL_WRAPPER` (feature probes the loader runs: whether
///   `bpf_get_attach_cookie` is available, and whether syscalls go through
///   `__<arch>_sys_*` wrappers). They suit an integer, a character or a bool.
///   An unknown `LINUX_*` extern is zero if weak and an error otherwise.
/// - A name with neither prefix is an error even when weak.
/// - A missing weak extern is all zero bytes; a missing strong one is an error.
///
/// One deviation: libbpf copies a string's bytes between the quotes as they
/// are, backslashes included; this resolver stores the unescaped string.
public struct KconfigResolver: Sendable {
    /// The configuration `CONFIG_*` externs are read from.
    public var config: KernelConfig
    /// The value of `LINUX_KERNEL_VERSION`, normally
    /// `KernelVersion.code(release: KernelVersion.runningRelease())`; nil when unknown.
    public var kernelVersion: UInt32?
    /// The value of `LINUX_HAS_BPF_COOKIE`, which the loader probes.
    public var hasBPFCookie: Bool
    /// The value of `LINUX_HAS_SYSCALL_WRAPPER`, which the loader probes.
    public var hasSyscallWrapper: Bool

    /// Creates a resolver from a configuration and the loader's probed values.
    public init(config: KernelConfig, kernelVersion: UInt32?, hasBPFCookie: Bool, hasSyscallWrapper: Bool) {
        self.config = config
        self.kernelVersion = kernelVersion
        self.hasBPFCookie = hasBPFCookie
        self.hasSyscallWrapper = hasSyscallWrapper
    }

    /// The `extern.type.size` bytes to place at the extern's offset in the
    /// `.kconfig` map, integers in `byteOrder`.
    public func bytes(for extern: KconfigExtern, byteOrder: ByteOrder) throws(KconfigExternError) -> [UInt8] {
        switch extern.type {
        case .integer(let size, _) where ![1, 2, 4, 8].contains(size), .characterArray(let size) where size < 1:
            throw KconfigExternError(extern, .invalidType)
        default:
            break
        }
        let zero = [UInt8](repeating: 0, count: extern.type.size)

        if extern.name.hasPrefix("CONFIG_") {
            switch config[extern.name] {
            case nil:
                guard extern.isWeak else { throw KconfigExternError(extern, .notFound) }
                return zero
            case .notSet?:
                guard extern.isWeak else { throw KconfigExternError(extern, .notSet) }
                return zero
            case .tristate(let tristate)?:
                return try Self.store(tristate, in: extern, byteOrder: byteOrder)
            case .string(let string)?:
                guard case .characterArray(let length) = extern.type else {
                    throw KconfigExternError(extern, .typeMismatch(.string(string)))
                }
                return Array(string.prefix(length - 1)) + zero.dropFirst(min(string.count, length - 1))
            case .integer(let number)?:
                if case .bool = extern.type { throw KconfigExternError(extern, .typeMismatch(.integer(number))) }
                return try Self.store(number, in: extern, byteOrder: byteOrder)
            }
        }

        let provided: UInt64
        switch extern.name {
        case "LINUX_KERNEL_VERSION":
            guard let kernelVersion else { throw KconfigExternError(extern, .kernelVersionUnknown) }
            provided = UInt64(kernelVersion)
        case "LINUX_HAS_BPF_COOKIE":
            provided = hasBPFCookie ? 1 : 0
        case "LINUX_HAS_SYSCALL_WRAPPER":
            provided = hasSyscallWrapper ? 1 : 0
        default:
            guard extern.name.hasPrefix("LINUX_") && extern.isWeak else {
                throw KconfigExternError(extern, .unrecognizedName)
            }
            return zero
        }
        if case .bool = extern.type {
            guard provided <= 1 else { throw KconfigExternError(extern, .outOfRange(provided)) }
            return [UInt8(provided)]
        }
        return try Self.store(provided, in: extern, byteOrder: byteOrder)
    }

    private static func store(_ tristate: KernelConfig.Tristate, in extern: KconfigExtern, byteOrder: ByteOrder) throws(KconfigExternError) -> [UInt8] {
        switch extern.type {
        case .bool:
            guard tristate != .module else { throw KconfigExternError(extern, .typeMismatch(.tristate(tristate))) }
            return [tristate == .yes ? 1 : 0]
        case .tristate:
            return encode(UInt64(tristate.rawValue), size: 4, byteOrder: byteOrder)
        case .character:
            return [tristate.asciiLetter]
        case .integer, .characterArray:
            throw KconfigExternError(extern, .typeMismatch(.tristate(tristate)))
        }
    }

    /// Stores a number in an integer or character extern if it fits: for a
    /// signed type of N bits, -2^(N-1) ≤ value < 2^(N-1) reading the 64 bits as
    /// signed; for an unsigned one, no bit above the N-th set.
    private static func store(_ number: UInt64, in extern: KconfigExtern, byteOrder: ByteOrder) throws(KconfigExternError) -> [UInt8] {
        let size: Int
        let isSigned: Bool
        switch extern.type {
        case .character(let signed):
            (size, isSigned) = (1, signed)
        case .integer(let integerSize, let signed):
            (size, isSigned) = (integerSize, signed)
        case .bool, .tristate, .characterArray:
            throw KconfigExternError(extern, .typeMismatch(.integer(number)))
        }
        if size < 8 {
            let bits = UInt64(size * 8)
            let fits = isSigned ? number &+ (1 &<< (bits - 1)) < 1 &<< bits : number >> bits == 0
            guard fits else { throw KconfigExternError(extern, .outOfRange(number)) }
        }
        return encode(number, size: size, byteOrder: byteOrder)
    }

    private static func encode(_ number: UInt64, size: Int, byteOrder: ByteOrder) -> [UInt8] {
        let littleEndian = (0..<size).map { UInt8(truncatingIfNeeded: number >> UInt64($0 * 8)) }
        return byteOrder == .littleEndian ? littleEndian : littleEndian.reversed()
    }
}
