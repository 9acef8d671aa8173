import BPF
import Glibc

/// What `/proc/self/fdinfo/N` says about a BPF object's descriptor: the
/// memory charged for it and, for maps, whether it is frozen. bpf(2) reports
/// neither, which is why bpftool reads this file too.
struct DescriptorInfo {
    /// Each `key:\tvalue` line.
    private var fields: [String: String] = [:]

    /// Reads the fdinfo of `descriptor`.
    init(_ descriptor: OwnedDescriptor) throws {
        let path = try descriptor.withRawValue { fd in "/proc/self/fdinfo/\(fd)" }
        let text = try ProcFile.read(path)
        for line in text.split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let value = line[line.index(after: colon)...].drop { $0 == " " || $0 == "\t" }
            fields[String(line[..<colon])] = String(value)
        }
    }

    /// The bytes charged to the memory cgroup (`memlock`).
    var memlock: UInt64? { fields["memlock"].flatMap { UInt64($0) } }

    /// Whether the map is frozen (`frozen`).
    var isFrozen: Bool { fields["frozen"] == "1" }
}

/// Whole-file reads of files under /proc, which report a size of 0.
enum ProcFile {
    /// The file's bytes, read to end of file.
    static func readBytes(_ path: String) throws -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw CommandFailure("cannot open \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var contents: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw CommandFailure("cannot read \(path): \(String(cString: strerror(errno)))")
            }
            if count == 0 { return contents }
            contents.append(contentsOf: chunk[0..<count])
        }
    }

    /// The file's text.
    static func read(_ path: String) throws -> String {
        String(decoding: try readBytes(path), as: UTF8.self)
    }
}
