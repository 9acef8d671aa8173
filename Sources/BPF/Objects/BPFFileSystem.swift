import Glibc

/// The bpf filesystem (bpffs), the only place objects can be pinned.
enum BPFFileSystem {
    /// Whether `directory` is on a bpffs; nil if that cannot be found out
    /// (the directory is missing, or /proc/self/mounts is unreadable).
    ///
    /// Glibc's module has no statfs(2), so this looks the directory's mount
    /// up in /proc/self/mounts: the longest mount point that contains it,
    /// the later of equal ones (a later mount hides an earlier one).
    static func contains(_ directory: String) -> Bool? {
        guard let resolved = realpath(directory, nil) else { return nil }
        let path = String(cString: resolved)
        free(resolved)
        guard let mounts = fopen("/proc/self/mounts", "re") else { return nil }
        defer { fclose(mounts) }
        var best: (length: Int, type: String)?
        var line: UnsafeMutablePointer<CChar>?
        var capacity = 0
        defer { free(line) }
        while getline(&line, &capacity, mounts) > 0, let line {
            let fields = String(cString: line).split(separator: " ")
            guard fields.count > 2 else { continue }
            let mountPoint = unescape(fields[1])
            guard encloses(mountPoint, path), mountPoint.utf8.count >= best?.length ?? 0 else { continue }
            best = (mountPoint.utf8.count, String(fields[2]))
        }
        return best.map { $0.type == "bpf" }
    }

    /// Whether `path` is `mountPoint` or below it.
    private static func encloses(_ mountPoint: String, _ path: String) -> Bool {
        mountPoint == "/" || path == mountPoint || path.hasPrefix(mountPoint + "/")
    }

    /// Undoes the octal escapes (`\040` for a space) of /proc/self/mounts.
    private static func unescape(_ field: Substring) -> String {
        var bytes: [UInt8] = []
        var utf8 = Array(field.utf8)[...]
        while let byte = utf8.popFirst() {
            if byte == UInt8(ascii: "\\"), utf8.count >= 3,
               let value = UInt8(String(decoding: utf8.prefix(3), as: UTF8.self), radix: 8) {
                bytes.append(value)
                utf8 = utf8.dropFirst(3)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The directory a pin path would be created in.
    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// Why an OBJ_PIN or OBJ_GET at `path` failed, when the reason is that its
    /// directory is not on a bpffs; nil otherwise.
    static func explainFailure(at path: String) -> String? {
        let directory = directory(of: path)
        guard contains(directory) == false else { return nil }
        return "\(directory) is not on a bpf filesystem: pin under /sys/fs/bpf, "
            + "or mount one with `mount -t bpf bpf \(directory)`"
    }
}
