import CBPFTestSupport
import Foundation
import Glibc

/// A new network namespace with a veth pair, set up on a thread of its own,
/// for link tests that attach to interfaces or netfilter hooks without
/// touching the machine's.
///
/// Namespaces belong to threads, so the body that attaches runs on that
/// thread. The namespace outlives the thread for as long as the returned
/// descriptor is open, so `swiftbpf` and `bpftool` can be run on the links
/// afterwards from anywhere: links are global, found by id.
enum PrivateNetwork {
    /// Runs `body` in a new network namespace holding `veth0`/`veth1`, both up;
    /// returns its result and a descriptor that keeps the namespace alive.
    static func run<Result>(_ body: @escaping () throws -> Result) throws -> (Result, namespace: Int32) {
        let outcome = Outcome<Result>(body)
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            defer { done.signal() }
            do {
                let unshared = swiftbpf_unshare_network()
                guard unshared == 0 else { throw POSIXError(POSIXErrorCode(rawValue: -unshared) ?? .EINVAL) }
                let namespace = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC)
                guard namespace >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EINVAL) }
                outcome.namespace = namespace
                for arguments in [["link", "add", "veth0", "type", "veth", "peer", "name", "veth1"],
                                  ["link", "set", "veth0", "up"], ["link", "set", "veth1", "up"]] {
                    try spawnIP(arguments)
                }
                outcome.value = .success(try outcome.body())
            } catch {
                outcome.value = .failure(error)
            }
        }
        thread.start()
        done.wait()
        guard let value = outcome.value else { throw SetupFailure("the namespace thread returned nothing") }
        do {
            return (try value.get(), outcome.namespace)
        } catch {
            if outcome.namespace >= 0 { close(outcome.namespace) }
            throw error
        }
    }

    /// The index of `name` in the calling thread's namespace.
    static func interfaceIndex(_ name: String) throws -> UInt32 {
        let index = if_nametoindex(name)
        guard index != 0 else { throw SetupFailure("no interface \(name) here") }
        return index
    }

    /// Runs `ip arguments…` from this thread, so in its namespace, and waits for it.
    /// posix_spawn rather than Foundation's Process, whose reaping a plain thread cannot be relied on for.
    private static func spawnIP(_ arguments: [String]) throws {
        let argv = (["ip"] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let spawned = posix_spawnp(&pid, "ip", nil, nil, argv, environ)
        guard spawned == 0 else { throw POSIXError(POSIXErrorCode(rawValue: spawned) ?? .EINVAL) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EINVAL) }
        }
        guard status == 0 else { throw SetupFailure("ip \(arguments.joined(separator: " ")) exited with status \(status)") }
    }

    /// Why a namespace could not be set up.
    struct SetupFailure: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }
}

/// The body and its result, handed between the caller and the namespace thread,
/// which the caller waits for; the body travels here because the thread's
/// closure must be sendable and the body need not be.
private final class Outcome<Value>: @unchecked Sendable {
    let body: () throws -> Value
    var value: Result<Value, any Error>?
    var namespace: Int32 = -1

    init(_ body: @escaping () throws -> Value) {
        self.body = body
    }
}
