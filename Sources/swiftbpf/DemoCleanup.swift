import Dispatch
import Foundation

/// Undo actions for what a command created, run exactly once, newest first:
/// when the command ends, or when SIGINT or SIGTERM arrives (then the
/// process exits with 128 + the signal).
final class DemoCleanup: @unchecked Sendable {
    private let lock = NSLock()
    private var actions: [() -> Void] = []
    private var finished = false
    private var sources: [any DispatchSourceSignal] = []

    /// Starts watching for SIGINT and SIGTERM.
    init() {
        for signalNumber in [SIGINT, SIGTERM] {
            // libdispatch delivers the signal once the default action is off.
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler { [self] in
                FileHandle.standardError.write(Data("\ninterrupted: cleaning up\n".utf8))
                runAll()
                exit(128 + signalNumber)
            }
            source.resume()
            sources.append(source)
        }
    }

    /// Registers `action` to run at cleanup.
    func add(_ action: @escaping () -> Void) {
        lock.withLock { actions.append(action) }
    }

    /// Runs every registered action, newest first; later calls do nothing.
    func runAll() {
        let pending = lock.withLock { () -> [() -> Void] in
            guard !finished else { return [] }
            finished = true
            return actions.reversed()
        }
        pending.forEach { $0() }
    }

    /// Blocks until a signal ends the process.
    func waitForSignal() -> Never {
        while true { pause() }
    }
}
