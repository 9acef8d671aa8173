import BPF
import BPFObject
import CAllocationCounter
import Foundation
import Glibc

/// Opens and loads a 6-program sockmap object end to end (read the file,
/// build the ObjectSpec, create the maps, load the programs, close), next to
/// libbpf doing the same (`bpf_object__open_file` + `bpf_object__load`,
/// Benchmarks/peers/libbpf_load.c), and splits each median into the time in
/// bpf(2) and the loader's own work.
///
/// The bpf(2) time comes from `libbpf_syscall_timer.so` (Benchmarks/peers),
/// an LD_PRELOAD library that times the libc `syscall()` both loaders go
/// through, so both sides run as child processes with it preloaded: ours is
/// this executable run again as `--only object-load` with
/// `SWIFTBPF_OBJECT_LOAD_CHILD` set. Register it under ``registeredName``.
struct ObjectLoadBenchmark: Benchmark {
    /// The name `--only` must select it by, which its child process uses.
    static let registeredName = "object-load"
    static let childVariable = "SWIFTBPF_OBJECT_LOAD_CHILD"
    static let iterations = 500
    static let object = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("TestObjects/build/bpfel/sockmap_all_roles.o").path

    var name: String { "Open and load a 6-program sockmap object: ours vs libbpf, split into bpf(2) and own work" }

    /// Medians of one open-and-load, in microseconds.
    struct Sample {
        /// Wall time.
        var total: Double
        /// Time in bpf(2).
        var inBPF: Double

        /// Heap allocations per load, when the child counts them (ours only).
        var allocations: Double?

        /// Everything but bpf(2): the loader's own work.
        var own: Double { total - inBPF }

        /// Parses `total=… bpf=… [allocations=…]` as the children print it.
        init?(output: String) {
            guard let line = output.split(separator: "\n").last(where: { $0.hasPrefix("total=") }) else { return nil }
            let fields = line.split(separator: " ").map { $0.split(separator: "=", maxSplits: 1) }
            let values = fields.compactMap { $0.count == 2 ? Double($0[1]) : nil }
            guard values.count == 2 || values.count == 3 else { return nil }
            total = values[0]
            inBPF = values[1]
            allocations = values.count == 3 ? values[2] : nil
        }
    }

    func run() throws {
        if ProcessInfo.processInfo.environment[Self.childVariable] != nil {
            try Self.measureInThisProcess()
            return
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("swiftbpf-object-load-\(getpid())")
        defer { try? FileManager.default.removeItem(at: directory) }
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("peers/build.sh").path
        guard Self.launch("/bin/sh", [script, directory.path], environment: [:]) != nil else {
            print("cannot build the C peers with \(script) (needs cc and libbpf-dev)")
            return
        }
        let timer = ["LD_PRELOAD": directory.appendingPathComponent("libbpf_syscall_timer.so").path]
        let ours = Self.launch("/proc/self/exe", ["--only", Self.registeredName],
                               environment: timer.merging([Self.childVariable: "1"]) { first, _ in first })
            .flatMap(Sample.init(output:))
        let theirs = Self.launch(directory.appendingPathComponent("libbpf_load").path, [Self.object, "\(Self.iterations)"],
                                 environment: timer).flatMap(Sample.init(output:))
        print("\(Self.object), median of \(Self.iterations) loads after a warm-up")
        print("| loader | end to end | in bpf(2) | own work | own share | allocations/load |")
        print("|---|---:|---:|---:|---:|---:|")
        for (loader, sample) in [("swift-bpf", ours), ("libbpf 1.1", theirs)] {
            guard let sample else {
                print("| \(loader) | not measured | | | | |")
                continue
            }
            let allocations = sample.allocations.map { String(format: "%.0f", $0) } ?? "not counted"
            print(String(format: "| %@ | %.0f µs | %.0f µs | %.0f µs | %.1f%% | %@ |", loader, sample.total, sample.inBPF,
                         sample.own, sample.own / sample.total * 100, allocations))
        }
        if let ours, let theirs {
            print(String(format: "ours / libbpf in this run: end to end %.2f, own work %.2f", ours.total / theirs.total,
                         ours.own / theirs.own))
        }
    }

    /// The child: loads the object after a warm-up (which fills the
    /// per-process probe caches, as a long-running service has them) and
    /// prints the medians.
    static func measureInThisProcess() throws {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "bpf_syscall_timer_nanoseconds") else {
            print("libbpf_syscall_timer.so is not preloaded")
            return
        }
        let bpfNanoseconds = unsafeBitCast(symbol, to: (@convention(c) () -> UInt64).self)
        try ObjectLoader.load(contentsOf: object).close()
        var totals: [Double] = []
        var inBPF: [Double] = []
        let allocationsBefore = swiftbpf_allocation_count()
        for _ in 0..<iterations {
            let bpfBefore = bpfNanoseconds()
            let start = Measurement.now()
            try ObjectLoader.load(contentsOf: object).close()
            totals.append(Double(Measurement.now() - start) / 1000)
            inBPF.append(Double(bpfNanoseconds() - bpfBefore) / 1000)
        }
        // The medians' arrays grow by doubling: a handful of allocations over all iterations.
        let allocations = Double(swiftbpf_allocation_count() - allocationsBefore) / Double(iterations)
        print(String(format: "total=%.1f bpf=%.1f allocations=%.1f", median(totals), median(inBPF), allocations))
    }


    /// Runs a program and returns its standard output, or nil if it failed.
    static func launch(_ executable: String, _ arguments: [String], environment: [String: String]) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return nil }
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return process.terminationStatus == 0 ? output : nil
    }
}
