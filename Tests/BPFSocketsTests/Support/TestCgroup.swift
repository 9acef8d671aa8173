import BPFSockets
import Foundation
import Glibc
import Testing

/// A child cgroup of the cgroup2 hierarchy, created for one test and removed
/// after it. Never the root cgroup.
final class TestCgroup {
    let cgroup: Cgroup
    private let home: String

    init() throws {
        let mount = try Self.cgroup2Mount()
        let name = "swiftbpf-sockets-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        cgroup = Cgroup(path: "\(mount)/\(name)")
        try #require(mkdir(cgroup.path, 0o755) == 0, "mkdir \(cgroup.path): errno \(errno)")
        // This process's own cgroup2 directory, to return to.
        let membership = try String(contentsOfFile: "/proc/self/cgroup", encoding: .utf8)
        let line = membership.split(separator: "\n").first { $0.hasPrefix("0::") }
        home = mount + String(line?.dropFirst(3) ?? "")
    }

    deinit { rmdir(cgroup.path) }

    /// Runs `body` with the whole process in the child cgroup (cgroup2 moves
    /// processes, not threads), then moves it back. Sockets remember the
    /// cgroup they were created in, so keep `body` to creating sockets.
    func inside<Result>(_ body: () throws -> Result) throws -> Result {
        try move(to: cgroup.path)
        defer { try? move(to: home) }
        return try body()
    }

    private func move(to directory: String) throws {
        let fd = open("\(directory)/cgroup.procs", O_WRONLY | O_CLOEXEC)
        try #require(fd >= 0, "open \(directory)/cgroup.procs: errno \(errno)")
        defer { close(fd) }
        let pid = Array("\(getpid())".utf8)
        try #require(write(fd, pid, pid.count) == pid.count, "move to \(directory): errno \(errno)")
    }

    private static func cgroup2Mount() throws -> String {
        let mounts = try String(contentsOfFile: "/proc/self/mounts", encoding: .utf8)
        for line in mounts.split(separator: "\n") {
            let fields = line.split(separator: " ")
            if fields.count > 2, fields[2] == "cgroup2" { return String(fields[1]) }
        }
        throw POSIXError(.ENOENT)
    }
}
