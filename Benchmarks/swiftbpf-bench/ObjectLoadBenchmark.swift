import BPF
import BPFObject
import Foundation
import Glibc

/// Opens and loads a 6-program sockmap object end to end (read the file,
/// build the ObjectSpec, create maps, load programs, close), and splits the
/// time into our own work and the time spent in bpf(2), next to libbpf doing
/// the same (`bpf_object__open_file` + `bpf_object__load`) in the C peer
/// `Benchmarks/peers/.build/libbpf_load`.
///
/// The bpf(2) time comes from `libbpf_syscall_timer.so`, an LD_PRELOAD
/// library that times the libc `syscall()` both loaders go through; build it
/// and the peer with `Benchmarks/peers/build.sh`, and run the benchmark with
/// `LD_PRELOAD=Benchmarks/peers/.build/libbpf_syscall_timer.so`.
enum ObjectLoadBenchmark {
    /// The object: six programs (parser, verdicts, sk_msg, sockops, sk_lookup), two maps and .rodata.
    static let defaultObject = "TestObjects/build/bpfel/sockmap_all_roles.o"
    /// Where Benchmarks/peers/build.sh puts the peers.
    static let peerDirectory = "Benchmarks/peers/.build"

    /// One side's medians, in microseconds.
    struct Measurement {
        /// One open-and-load, wall time.
        var total: Double
        /// The bpf(2) calls of one load; nil without the syscall timer.
        var inBPF: Double?

        /// The loader's own work: everything but bpf(2).
        var own: Double? { inBPF.map { total - $0 } }
    }

    /// The preloaded timer's running total of nanoseconds in bpf(2), if it is loaded.
    static let bpfNanoseconds: (@convention(c) () -> UInt64)? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "bpf_syscall_timer_nanoseconds") else {
            return nil
        }
        return unsafeBitCast(symbol, to: (@convention(c) () -> UInt64).self)
    }()

    /// Loads `path` `iterations` times after a warm-up (which fills the
    /// per-process probe caches, as a long-running service would have them).
    static func measureSwift(path: String, iterations: Int) throws -> Measurement {
        _ = try loadOnce(path)
        var totals: [Double] = []
        var inBPF: [Double] = []
        for _ in 0..<iterations {
            let bpfBefore = bpfNanoseconds?() ?? 0
            let start = DispatchTime.now().uptimeNanoseconds
            _ = try loadOnce(path)
            totals.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1000)
            inBPF.append(Double((bpfNanoseconds?() ?? 0) - bpfBefore) / 1000)
        }
        return Measurement(total: median(totals), inBPF: bpfNanoseconds == nil ? nil : median(inBPF))
    }

    private static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted.isEmpty ? 0 : sorted[sorted.count / 2]
    }

    private static func loadOnce(_ path: String) throws -> Int {
        let loaded = try ObjectLoader.load(contentsOf: path)
        let count = loaded.programs.count
        loaded.close()
        return count
    }

    /// Runs the C peer under the syscall timer; nil when it is not built.
    static func measureLibbpf(path: String, iterations: Int) -> Measurement? {
        let peer = peerDirectory + "/libbpf_load"
        guard access(peer, X_OK) == 0 else { return nil }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: peer)
        process.arguments = [path, "\(iterations)"]
        var environment = ProcessInfo.processInfo.environment
        environment["LD_PRELOAD"] = peerDirectory + "/libbpf_syscall_timer.so"
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        guard (try? process.run()) != nil else { return nil }
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let numbers = output.split(whereSeparator: \.isWhitespace).compactMap { Double($0) }
        guard process.terminationStatus == 0, numbers.count == 2 else { return nil }
        return Measurement(total: numbers[0], inBPF: numbers[1] < 0 ? nil : numbers[1])
    }

    /// Measures both sides and prints the table.
    static func run(object: String = defaultObject, iterations: Int = 500) throws {
        let ours = try measureSwift(path: object, iterations: iterations)
        let theirs = measureLibbpf(path: object, iterations: iterations)
        print("Object open + load: \(object), median of \(iterations)")
        print("| loader | end to end | in bpf(2) | own work | own share |")
        print("|---|---:|---:|---:|---:|")
        func row(_ name: String, _ measurement: Measurement) {
            guard let inBPF = measurement.inBPF, let own = measurement.own else {
                print(String(format: "| %@ | %.0f µs | ? | ? | ? |", name, measurement.total))
                return
            }
            print(String(format: "| %@ | %.0f µs | %.0f µs | %.0f µs | %.1f%% |", name, measurement.total, inBPF, own,
                         own / measurement.total * 100))
        }
        row("swift-bpf", ours)
        if let theirs { row("libbpf 1.1", theirs) }
        if ours.inBPF == nil {
            print("(for the bpf(2) split, run with LD_PRELOAD=\(peerDirectory)/libbpf_syscall_timer.so)")
        }
        if theirs == nil { print("(libbpf peer not built: run Benchmarks/peers/build.sh)") }
    }
}
