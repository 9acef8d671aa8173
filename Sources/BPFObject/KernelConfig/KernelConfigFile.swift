import Glibc

extension KernelConfig {
    /// Where the running kernel's configuration is looked for, in order:
    /// `/proc/config.gz` (present with `CONFIG_IKCONFIG_PROC`, and always the
    /// running kernel's), then `/boot/config-<release>`.
    ///
    /// libbpf tries the two in the opposite order; they describe the same
    /// kernel when both exist.
    public static func runningKernelPaths(release: String) -> [String] {
        ["/proc/config.gz", "/boot/config-\(release)"]
    }

    /// The largest configuration file accepted, compressed or not: 16 MiB.
    public static let fileSizeLimit = 16 << 20

    /// Reads the running kernel's configuration from the first of
    /// ``runningKernelPaths(release:)`` that exists.
    ///
    /// - Throws: ``KernelConfigError/notFound(paths:)`` naming both paths when
    ///   neither exists, or the error of the file that does.
    public static func runningKernel() throws(KernelConfigError) -> KernelConfig {
        try firstExisting(of: runningKernelPaths(release: KernelVersion.runningRelease()))
    }

    /// Reads the first of `paths` that exists.
    ///
    /// - Throws: ``KernelConfigError/notFound(paths:)`` naming every path when
    ///   none exists, or the error of the first file that does.
    public static func firstExisting(of paths: [String]) throws(KernelConfigError) -> KernelConfig {
        for path in paths {
            do {
                return try KernelConfig(contentsOf: path)
            } catch .unreadable(_, let errno) where errno == ENOENT {
                continue
            }
        }
        throw .notFound(paths: paths)
    }

    /// Reads a configuration file, plain text or gzip-compressed (detected by
    /// its magic bytes, as zlib's `gzopen` does).
    public init(contentsOf path: String) throws(KernelConfigError) {
        let bytes: [UInt8]
        do {
            bytes = try SystemFile.read(path, limit: Self.fileSizeLimit)
        } catch {
            switch error {
            case .errno(let errno): throw .unreadable(path: path, errno: errno)
            case .tooLarge: throw .tooLarge(path: path, limit: Self.fileSizeLimit)
            }
        }
        var text = bytes
        if Gzip.hasMagic(bytes) {
            do {
                text = try Gzip.decompress(bytes, outputLimit: Self.fileSizeLimit)
            } catch {
                throw .corrupt(path: path, error)
            }
        }
        try self.init(parsing: text)
    }
}
