import Glibc

/// The CPUs the kernel could ever bring online, which is how many values a
/// per-CPU map returns: read once from /sys/devices/system/cpu/possible.
enum PossibleCPUs {
    private static let path = "/sys/devices/system/cpu/possible"
    private static let cached: Result<Int, BPFError> = read()

    /// How many CPUs are possible.
    static func count() throws(BPFError) -> Int { try cached.get() }

    /// The bytes one CPU's value takes in a per-CPU buffer: rounded up to 8.
    static func perCPUStride(_ valueSize: Int) -> Int { (valueSize + 7) & ~7 }

    private static func read() -> Result<Int, BPFError> {
        guard let file = fopen(path, "r") else {
            return .failure(BPFError(.system("open \(path)"), errno: .current, context: "count possible CPUs"))
        }
        defer { fclose(file) }
        var buffer = [CChar](repeating: 0, count: 256)
        guard fgets(&buffer, Int32(buffer.count), file) != nil else {
            return .failure(BPFError(.system("read \(path)"), errno: .current, context: "count possible CPUs"))
        }
        let text = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        guard let count = parse(text) else {
            return .failure(BPFError(.system("parse \(path)"), errno: .invalidArgument,
                                     context: "count possible CPUs from '\(text)'"))
        }
        return .success(count)
    }

    /// Parses a CPU list such as `0-3,8-11`: the highest CPU number plus one,
    /// since per-CPU buffers are indexed by CPU number.
    static func parse(_ text: String) -> Int? {
        var highest = -1
        for range in text.split(separator: ",") {
            let bounds = range.split(separator: "-").map { Int(String($0.filter { !$0.isWhitespace })) }
            guard (1...2).contains(bounds.count), !bounds.contains(nil), let last = bounds.last ?? nil, last >= 0 else {
                return nil
            }
            highest = max(highest, last)
        }
        return highest >= 0 ? highest + 1 : nil
    }
}
