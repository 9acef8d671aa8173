import CBPF
import Glibc
import Synchronization

/// A file descriptor for a kernel object (map, program, link, BTF), released
/// exactly once: by ``close()`` or, failing that, when the owner goes away.
///
/// Operations borrow the number through ``withRawValue(_:)``, which costs one
/// atomic load: no lock and no read-modify-write on the hot path. What makes
/// that safe is that ``close()`` never frees the *number* while the owner can
/// still be used. It atomically points the number at a placeholder file
/// (`dup3` of /dev/null), which drops this process's reference to the kernel
/// object at once; a system call already inside the kernel keeps its own
/// reference and finishes, and one that races in afterwards meets the
/// placeholder and fails. The number itself is closed in `deinit`, when no
/// operation can be running, so it is never reused under a running call.
///
/// The number is never 0 (bpf(2) reads 0 as "no descriptor" in some fields) and
/// is always close-on-exec.
public final class OwnedDescriptor: Sendable, CustomStringConvertible {
    private let fd: Int32
    private let closed = Atomic<Bool>(false)
    /// Whether the number itself was closed early, for want of a placeholder.
    private let fdReleased = Atomic<Bool>(false)

    /// A file that is not a BPF object, opened once, to park closed numbers on.
    /// It never sits on 0-2: code that restores stdio with dup2 would
    /// silently replace it.
    private static let placeholder: Int32 = {
        let opened = open("/dev/null", O_RDONLY | O_CLOEXEC)
        guard opened >= 0, opened < 3 else { return opened }
        let moved = fcntl(opened, F_DUPFD_CLOEXEC, 3)
        Glibc.close(opened)
        return moved
    }()

    /// Takes ownership of `fd`. A descriptor numbered 0 is moved to 3 or above.
    init(adopting fd: Int32) throws(BPFError) {
        guard fd == 0 else {
            self.fd = fd
            return
        }
        let moved = fcntl(fd, F_DUPFD_CLOEXEC, 3)
        let failure = Errno.current
        Glibc.close(fd)
        guard moved >= 0 else {
            throw BPFError(.system("fcntl(F_DUPFD_CLOEXEC)"), errno: failure, context: "move descriptor 0 out of the way")
        }
        self.fd = moved
    }

    /// Runs `body` with the descriptor number, which stays reserved until it returns.
    ///
    /// - Throws: EBADF if the descriptor was closed, or what `body` throws.
    @inline(__always)
    public func withRawValue<Result>(_ body: (Int32) throws(BPFError) -> Result) throws(BPFError) -> Result {
        guard !closed.load(ordering: .acquiring) else {
            throw BPFError(.system("use descriptor"), errno: .badDescriptor, context: "the object was closed")
        }
        return try body(fd)
    }

    /// Whether ``close()`` was called.
    public var isClosed: Bool { closed.load(ordering: .acquiring) }

    /// Releases the kernel object now (the kernel frees it once nothing else
    /// holds it). Later calls do nothing.
    public func close() {
        guard closed.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged else {
            return
        }
        // dup3 (unlike dup2) keeps the number close-on-exec in the same call.
        if Self.placeholder >= 0, swiftbpf_dup3(Self.placeholder, fd, O_CLOEXEC) >= 0 { return }
        // No placeholder: release the object with its number. The number
        // could then be reused under a call racing with this close.
        Glibc.close(fd)
        fdReleased.store(true, ordering: .releasing)
    }

    /// A duplicate that the caller owns, close-on-exec and never 0: for handing
    /// the object to code that will close it, such as another process.
    public func duplicate() throws(BPFError) -> OwnedDescriptor {
        try withRawValue { fd throws(BPFError) in
            let copy = fcntl(fd, F_DUPFD_CLOEXEC, 3)
            guard copy >= 0 else {
                throw BPFError(.system("fcntl(F_DUPFD_CLOEXEC)"), errno: .current, context: "duplicate descriptor \(fd)")
            }
            return try OwnedDescriptor(adopting: copy)
        }
    }

    /// The descriptor number, for logging.
    public var description: String { isClosed ? "closed descriptor" : "descriptor \(fd)" }

    deinit {
        if !fdReleased.load(ordering: .acquiring) { Glibc.close(fd) }
    }
}
