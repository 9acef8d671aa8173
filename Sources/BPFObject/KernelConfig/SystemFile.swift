import Glibc

/// Whole-file reads: object files, kernel BTF, and the kernel's text files
/// (`/proc/config.gz`, `/proc/kallsyms`, `/boot/config-*`).
///
/// A regular file is read straight into a buffer of its size, with no
/// intermediate chunk to copy from. Files under /proc report a size of 0, so for them
/// the reader reads until end of file, growing its buffer as data arrives,
/// up to a limit.
package enum SystemFile {
    /// Why a read failed.
    package enum Failure: Error {
        /// `open` or `read` failed with this errno (ENOENT when the file is absent).
        case errno(Int32)
        /// The file holds more than the limit.
        case tooLarge
    }

    package static func read(_ path: String, limit: Int) throws(Failure) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw .errno(Glibc.errno) }
        defer { close(descriptor) }

        var status = stat()
        var contents: [UInt8] = []
        if fstat(descriptor, &status) == 0, let size = Int(exactly: status.st_size), size > 0 {
            guard size <= limit else { throw .tooLarge }
            // One byte more than the size, so a file that grew since fstat
            // shows up as a short final read instead of being cut silently.
            contents = try readAvailable(descriptor, upTo: size + 1)
            if contents.count <= size { return contents }
        }
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if Glibc.errno == EINTR { continue }
                throw .errno(Glibc.errno)
            }
            if count == 0 { return contents }
            guard contents.count + count <= limit else { throw .tooLarge }
            contents.append(contentsOf: chunk[0..<count])
        }
    }

    /// Reads until `capacity` bytes arrived or the file ended.
    private static func readAvailable(_ descriptor: Int32, upTo capacity: Int) throws(Failure) -> [UInt8] {
        // Zero-filled rather than `init(unsafeUninitializedCapacity:)`, whose
        // unspecialized path looks up generic metadata at a cost above the memset's.
        var contents = [UInt8](repeating: 0, count: capacity)
        var filled = 0
        var failure: Int32 = 0
        contents.withUnsafeMutableBytes { buffer in
            while filled < capacity {
                let count = Glibc.read(descriptor, buffer.baseAddress.map { $0 + filled }, capacity - filled)
                if count < 0 {
                    if Glibc.errno == EINTR { continue }
                    failure = Glibc.errno
                    return
                }
                if count == 0 { return }
                filled += count
            }
        }
        guard failure == 0 else { throw .errno(failure) }
        contents.removeLast(capacity - filled)
        return contents
    }
}
