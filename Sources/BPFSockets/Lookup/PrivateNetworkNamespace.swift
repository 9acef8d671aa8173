import BPF
import Glibc
import Synchronization

/// A new, empty network namespace with its loopback interface up: a sandbox
/// for sk_lookup programs and the sockets they steer.
///
/// Creating it and running work in it happen on dedicated threads, so the
/// caller's thread never changes namespace. The namespace lives until
/// ``close()`` (or deinit) and every socket in it is gone.
public final class PrivateNetworkNamespace: Sendable {
    /// A descriptor for the namespace.
    public let descriptor: Int32
    private let closed = Atomic<Bool>(false)

    private static let newNetworkNamespaceFlag: Int32 = 0x4000_0000  // CLONE_NEWNET

    /// Creates the namespace and brings `lo` up in it.
    public init() throws(BPFError) {
        let created: Swift.Result<Int32, BPFError> = DedicatedThread.run {
            Swift.Result { () throws(BPFError) -> Int32 in
                try Self.unshare(Self.newNetworkNamespaceFlag)
                try Self.bringLoopbackUp()
                let fd = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC)
                guard fd >= 0 else {
                    throw BPFError(.system("open"), errno: Errno(rawValue: errno), context: "open the new namespace")
                }
                return fd
            }
        }
        descriptor = try created.get()
    }

    /// The namespace, for ``NetworkNamespace/attach(_:)``.
    public var namespace: NetworkNamespace { .descriptor(descriptor) }

    /// Runs `body` on a thread inside the namespace; sockets it creates live
    /// in the namespace.
    public func run<Result>(_ body: () throws -> Result) throws -> Result {
        try DedicatedThread.run { () throws -> Result in
            try Self.setNamespace(descriptor, Self.newNetworkNamespaceFlag)
            return try body()
        }
    }

    /// Closes the descriptor; the namespace goes once nothing else uses it.
    /// Later calls, and deinit, do nothing: closing the number twice could
    /// close a descriptor that has reused it meanwhile.
    public func close() {
        if !closed.exchange(true, ordering: .acquiringAndReleasing) { Glibc.close(descriptor) }
    }

    deinit { close() }

    /// `unshare(flags)`, which Glibc's module does not export, through the C library's symbol.
    private static func unshare(_ flags: Int32) throws(BPFError) {
        typealias Unshare = @convention(c) (Int32) -> Int32
        try check("unshare", unsafeBitCast(try symbol("unshare"), to: Unshare.self)(flags))
    }

    /// `setns(fd, type)`, likewise.
    private static func setNamespace(_ fd: Int32, _ type: Int32) throws(BPFError) {
        typealias SetNamespace = @convention(c) (Int32, Int32) -> Int32
        try check("setns", unsafeBitCast(try symbol("setns"), to: SetNamespace.self)(fd, type))
    }

    private static func symbol(_ name: String) throws(BPFError) -> UnsafeMutableRawPointer {
        guard let symbol = dlsym(nil, name) else {
            throw BPFError(.system(name), errno: .notImplemented, context: "find \(name) in the C library")
        }
        return symbol
    }

    private static func check(_ call: String, _ result: Int32) throws(BPFError) {
        guard result == 0 else {
            throw BPFError(.system(call), errno: Errno(rawValue: errno), context: "enter a network namespace")
        }
    }

    /// Sets `IFF_UP` on `lo` with SIOCSIFFLAGS.
    private static func bringLoopbackUp() throws(BPFError) {
        let fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue | SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else {
            throw BPFError(.system("socket"), errno: Errno(rawValue: errno), context: "bring lo up")
        }
        defer { Glibc.close(fd) }
        var request = ifreq()
        withUnsafeMutableBytes(of: &request.ifr_ifrn.ifrn_name) { name in
            for (index, byte) in "lo".utf8.enumerated() { name[index] = byte }
        }
        guard ioctl(fd, UInt(SIOCGIFFLAGS), &request) == 0 else {
            throw BPFError(.system("ioctl(SIOCGIFFLAGS)"), errno: Errno(rawValue: errno), context: "bring lo up")
        }
        request.ifr_ifru.ifru_flags |= Int16(IFF_UP)
        guard ioctl(fd, UInt(SIOCSIFFLAGS), &request) == 0 else {
            throw BPFError(.system("ioctl(SIOCSIFFLAGS)"), errno: Errno(rawValue: errno), context: "bring lo up")
        }
    }
}
