import BPFObject
import Foundation
import Glibc
import Testing

/// Thousands of deterministically damaged TestObjects through the parsers the
/// loader uses. Each must end in a result or a typed error: never a trap, a
/// hang, a broken promise or runaway memory.
///
/// The run happens in a child process (an exit test), so a trap fails this
/// test alone, and the memory measured is the run's own, not that of the
/// tests running beside it.
@Suite struct HostileObjectTests {
    @Test func damagedObjectsEndInAResultOrATypedError() async throws {
        // The child names each input in this file before running it and ends
        // with a summary or the failure, so after a trap or a hang the last
        // line says which variant it was (a failed exit test returns no output).
        let report = TestInputs.temporaryDirectory().appendingPathComponent("hostile-report").path
        #expect(FileManager.default.createFile(atPath: report, contents: nil))
        defer { try? FileManager.default.removeItem(atPath: report) }
        await #expect(processExitsWith: .success) { [report = report as String] in
            HostileObjectRun.runAndExit(reportingTo: report)
        }
        let text = (try? String(contentsOfFile: report, encoding: .utf8)) ?? ""
        let last = text.split(separator: "\n").last.map(String.init) ?? "(no output)"
        print("hostile objects: \(last)")
        #expect(last.hasPrefix("variants: "), "the run ended at: \(last)")
    }
}

/// The body of the exit test: generates the variants, feeds each to the
/// parsers, watches time and memory, and exits non-zero with a report on the
/// first failure.
enum HostileObjectRun {
    /// Variants the run must produce, at the least.
    static let minimumVariants = 10_000
    /// The most CPU time a single input may take. CPU time of the running
    /// thread, not wall time, so a loaded machine cannot fail the test.
    static let perInputLimit: Duration = .seconds(1)
    /// How far the memory in use may grow over the run.
    static let memoryGrowthLimit = 64 << 20
    /// A single input running this long is a hang: the watchdog ends the process.
    static let hangLimit: Duration = .seconds(20)

    /// The input running and when it started: set by the run, read by the watchdog.
    static let current = PthreadMutex<(label: String, start: ContinuousClock.Instant)?>(nil)

    /// Where the run writes each input's label, then its summary or failure.
    static let report = PthreadMutex<FileHandle?>(nil)

    static func write(_ line: String) {
        report.withLock { $0?.write(Data("\(line)\n".utf8)) }
    }

    static func fail(_ message: String) -> Never {
        write("FAILED: \(message)")
        exit(1)
    }

    static func threadCPUTime() -> Duration {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return .seconds(time.tv_sec) + .nanoseconds(time.tv_nsec)
    }

    /// The memory the parsers hold: resident memory, or under ASan or TSan
    /// their allocator's count of live heap bytes. A sanitizer keeps freed
    /// memory in quarantine and grows shadow memory with every address
    /// touched, so there resident memory measures the sanitizer, not us.
    static func memoryInUse() -> Int {
        if let symbol = dlsym(nil, "__sanitizer_get_current_allocated_bytes") {
            let allocatedBytes = unsafeBitCast(symbol, to: (@convention(c) () -> Int).self)
            return allocatedBytes()
        }
        return residentBytes()
    }

    static func residentBytes() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }

    static func runAndExit(reportingTo path: String) -> Never {
        report.withLock { $0 = FileHandle(forWritingAtPath: path) }
        let objects = zip(TestObjectFiles.paths, TestObjectFiles.all)
        guard !TestObjectFiles.all.isEmpty else { fail("no TestObjects in TestObjects/build; run make -C TestObjects") }
        startWatchdog()
        let clock = ContinuousClock()
        let baseline = memoryInUse()
        var peakGrowth = 0
        var count = 0
        var accepted = 0
        var slowest: (Duration, String) = (.zero, "")
        let runStart = clock.now
        for (index, (path, bytes)) in objects.enumerated() {
            let name = path.split(separator: "/").suffix(2).joined(separator: "/")
            guard var generator = HostileVariantGenerator(name: name, bytes: bytes, seed: UInt64(index) &+ 0x5eed)
            else { fail("\(name) is not a valid ELF file to begin with") }
            generator.forEachVariant { variant in
                write(variant.label)
                let start = clock.now
                let cpuStart = threadCPUTime()
                current.withLock { $0 = (variant.label, start) }
                let outcome = variant.isBTFBlob
                    ? HostileEntryPoint.btf.run(variant.bytes)
                    : HostileParsers.object(variant.bytes, thorough: false)
                let elapsed = threadCPUTime() - cpuStart
                if let broken = outcome.brokenPromise { fail("\(variant.label): \(broken)") }
                if case .accepted = outcome { accepted += 1 }
                if elapsed > slowest.0 { slowest = (elapsed, variant.label) }
                if elapsed > perInputLimit { fail("\(variant.label) took \(elapsed)") }
                count += 1
                if count.isMultiple(of: 128) {
                    peakGrowth = max(peakGrowth, memoryInUse() - baseline)
                    if peakGrowth > memoryGrowthLimit { fail("memory in use grew by \(peakGrowth >> 20) MiB") }
                }
            }
        }
        peakGrowth = max(peakGrowth, memoryInUse() - baseline)
        guard count >= minimumVariants else { fail("only \(count) variants") }
        guard peakGrowth <= memoryGrowthLimit else { fail("memory in use grew by \(peakGrowth >> 20) MiB") }
        let summary = "variants: \(count) from \(TestObjectFiles.all.count) objects, \(accepted) accepted, "
            + "\(count - accepted) rejected with a typed error; total \(clock.now - runStart); slowest \(slowest.0) of CPU "
            + "(\(slowest.1)); memory growth \(peakGrowth >> 10) KiB"
        write(summary)
        exit(0)
    }

    /// A thread that ends the process when one input has run for `hangLimit`,
    /// naming it, since a hang would otherwise stall the whole suite.
    static func startWatchdog() {
        let thread = Thread {
            while true {
                Thread.sleep(forTimeInterval: 1)
                if let (label, start) = current.withLock({ $0 }), ContinuousClock.now - start > hangLimit {
                    fail("\(label) still running after \(hangLimit): a hang")
                }
            }
        }
        thread.start()
    }
}
