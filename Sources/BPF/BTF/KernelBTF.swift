/// BTF loaded into the kernel (BPF_BTF_LOAD), which maps and programs refer
/// to for their types.
public final class KernelBTF: KernelObject {
    /// The descriptor.
    public let descriptor: OwnedDescriptor
    /// The checker's log, when a log level was asked for.
    public let log: VerifierLog?

    /// Loads marshalled BTF (header, types, strings).
    ///
    /// On failure the error carries the kernel's log: if no log level was
    /// given, the load is repeated with one to get it.
    public init(bytes: [UInt8], logLevel: VerifierLogLevel = []) throws(BPFError) {
        var log = KernelLogBuffer(level: logLevel)
        while true {
            var attributes = BTFLoadAttributes()
            let result = bytes.withUnsafeBytes { btf in
                log.withBuffer { level, buffer in
                    attributes.btf = UInt64(UInt(bitPattern: btf.baseAddress))
                    attributes.btfSize = UInt32(truncatingIfNeeded: btf.count)
                    attributes.btfLogLevel = level
                    attributes.btfLogBuffer = UInt64(UInt(bitPattern: buffer.baseAddress))
                    attributes.btfLogSize = UInt32(truncatingIfNeeded: buffer.count)
                    return SystemCall.bpf(.btfLoad, &attributes)
                }
            }
            if result >= 0 {
                descriptor = try OwnedDescriptor(adopting: Int32(truncatingIfNeeded: result))
                self.log = log.text
                return
            }
            let errno = Errno(rawValue: Int32(truncatingIfNeeded: -result))
            if log.shouldRetry(after: errno, trueSize: attributes.btfLogTrueSize) { continue }
            throw BPFError(.command(.btfLoad), errno: errno, context: "load BTF (\(bytes.count) bytes)", log: log.text)
        }
    }

    init(adopting descriptor: OwnedDescriptor) {
        self.descriptor = descriptor
        log = nil
    }

    /// Opens the BTF object with the machine-wide `id`.
    public static func open(id: UInt32) throws(BPFError) -> KernelBTF {
        try KernelBTF(adopting: KernelObjectKind.btf.open(id: id))
    }

    /// What the kernel reports about the object.
    public func info() throws(BPFError) -> BTFInfo { try BTFInfo(descriptor) }

    /// `BTF object`, for error messages.
    public var displayName: String { "BTF object" }
}
