import Glibc

/// An error number from a system call, with descriptive names for the values
/// bpf(2) returns.
///
/// It is a struct rather than an enum so that any number the kernel returns
/// survives, including ENOTSUPP (524), which has no libc name.
public struct Errno: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The error number.
    public var rawValue: Int32
    /// Creates an error number.
    public init(rawValue: Int32) { self.rawValue = rawValue }

    /// `EPERM`: the caller lacks a privilege the operation needs.
    public static let notPermitted = Errno(rawValue: EPERM)
    /// `ENOENT`: no such key, file or object.
    public static let noSuchEntry = Errno(rawValue: ENOENT)
    /// `ESRCH`: no such process, or an element vanished during a lookup.
    public static let noSuchProcess = Errno(rawValue: ESRCH)
    /// `EINTR`: a signal interrupted the call; it is retried.
    public static let interrupted = Errno(rawValue: EINTR)
    /// `E2BIG`: an argument is too large, such as an array index past max_entries.
    public static let tooBig = Errno(rawValue: E2BIG)
    /// `EBADF`: the descriptor is not open or not of the kind needed.
    public static let badDescriptor = Errno(rawValue: EBADF)
    /// `EAGAIN`: temporarily unavailable; PROG_LOAD is retried.
    public static let tryAgain = Errno(rawValue: EAGAIN)
    /// `ENOMEM`: out of memory, or the memory cgroup limit was hit.
    public static let outOfMemory = Errno(rawValue: ENOMEM)
    /// `EACCES`: the verifier rejected the program, or access was denied.
    public static let accessDenied = Errno(rawValue: EACCES)
    /// `EFAULT`: the kernel could not read or write a buffer.
    public static let badAddress = Errno(rawValue: EFAULT)
    /// `EBUSY`: the resource is taken, such as a conflicting verdict program.
    public static let busy = Errno(rawValue: EBUSY)
    /// `EEXIST`: the key or file exists.
    public static let exists = Errno(rawValue: EEXIST)
    /// `ENODEV`: no such device.
    public static let noSuchDevice = Errno(rawValue: ENODEV)
    /// `ENOTDIR`: a path component is not a directory.
    public static let notDirectory = Errno(rawValue: ENOTDIR)
    /// `EINVAL`: an argument is invalid.
    public static let invalidArgument = Errno(rawValue: EINVAL)
    /// `EMFILE`: the process has too many open descriptors.
    public static let tooManyOpenFiles = Errno(rawValue: EMFILE)
    /// `ENOSPC`: a buffer (such as the verifier log) is too small, or the map is full.
    public static let noSpace = Errno(rawValue: ENOSPC)
    /// `ERANGE`: a value is out of range.
    public static let outOfRange = Errno(rawValue: ERANGE)
    /// `ENOSYS`: bpf(2) does not exist in this kernel.
    public static let notImplemented = Errno(rawValue: ENOSYS)
    /// `ELOOP`: a cycle, such as a map of maps holding itself.
    public static let loop = Errno(rawValue: ELOOP)
    /// `ENOTSOCK`: the descriptor is not a socket.
    public static let notSocket = Errno(rawValue: ENOTSOCK)
    /// `EOPNOTSUPP`: the object does not support the operation.
    public static let operationNotSupported = Errno(rawValue: EOPNOTSUPP)
    /// `ENOTSUPP` (524): the kernel's own "not supported", which has no libc name.
    /// Sockmap LOOKUP_AND_DELETE and batch lookups return it.
    public static let kernelNotSupported = Errno(rawValue: 524)

    /// The C name and the libc message, such as `EEXIST (File exists)`.
    public var description: String {
        if self == .kernelNotSupported { return "ENOTSUPP (Operation not supported by the kernel)" }
        let message = strerror(rawValue).map { String(cString: $0) } ?? "error \(rawValue)"
        if let name = Self.cNames[rawValue] { return "\(name) (\(message))" }
        return "errno \(rawValue) (\(message))"
    }

    private static let cNames: [Int32: String] = [
        EPERM: "EPERM", ENOENT: "ENOENT", ESRCH: "ESRCH", EINTR: "EINTR", E2BIG: "E2BIG", EBADF: "EBADF",
        EAGAIN: "EAGAIN", ENOMEM: "ENOMEM", EACCES: "EACCES", EFAULT: "EFAULT", EBUSY: "EBUSY",
        EEXIST: "EEXIST", ENODEV: "ENODEV", ENOTDIR: "ENOTDIR", EINVAL: "EINVAL", EMFILE: "EMFILE",
        ENOSPC: "ENOSPC", ERANGE: "ERANGE", ENOSYS: "ENOSYS", ELOOP: "ELOOP", ENOTSOCK: "ENOTSOCK",
        EOPNOTSUPP: "EOPNOTSUPP",
    ]

    /// The calling thread's current errno.
    static var current: Errno { Errno(rawValue: errno) }
}
