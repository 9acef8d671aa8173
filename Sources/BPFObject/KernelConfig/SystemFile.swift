import Glibc

/// Whole-file reads of the kernel's text files (`/proc/config.gz`,
/// `/proc/kallsyms`, `/boot/config-*`).
///
/// Files under /proc report a size of 0, so the reader reads until end of
/// file, growing its buffer as data arrives, up to a limit.
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

        var contents: [UInt8] = []
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
}
