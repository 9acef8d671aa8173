import Foundation

/// A value behind a pthread mutex (NSLock), for test code that threads share.
///
/// Synchronization.Mutex locks in uninstrumented runtime code on Linux, so
/// ThreadSanitizer does not see its ordering and reports races between two
/// `withLock` bodies (see Scripts/tsan-suppressions.txt); pthread mutexes are
/// intercepted and understood.
public final class VisibleLock<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    /// Wraps `value`.
    public init(_ value: Value) { self.value = value }

    /// Runs `body` with the value, holding the lock.
    public func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
