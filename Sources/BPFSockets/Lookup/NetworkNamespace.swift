import BPF
import Glibc

/// A network namespace to attach sk_lookup programs to.
public enum NetworkNamespace: Sendable, Hashable, CustomStringConvertible {
    /// The calling thread's namespace (`/proc/thread-self/ns/net`).
    case current
    /// The namespace file at a path, such as `/proc/PID/ns/net` or `/run/netns/NAME`.
    case path(String)
    /// An open namespace descriptor the caller owns.
    case descriptor(Int32)

    /// Attaches an sk_lookup program to the namespace (LINK_CREATE, attach
    /// type `BPF_SK_LOOKUP`; the kernel accepts no PROG_ATTACH here). The
    /// program runs while the link lives; several run in attach order:
    /// - a program that returns `SK_PASS` having selected a socket wins, over
    ///   any `SK_DROP`; a later program replaces that selection only if it
    ///   calls `bpf_sk_assign` with `BPF_SK_LOOKUP_F_REPLACE` (otherwise the
    ///   helper answers EEXIST and the earlier selection stands);
    /// - if some program returns `SK_DROP` and none selected, the packet is dropped;
    /// - if all pass without selecting, the regular socket lookup runs.
    ///
    /// - Throws: EINVAL, before any syscall, unless `program` is an sk_lookup
    ///   program loaded with expected attach type `BPF_SK_LOOKUP`.
    public func attach(_ program: Program) throws(BPFError) -> Link {
        let context = "attach \(program.displayName) to network namespace \(self)"
        guard program.type == .socketLookup, program.expectedAttachType == .socketLookup else {
            throw BPFError(.command(.linkCreate), errno: .invalidArgument,
                           context: context + ": it must be an sk_lookup program loaded for attach type sk_lookup")
        }
        return try withDescriptor { (fd) throws(BPFError) in
            try Link(program: program, target: .descriptor(fd), attachType: .socketLookup)
        }
    }

    /// Runs `body` with a descriptor for the namespace, open for the call.
    func withDescriptor<Result>(_ body: (Int32) throws(BPFError) -> Result) throws(BPFError) -> Result {
        let file: String
        switch self {
        case .descriptor(let fd): return try body(fd)
        case .current: file = "/proc/thread-self/ns/net"
        case .path(let path): file = path
        }
        let fd = open(file, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw BPFError(.system("open"), errno: Errno(rawValue: errno), context: "open network namespace \(file)")
        }
        defer { close(fd) }
        return try body(fd)
    }

    /// `current`, the path, or `descriptor N`.
    public var description: String {
        switch self {
        case .current: "current"
        case .path(let path): path
        case .descriptor(let fd): "descriptor \(fd)"
        }
    }
}
