import Glibc
import Synchronization

/// A thread of its own for one piece of work, joined when the work is done.
///
/// Network namespaces belong to threads: `unshare` and `setns` change only
/// the calling thread. Doing them on a fresh thread that exits afterwards
/// leaves every other thread, and the caller, where they were. The proxy
/// runs its accept and event loops on such threads too.
final class DedicatedThread: @unchecked Sendable {
    private let body: () -> Void
    private var thread = pthread_t()
    private var started = false
    private let finished = Atomic<Bool>(false)

    /// Starts `body` on a new thread; if none can be made, runs it here.
    init(_ body: @escaping () -> Void) {
        self.body = body
        let created = pthread_create(&thread, nil, { argument in
            guard let argument else { return nil }
            let work = Unmanaged<DedicatedThread>.fromOpaque(argument).takeRetainedValue()
            work.body()
            work.finished.store(true, ordering: .releasing)
            return nil
        }, Unmanaged.passRetained(self).toOpaque())
        if created == 0 {
            started = true
        } else {
            Unmanaged.passUnretained(self).release()
            body()
        }
    }

    /// Whether the work has finished, so ``join()`` will not wait.
    var isFinished: Bool { !started || finished.load(ordering: .acquiring) }

    /// Joins the finished threads in `threads` and drops them, so a server
    /// that starts a thread per connection does not keep every one's stack.
    static func reap(_ threads: inout [DedicatedThread]) {
        threads.removeAll { thread in
            guard thread.isFinished else { return false }
            thread.join()
            return true
        }
    }

    /// Waits for the work to finish.
    func join() {
        if started { pthread_join(thread, nil) }
        started = false
    }

    /// Runs `body` on a new thread and waits for it to finish.
    static func run<Result>(_ body: () throws -> Result) rethrows -> Result {
        try withoutActuallyEscaping(body) { (body) throws -> Result in
            var outcome: Swift.Result<Result, any Error>?
            DedicatedThread { outcome = Swift.Result { try body() } }.join()
            switch outcome {
            case .success(let value): return value
            case .failure(let error): try rethrowing(error)
            case nil: fatalError("the dedicated thread did not run its work")
            }
        }
    }

    /// Throws `error` from a `rethrows` context, where only the body's errors can arise.
    private static func rethrowing(_ error: any Error) throws -> Never { throw error }
}
