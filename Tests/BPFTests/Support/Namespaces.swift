import CBPFTestSupport
import Foundation
import Glibc

/// Private kernel scopes for attach tests, so nothing attaches to the machine's.
enum Scopes {
    /// A descriptor for a new network namespace. unshare(2) changes only the
    /// calling thread, so it runs on a thread of its own that ends afterwards;
    /// the namespace lives as long as the descriptor.
    static func newNetworkNamespace() throws -> Int32 {
        final class Box: @unchecked Sendable { var fd: Int32 = -1; var failure: Int32 = 0 }
        let box = Box()
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            let unshared = swiftbpf_unshare_network()
            if unshared != 0 {
                box.failure = -unshared
            } else {
                box.fd = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC)
                if box.fd < 0 { box.failure = errno }
            }
            done.signal()
        }
        thread.start()
        done.wait()
        guard box.fd >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: box.failure) ?? .EINVAL) }
        return box.fd
    }

    /// A child cgroup with no processes in it, removed when the body returns.
    static func withChildCgroup<Result>(_ body: (Int32) throws -> Result) throws -> Result {
        let path = "\(try cgroup2Mount())/swiftbpf-test-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        guard mkdir(path, 0o755) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EINVAL) }
        defer { rmdir(path) }
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EINVAL) }
        defer { close(fd) }
        return try body(fd)
    }

    /// Where cgroup2 is mounted: /sys/fs/cgroup itself, or /sys/fs/cgroup/unified
    /// on hybrid systems.
    private static func cgroup2Mount() throws -> String {
        let mounts = try String(contentsOfFile: "/proc/self/mounts", encoding: .utf8)
        for line in mounts.split(separator: "\n") {
            let fields = line.split(separator: " ")
            if fields.count > 2, fields[2] == "cgroup2" { return String(fields[1]) }
        }
        throw POSIXError(.ENOENT)
    }
}
