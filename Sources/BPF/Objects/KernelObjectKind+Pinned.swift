import Glibc

extension KernelObjectKind {
    /// The kind of the object pinned at `path` in a bpffs mount, so that a
    /// caller given only a path opens it as what it is.
    ///
    /// The kernel names each object's anonymous inode after its kind
    /// (`bpf-map`, `bpf-prog`, `bpf_link`, `btf`); the descriptor's
    /// `/proc/self/fd` link shows that name.
    public static func ofObject(pinnedAt path: String) throws(BPFError) -> KernelObjectKind {
        let descriptor = try ObjectPath.open(path)
        defer { descriptor.close() }
        let target = try descriptor.withRawValue { fd throws(BPFError) in
            var buffer = [CChar](repeating: 0, count: 64)
            let count = readlink("/proc/self/fd/\(fd)", &buffer, buffer.count - 1)
            guard count >= 0 else {
                throw BPFError(.system("readlink /proc/self/fd"), errno: .current, context: "find the kind of \(path)")
            }
            return String(decoding: buffer.prefix(count).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
        switch target {
        case "anon_inode:bpf-map": return .map
        case "anon_inode:bpf-prog": return .program
        case "anon_inode:bpf_link": return .link
        case "anon_inode:btf": return .btf
        default:
            throw BPFError(.system("readlink /proc/self/fd"), errno: .invalidArgument,
                           context: "\(path) holds '\(target)', not a BPF map, program, link or BTF object")
        }
    }
}
