import Glibc

/// Runs work on a thread of its own, which then ends.
///
/// Network namespaces belong to threads: `unshare` and `setns` change only
/// the calling thread. Doing them on a fresh thread that exits afterwards
/// leaves every other thread, and the caller, where they were.
enum DedicatedThread {
    private final class Work: @unchecked Sendable {
        let body: () -> Void
        init(_ body: @escaping () -> Void) { self.body = body }
    }

    /// Runs `body` on a new thread and waits for it to finish.
    static func run<Result>(_ body: () throws -> Result) rethrows -> Result {
        try withoutActuallyEscaping(body) { (body) throws -> Result in
            var outcome: Swift.Result<Result, any Error>?
            let work = Work { outcome = Swift.Result { try body() } }
            var thread = pthread_t()
            let created = pthread_create(&thread, nil, { argument in
                guard let argument else { return nil }
                Unmanaged<Work>.fromOpaque(argument).takeRetainedValue().body()
                return nil
            }, Unmanaged.passRetained(work).toOpaque())
            if created != 0 {
                // No thread: run here rather than lose the work; callers that change
                // namespaces check which namespace they are in.
                work.body()
            } else {
                pthread_join(thread, nil)
            }
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
