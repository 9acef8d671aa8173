import BPF
import Glibc

/// A cgroup (version 2) directory, to attach sock_ops programs to.
///
/// Never attach to the root cgroup unless every process on the machine is
/// meant to be affected: programs there see every socket.
public struct Cgroup: Sendable, Hashable, CustomStringConvertible {
    /// The directory, such as `/sys/fs/cgroup/unified/my-service`.
    public var path: String

    /// Names the cgroup at `path`.
    public init(path: String) {
        self.path = path
    }

    /// Attaches a sock_ops program (LINK_CREATE, attach type
    /// `BPF_CGROUP_SOCK_OPS`). It runs for the sockets of processes in the
    /// cgroup and its descendants while the link lives.
    ///
    /// - Throws: EINVAL, before any syscall, unless `program` is a sock_ops program.
    public func attachSocketOperations(_ program: Program) throws(BPFError) -> Link {
        let context = "attach \(program.displayName) to cgroup \(path)"
        guard program.type == .socketOps else {
            throw BPFError(.command(.linkCreate), errno: .invalidArgument, context: context + ": it must be a sock_ops program")
        }
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else {
            throw BPFError(.system("open"), errno: Errno(rawValue: errno), context: "open cgroup \(path)")
        }
        defer { close(fd) }
        return try Link(program: program, target: .descriptor(fd), attachType: .cgroupSocketOps)
    }

    /// The path.
    public var description: String { path }
}
