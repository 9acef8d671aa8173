/// The buffer a load hands the kernel for its log, grown until the whole log
/// fits: the kernel reports ENOSPC when it does not, and since 6.4 also the
/// size that would have been enough (`log_true_size`).
struct KernelLogBuffer {
    /// The first buffer size.
    static let initialSize = 64 * 1024
    /// The kernel refuses log sizes from `UINT_MAX >> 2` up.
    static let maximumSize = Int(UInt32.max >> 2) - 1

    private(set) var level: VerifierLogLevel
    private var buffer: [UInt8]

    /// A buffer for `level`; none when the level is empty.
    init(level: VerifierLogLevel) {
        self.level = level
        buffer = level.isEmpty ? [] : [UInt8](repeating: 0, count: Self.initialSize)
    }

    /// Runs `body` with the raw level and the buffer (empty when no log was asked for).
    mutating func withBuffer<Result>(_ body: (UInt32, UnsafeMutableRawBufferPointer) -> Result) -> Result {
        let level = level.rawValue
        // An empty array still has a base address; the kernel refuses a log
        // pointer with a zero size (EINVAL), so no log means a null pointer.
        guard !buffer.isEmpty else { return body(level, UnsafeMutableRawBufferPointer(start: nil, count: 0)) }
        return buffer.withUnsafeMutableBytes { body(level, $0) }
    }

    /// The log, if one was asked for.
    var text: VerifierLog? { level.isEmpty ? nil : VerifierLog(buffer: buffer) }

    /// Whether a load that failed with `errno` should be repeated to get more
    /// log: with a larger buffer after ENOSPC, or with a log at all when none
    /// was asked for and the errno is one the verifier rejects with (EACCES,
    /// EINVAL). Prepares the buffer if so.
    mutating func shouldRetry(after errno: Errno, trueSize: UInt32) -> Bool {
        if level.isEmpty {
            guard errno == .accessDenied || errno == .invalidArgument else { return false }
            self = KernelLogBuffer(level: .basic)
            return true
        }
        guard errno == .noSpace, buffer.count < Self.maximumSize else { return false }
        let wanted = Int(trueSize) > buffer.count ? Int(trueSize) : buffer.count * 2
        buffer = [UInt8](repeating: 0, count: min(wanted, Self.maximumSize))
        return true
    }
}
