import BPF
import Glibc

/// Confines threads to one CPU, so that a measurement can keep a proxy's
/// endpoints (a client and an upstream, standing in for other hosts) on one
/// CPU while the proxies are free to use any. Threads a confined thread
/// starts inherit its CPU.
enum ThreadAffinity {
    private typealias SetAffinity = @convention(c) (pid_t, Int, UnsafeRawPointer?) -> Int32

    /// `sched_setaffinity`, found at run time: Glibc declares it only under `_GNU_SOURCE`.
    private static let setAffinity = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "sched_setaffinity")
        .map { unsafeBitCast($0, to: SetAffinity.self) }

    /// Throws unless `cpu` is one of the CPUs online and threads can be confined here.
    static func check(_ cpu: Int) throws(BPFError) {
        guard cpu >= 0, cpu < sysconf(Int32(_SC_NPROCESSORS_ONLN)) else { throw failure(cpu, EINVAL) }
        guard setAffinity != nil else { throw failure(cpu, ENOSYS) }
    }

    /// Confines the calling thread to `cpu`, one of the CPUs online.
    static func confineCallingThread(to cpu: Int) throws(BPFError) {
        try check(cpu)
        guard let setAffinity else { throw failure(cpu, ENOSYS) }
        var mask = [UInt64](repeating: 0, count: cpu / 64 + 1)
        mask[cpu / 64] = 1 << UInt64(cpu % 64)
        guard mask.withUnsafeBytes({ setAffinity(0, $0.count, $0.baseAddress) }) == 0 else { throw failure(cpu, errno) }
    }

    private static func failure(_ cpu: Int, _ code: Int32) -> BPFError {
        BPFError(.system("sched_setaffinity"), errno: Errno(rawValue: code), context: "confine a thread to CPU \(cpu)")
    }
}
