/// The log the verifier (or the BTF checker) wrote, complete.
public struct VerifierLog: Sendable, Hashable, CustomStringConvertible {
    /// The full text.
    public let text: String

    /// Creates a log from its text.
    public init(text: String) { self.text = text }

    /// Creates a log from the kernel's NUL-terminated buffer.
    init(buffer: [UInt8]) {
        let end = buffer.firstIndex(of: 0) ?? buffer.endIndex
        text = String(decoding: buffer[..<end], as: UTF8.self)
    }

    /// The last `count` non-empty lines, which say why the verifier gave up.
    public func tail(lines count: Int) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: true).suffix(count).joined(separator: "\n")
    }

    /// The full text.
    public var description: String { text }
}
