import Glibc

/// A value that threads share, guarded by a pthread mutex.
///
/// The library's shared state uses this instead of `Synchronization.Mutex`
/// because, on Linux with Swift 6.3, `Mutex` locks inside the uninstrumented
/// Swift runtime: ThreadSanitizer never sees its acquire and release and
/// reports every pair of `withLock` bodies as a race. ThreadSanitizer
/// intercepts `pthread_mutex_lock`, so with this type it checks the library's
/// locking for real instead of being told to look away.
///
/// The API mirrors `Mutex`: the value is only reachable inside ``withLock(_:)``,
/// and values go in and come out as `sending`, so no unsynchronized reference
/// to the protected state escapes the lock.
package final class PthreadMutex<Value>: @unchecked Sendable {
    // @unchecked: the compiler cannot see that `value` is only touched
    // between pthread_mutex_lock and pthread_mutex_unlock; withLock is the only
    // access path, and the `sending` parameters keep the value's region
    // disconnected from the caller's, as Mutex does.
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private var value: Value

    /// Guards `initialValue`.
    package init(_ initialValue: sending Value) {
        // pthread_mutex_t must not move once initialised, so it lives on the
        // heap rather than in the object's stored properties.
        mutex = .allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        // A default mutex cannot fail to initialise on Linux (glibc always returns 0).
        pthread_mutex_init(mutex, nil)
        value = initialValue
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deinitialize(count: 1)
        mutex.deallocate()
    }

    /// Runs `body` with exclusive access to the value and returns its result.
    ///
    /// `body` must not call `withLock` on the same instance: the mutex is not
    /// recursive, and doing so deadlocks.
    package func withLock<Result, Failure: Error>(
        _ body: (inout sending Value) throws(Failure) -> sending Result
    ) throws(Failure) -> sending Result {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body(&value)
    }
}
