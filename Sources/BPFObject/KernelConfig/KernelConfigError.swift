/// Why a kernel configuration could not be read or parsed.
public enum KernelConfigError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A `CONFIG_` line that is not `NAME=VALUE` with a valid value.
    case malformedLine(line: Int, text: String, problem: String)
    /// None of the places a configuration is looked for exists.
    case notFound(paths: [String])
    /// The file exists but could not be read.
    case unreadable(path: String, errno: Int32)
    /// The file is larger than the reader accepts.
    case tooLarge(path: String, limit: Int)
    /// The file is gzip-compressed and does not decompress.
    case corrupt(path: String, InflateError)

    /// A one-line explanation.
    public var description: String {
        switch self {
        case .malformedLine(let line, let text, let problem):
            "kernel config line \(line) '\(text)': \(problem)"
        case .notFound(let paths):
            "no kernel config found: neither \(paths.joined(separator: " nor ")) exists"
        case .unreadable(let path, let errno):
            "cannot read kernel config \(path): errno \(errno)"
        case .tooLarge(let path, let limit):
            "kernel config \(path) is larger than \(limit) bytes"
        case .corrupt(let path, let error):
            "kernel config \(path) is corrupt: \(error)"
        }
    }
}
