import Foundation
import Testing

@testable import BPF
import HardeningSupport

/// Creating and releasing kernel objects a thousand times, on success and
/// on failure paths, leaves nothing behind: every object created is gone
/// from the kernel's id tables, the process has as many descriptors to BPF
/// objects (`anon_inode:bpf-*`) as before, and resident memory after the
/// cycles is within 10% of what it was after a warm-up of 100.
///
/// Each cycle runs alone in a child process (`swiftbpf-hardening-probe cycles
/// NAME`, see Tests/HardeningProbe/LeakCycles.swift): descriptor counts and
/// resident memory are per process, and the other suites running in this one
/// would blur them. The suite is serialized so that the children do not
/// compete with each other for the machine's two cores.
@Suite("Hardening: leaks", .serialized)
struct HardeningLeakTests {
    /// The cycles the probe knows; the test fails if the list shrinks.
    static let cycles: [String] = {
        let listed = (try? ProbeProcess.run(["list-cycles"]).lines.compactMap(\.first)) ?? []
        return listed.isEmpty ? ["the probe listed no cycles"] : listed
    }()

    @Test func everyRuntimeCycleIsListed() {
        let expected: Set = ["maps", "refused-maps", "programs", "btf", "sockmap-links", "sockmap-attachments",
                             "sk-lookup-links", "pins", "runtime-paths", "socket-roles-by-link",
                             "socket-roles-by-prog-attach", "socket-lookup-links"]
        #expect(expected.isSubset(of: Set(Self.cycles)), "\(Self.cycles)")
    }

    @Test(arguments: cycles)
    func cycleLeavesNothingBehind(name: String) throws {
        // ASan keeps freed memory in quarantine (256 MB by default), which
        // counts as resident; without a quarantine, resident memory measures
        // the program again. Use-after-free detection in the cycles then
        // rests on ASan's shadow alone.
        let sanitizer = (ProcessInfo.processInfo.environment["ASAN_OPTIONS"] ?? "") + ":quarantine_size_mb=0"
        let outcome = try ProbeProcess.run(["cycles", name], environment: [
            "SWIFTBPF_BPFFS": Environment.bpffs, "ASAN_OPTIONS": sanitizer,
        ])
        #expect(outcome.status == 0 && outcome.lines.first?.dropFirst().first == "ok", "\(outcome.text)")
    }
}
