import Glibc
import Synchronization

/// A file descriptor for a kernel object (map, program, link, BTF), closed
/// exactly once: by ``close()`` or, failing that, when the owner goes away.
///
/// Operations borrow the number through ``withRawValue(_:)``. A close that
/// arrives while operations are running waits for the last of them to finish,
/// so a number is never reused under a running syscall. The state is one atomic
/// word (twice the number of borrowers, plus one once closing was asked for),
/// which keeps borrowing to two uncontended atomic operations.
///
/// The number is never 0 (bpf(2) reads 0 as "no descriptor" in some fields) and
/// is always close-on-exec.
public final class OwnedDescriptor: Sendable, CustomStringConvertible {
    private let fd: Int32
    private let state = Atomic<Int>(0)

    private static let closingBit = 1
    private static let borrowUnit = 2
    /// The state after the descriptor was closed; it keeps the closing bit so
    /// late borrowers fail.
    private static let released = Int.min | closingBit

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

    /// Runs `body` with the descriptor number, which stays open until it returns.
    ///
    /// - Throws: EBADF if the descriptor was closed, or what `body` throws.
    @inline(__always)
    public func withRawValue<Result>(_ body: (Int32) throws(BPFError) -> Result) throws(BPFError) -> Result {
        let before = state.wrappingAdd(Self.borrowUnit, ordering: .acquiring).oldValue
        defer { endBorrow() }
        guard before & Self.closingBit == 0 else {
            throw BPFError(.system("use descriptor"), errno: .badDescriptor, context: "the object was closed")
        }
        return try body(fd)
    }

    @inline(__always)
    private func endBorrow() {
        let after = state.wrappingSubtract(Self.borrowUnit, ordering: .releasing).newValue
        if after == Self.closingBit { release() }
    }

    /// Whether ``close()`` was called.
    public var isClosed: Bool { state.load(ordering: .acquiring) & Self.closingBit != 0 }

    /// Closes the descriptor once the operations running on it have finished.
    /// Later calls do nothing.
    public func close() {
        let before = state.bitwiseOr(Self.closingBit, ordering: .acquiringAndReleasing).oldValue
        if before == 0 { release() }
    }

    /// Closes the number, if no one else has: only one caller wins the exchange.
    private func release() {
        if state.compareExchange(expected: Self.closingBit, desired: Self.released, ordering: .acquiringAndReleasing).exchanged {
            Glibc.close(fd)
        }
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
        if state.load(ordering: .acquiring) != Self.released { Glibc.close(fd) }
    }
}
