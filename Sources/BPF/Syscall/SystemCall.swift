import CBPF
import Glibc

/// The one place that calls bpf(2).
enum SystemCall {
    /// How often PROG_LOAD is retried on EAGAIN, which the verifier returns when
    /// it is interrupted by a pending signal or memory pressure.
    private static let programLoadRetries = 5

    /// Issues `command` with `attributes` and returns the result, or the negated
    /// errno. EINTR is retried, and EAGAIN too for PROG_LOAD.
    @inline(__always)
    static func bpf<Attributes>(_ command: BPFCommand, _ attributes: inout Attributes) -> Int {
        var againRetries = 0
        while true {
            let result: Int
            #if ENABLE_MOCKING
            if let forced = ForcedFailure.current?.failure(for: command) {
                result = -Int(forced.rawValue)
            } else {
                result = issue(command, &attributes)
            }
            #else
            result = issue(command, &attributes)
            #endif
            if result >= 0 { return result }
            if result == -Int(EINTR) { continue }
            if result == -Int(EAGAIN), command == .programLoad, againRetries < programLoadRetries {
                againRetries += 1
                continue
            }
            return result
        }
    }

    @inline(__always)
    private static func issue<Attributes>(_ command: BPFCommand, _ attributes: inout Attributes) -> Int {
        withUnsafeMutableBytes(of: &attributes) { bytes in
            let result = swiftbpf_sys_bpf(command.rawValue, bytes.baseAddress, UInt32(truncatingIfNeeded: bytes.count))
            return result >= 0 ? result : -Int(swiftbpf_errno())
        }
    }

    /// Issues `command` and throws a ``BPFError`` carrying `context` on failure.
    @inline(__always)
    static func check<Attributes>(
        _ command: BPFCommand, _ attributes: inout Attributes, _ context: @autoclosure () -> String
    ) throws(BPFError) -> Int {
        let result = bpf(command, &attributes)
        if result >= 0 { return result }
        throw BPFError(.command(command), errno: Errno(rawValue: Int32(truncatingIfNeeded: -result)), context: context())
    }

    /// Issues a command that returns a new descriptor and takes ownership of it.
    static func descriptor<Attributes>(
        _ command: BPFCommand, _ attributes: inout Attributes, _ context: @autoclosure () -> String
    ) throws(BPFError) -> OwnedDescriptor {
        let fd = try check(command, &attributes, context())
        return try OwnedDescriptor(adopting: Int32(truncatingIfNeeded: fd))
    }
}
