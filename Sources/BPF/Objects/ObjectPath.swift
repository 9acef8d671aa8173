/// BPF_OBJ_PIN and BPF_OBJ_GET: objects under paths in a bpffs mount.
enum ObjectPath {
    /// Pins the object behind `fd` at `path`.
    static func pin(_ fd: Int32, at path: String, context: @autoclosure () -> String) throws(BPFError) {
        let result = path.withCString { cPath in
            var attributes = ObjectPinAttributes()
            attributes.pathname = UInt64(UInt(bitPattern: cPath))
            attributes.bpfFD = UInt32(bitPattern: fd)
            return SystemCall.bpf(.objectPin, &attributes)
        }
        if result < 0 {
            let errno = Errno(rawValue: Int32(truncatingIfNeeded: -result))
            // The kernel answers EPERM for a directory outside bpffs, which
            // reads like a missing privilege; say what is really wrong.
            let reason = errno == .notPermitted ? BPFFileSystem.explainFailure(at: path) : nil
            throw BPFError(.command(.objectPin), errno: errno, context: reason.map { "\(context()): \($0)" } ?? context())
        }
    }

    /// Opens the object pinned at `path`.
    static func open(_ path: String, readOnly: Bool = false) throws(BPFError) -> OwnedDescriptor {
        let result = path.withCString { cPath in
            var attributes = ObjectPinAttributes()
            attributes.pathname = UInt64(UInt(bitPattern: cPath))
            attributes.fileFlags = readOnly ? UInt32(BPFFileFlags.readOnly) : 0
            return SystemCall.bpf(.objectGet, &attributes)
        }
        if result < 0 {
            let errno = Errno(rawValue: Int32(truncatingIfNeeded: -result))
            // EACCES for a file outside bpffs: say so rather than leave it
            // looking like a permission problem.
            let reason = errno == .accessDenied ? BPFFileSystem.explainFailure(at: path) : nil
            throw BPFError(.command(.objectGet), errno: errno,
                           context: "open the object pinned at \(path)" + (reason.map { ": \($0)" } ?? ""))
        }
        return try OwnedDescriptor(adopting: Int32(truncatingIfNeeded: result))
    }
}

/// `BPF_F_RDONLY` as a file flag of OBJ_GET and GET_FD_BY_ID.
enum BPFFileFlags {
    static let readOnly = 1 << 3
}
