import BPFObject
import Foundation

/// Parses the kernel's BTF into a queryable spec and looks up 1,000 struct
/// names, against libbpf's `btf__parse` (Benchmarks/peers/btf_parse.c).
///
/// It prints, for both, medians over fresh processes of: the first parse,
/// the median of 31 later parses in the same process, the lookup time, and
/// the peak memory above the process's baseline after the first parse and
/// the lookups. Fresh processes are this executable
/// run again with `SWIFTBPF_BTF_BENCH_CHILD` set: call this function before
/// any other benchmark so such a child does nothing else.
func runBTFParseBenchmark() {
    let environment = ProcessInfo.processInfo.environment
    if let namesPath = environment[BTFParseBenchmark.childVariable] {
        BTFParseBenchmark.runChild(namesPath: namesPath)
        exit(0)
    }
    BTFParseBenchmark.run()
}

private enum BTFParseBenchmark {
    static let childVariable = "SWIFTBPF_BTF_BENCH_CHILD"
    static let path = "/sys/kernel/btf/vmlinux"
    static let processes = 15
    static let laterParses = 31

    /// One measurement, as a child (ours or libbpf's) prints it.
    struct Sample {
        var parse: Double
        var later: Double
        var lookup: Double
        var found: Int
        var peakKiB: Int

        init?(line: String) {
            var fields: [String: String] = [:]
            for pair in line.split(separator: " ") {
                let parts = pair.split(separator: "=", maxSplits: 1)
                if parts.count == 2 { fields[String(parts[0])] = String(parts[1]).trimmingCharacters(in: .whitespacesAndNewlines) }
            }
            guard let parse = fields["parse_ms"].flatMap(Double.init), let later = fields["later_ms"].flatMap(Double.init),
                  let lookup = fields["lookup_ms"].flatMap(Double.init),
                  let found = fields["found"].flatMap(Int.init), let peak = fields["peak_kib"].flatMap(Int.init) else { return nil }
            self.parse = parse
            self.later = later
            self.lookup = lookup
            self.found = found
            self.peakKiB = peak
        }
    }

    static func run() {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("swiftbpf-bench-\(getpid())")
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        guard let bytes = readFile(path), let btf = try? BTF.parse(bytes: bytes) else {
            print("BTF parse benchmark: cannot read \(path)")
            return
        }
        let namesFile = directory.appendingPathComponent("names.txt")
        let names = structNames(btf, count: 1_000)
        try? names.joined(separator: "\n").write(to: namesFile, atomically: true, encoding: .utf8)

        let swiftSamples = (0..<processes).compactMap { _ in
            child(executable: "/proc/self/exe", arguments: [], environment: [childVariable: namesFile.path])
        }

        let peerScript = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("peers/build.sh")
        let peerDirectory = directory.appendingPathComponent("peers")
        var peerSamples: [Sample] = []
        if launch("/bin/sh", [peerScript.path, peerDirectory.path], environment: [:]) != nil {
            peerSamples = (0..<processes).compactMap { _ in
                child(executable: peerDirectory.appendingPathComponent("btf_parse").path,
                      arguments: [path, namesFile.path], environment: [:])
            }
        }

        print("BTF parse of \(path) (\(btf.typeCount) types, \(bytes.count) bytes), \(names.count) struct lookups")
        print(pad("", 14) + pad("first parse", 14) + pad("later parse", 14) + pad("1k lookups", 14) + "peak memory")
        report("swift-bpf", swiftSamples)
        report("libbpf", peerSamples)
    }

    static func report(_ name: String, _ samples: [Sample]) {
        guard !samples.isEmpty else {
            print(pad(name, 14) + "(not measured)")
            return
        }
        let peak = median(samples.map { Double($0.peakKiB) }) / 1024
        print(pad(name, 14) + pad(milliseconds(median(samples.map(\.parse))), 14)
              + pad(milliseconds(median(samples.map(\.later))), 14)
              + pad(milliseconds(median(samples.map(\.lookup))), 14)
              + String(format: "%.1f MiB (found %d)", peak, samples[0].found))
    }

    /// Measures one parse and the lookups in this fresh process.
    static func runChild(namesPath: String) {
        let names = ((try? String(contentsOfFile: namesPath, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
        let baseline = peakKiB()
        let start = now()
        guard let bytes = readFile(path), let btf = try? BTF.parse(bytes: bytes) else { exit(1) }
        let parsed = now()
        var found = 0
        for name in names where btf.typeID(named: name, kind: .structure) != nil { found += 1 }
        let lookedUp = now()
        let peak = peakKiB() - baseline
        withExtendedLifetime(btf) {}
        var later: [Double] = []
        for _ in 0..<laterParses {
            let begin = now()
            guard let again = readFile(path), (try? BTF.parse(bytes: again)) != nil else { exit(1) }
            later.append((now() - begin) * 1e3)
        }
        print(String(format: "parse_ms=%.3f later_ms=%.3f lookup_ms=%.3f found=%d peak_kib=%d",
                     (parsed - start) * 1e3, median(later), (lookedUp - parsed) * 1e3, found, peak))
    }

    /// Every n-th named struct, so the lookups spread over the whole spec.
    static func structNames(_ btf: BTF, count: Int) -> [String] {
        var all: [String] = []
        for id in btf.ownTypeIDs where (try? btf.kind(of: id)) == .structure {
            if let name = try? btf.name(of: id), !name.isEmpty { all.append(name) }
        }
        let stride = max(1, all.count / count)
        return Array(Swift.stride(from: 0, to: all.count, by: stride).map { all[$0] }.prefix(count))
    }

    static func child(executable: String, arguments: [String], environment: [String: String]) -> Sample? {
        launch(executable, arguments, environment: environment).flatMap { Sample(line: $0) }
    }

    /// Runs a program and returns its standard output, or nil if it failed.
    static func launch(_ executable: String, _ arguments: [String], environment: [String: String]) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let output = Pipe()
        process.standardOutput = output
        do { try process.run() } catch { return nil }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    static func readFile(_ path: String) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, let size = Int(exactly: status.st_size) else { return nil }
        var failed = false
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            guard let base = buffer.baseAddress else { return }
            while count < size {
                let got = read(descriptor, base + count, size - count)
                if got < 0 && errno == EINTR { continue }
                guard got > 0 else {
                    failed = got < 0
                    break
                }
                count += got
            }
        }
        return failed ? nil : bytes
    }

    static func peakKiB() -> Int {
        let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            return Int(line.dropFirst(6).filter(\.isNumber)) ?? 0
        }
        return 0
    }

    static func now() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted.isEmpty ? 0 : sorted[sorted.count / 2]
    }

    static func milliseconds(_ value: Double) -> String { String(format: "%.2f ms", value) }

    static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
    }
}
