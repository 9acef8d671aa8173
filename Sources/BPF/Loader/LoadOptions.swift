import BPFObject

/// How ``ObjectLoader`` loads an object.
public struct LoadOptions: Sendable {
    /// The bpffs directory maps with `pinning` by name are pinned in (and
    /// reused from); nil leaves such maps unpinned.
    public var pinRoot: String?
    /// The verifier log level for successful loads; failures always get a log.
    public var logLevel: VerifierLogLevel
    /// The programs to load by name; nil loads every autoload program.
    public var programNames: Set<String>?
    /// The BTF CO-RE relocations are resolved against (libbpf's
    /// `btf_custom_path`); nil means the kernel's at ``kernelBTFPath``.
    public var coreTarget: CORETarget?
    /// Where the kernel's BTF is read from, for CO-RE relocations, kfuncs,
    /// typed ksyms and attach targets: `/sys/kernel/btf/vmlinux` by default.
    public var kernelBTFPath: String

    /// Creates options; by default nothing is pinned and every autoload program is loaded.
    public init(pinRoot: String? = nil, logLevel: VerifierLogLevel = [], programNames: Set<String>? = nil,
                coreTarget: CORETarget? = nil, kernelBTFPath: String = "/sys/kernel/btf/vmlinux") {
        self.pinRoot = pinRoot
        self.logLevel = logLevel
        self.programNames = programNames
        self.coreTarget = coreTarget
        self.kernelBTFPath = kernelBTFPath
    }
}
