#if ENABLE_MOCKING
import BPFObject
import Synchronization

/// Makes bpf(2) fail with a chosen errno for one command, so tests can reach
/// paths the kernel will not produce on demand (EPERM as root, EINTR).
///
/// Only debug builds contain it. It is task-local, so tests that run in
/// parallel do not see each other's failures.
package final class ForcedFailure: Sendable {
    /// The command to fail.
    package let command: BPFCommand
    /// The errno to fail with.
    package let errno: Errno
    private let remaining: PthreadMutex<Int>
    private let attemptCount = Atomic<Int>(0)

    /// Fails `command` with `errno` the next `times` times it is issued.
    package init(_ errno: Errno, for command: BPFCommand, times: Int = .max) {
        self.command = command
        self.errno = errno
        remaining = PthreadMutex(times)
    }

    /// How many times `command` was issued, forced or real.
    package var attempts: Int { attemptCount.load(ordering: .relaxed) }

    /// Whether this call of `command` must fail, and with what.
    func failure(for issued: BPFCommand) -> Errno? {
        guard issued == command else { return nil }
        attemptCount.add(1, ordering: .relaxed)
        return remaining.withLock { left in
            guard left > 0 else { return nil }
            left -= 1
            return errno
        }
    }

    /// The failure in force for the current task, if any.
    @TaskLocal package static var current: ForcedFailure?
}
#endif
