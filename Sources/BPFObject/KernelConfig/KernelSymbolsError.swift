/// Why the kernel symbol table could not be read, or a symbol not resolved.
public enum KernelSymbolsError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A line that is not `<hex address> <type> <name>[ [module]]`.
    case malformedLine(line: Int, text: String)
    /// The file could not be opened or read.
    case unreadable(path: String, errno: Int32)
    /// The file holds more than the reader accepts.
    case tooLarge(path: String, limit: Int)
    /// The name appears at two different addresses (libbpf refuses to guess).
    case ambiguous(name: String, first: UInt64, second: UInt64)
    /// A strong extern names a symbol the table does not have.
    case notFound(name: String)
    /// Every address reads as zero: the kernel hides them from this process
    /// (`kernel.kptr_restrict`, or not running as root).
    case addressesHidden(name: String)

    /// A one-line explanation.
    public var description: String {
        switch self {
        case .malformedLine(let line, let text):
            "kallsyms line \(line) is malformed: '\(text)'"
        case .unreadable(let path, let errno):
            "cannot read \(path): errno \(errno)"
        case .tooLarge(let path, let limit):
            "\(path) is larger than \(limit) bytes"
        case .ambiguous(let name, let first, let second):
            "kernel symbol \(name) is ambiguous: 0x\(String(first, radix: 16)) or 0x\(String(second, radix: 16))"
        case .notFound(let name):
            "kernel symbol \(name) not found in kallsyms (declare the extern __weak to default to zero)"
        case .addressesHidden(let name):
            "kernel symbol \(name): kallsyms shows every address as zero (kptr_restrict or no privilege)"
        }
    }
}
