import BPF
import Glibc

/// Runs a body many times, recording every kernel object it creates, and
/// reports what survived: objects still in the kernel, descriptors still
/// open, and resident memory grown by more than a tenth after a warm-up.
///
/// The counts of descriptors and resident memory are the whole process's,
/// so a cycle runs alone in a process (`swiftbpf-hardening-probe cycles NAME`).
public enum LeakCycle {
    /// What a cycle left behind; ``problems`` is empty when nothing leaked.
    public struct Report: Sendable {
        /// One line per leak found.
        public var problems: [String]
        /// How many objects the cycle created.
        public var created: Int
        /// How many times the body ran after the warm-up.
        public var iterations: Int
    }

    /// Runs `body(index, &census)` `warmUp` times, measures resident memory,
    /// runs it `iterations` more times, and checks the census. With
    /// `expectsObjects` false (cycles of failing loads), a census left empty
    /// is not a problem.
    public static func run(
        _ name: String, iterations: Int = 1_000, warmUp: Int = 100, expectsObjects: Bool = true,
        _ body: (Int, inout HardeningCensus) throws -> Void
    ) throws -> Report {
        var census = HardeningCensus()
        let descriptorsBefore = BPFDescriptorTable.current().count
        for index in 0..<warmUp { try body(index, &census) }
        let residentBefore = ResidentMemory.bytes()
        let half = warmUp + iterations / 2
        for index in warmUp..<half { try body(index, &census) }
        let residentHalfway = ResidentMemory.bytes()
        for index in half..<(warmUp + iterations) { try body(index, &census) }
        let residentAfter = ResidentMemory.bytes()
        var problems: [String] = []
        if census.count == 0, expectsObjects { problems.append("\(name): the cycle created nothing") }
        let descriptors = census.openDescriptors()
        if !descriptors.isEmpty { problems.append("\(name): descriptors still open: \(descriptors.prefix(10))") }
        // Only meaningful in a process of its own, where nothing else opens
        // BPF objects meanwhile.
        let descriptorsAfter = BPFDescriptorTable.current().count
        if descriptorsAfter != descriptorsBefore {
            problems.append("\(name): \(descriptorsBefore) BPF descriptors open before, \(descriptorsAfter) after")
        }
        let survivors = try census.survivors()
        if !survivors.isEmpty { problems.append("\(name): objects still in the kernel: \(survivors)") }
        // Under a sanitizer the allocator and its shadow memory take longer
        // than the warm-up to settle, so the first half may grow by more than
        // a tenth; a leak grows in the second half too, which is what is
        // bounded there (a twentieth).
        let grewTooMuch = sanitizerRuntime
            ? residentAfter - residentHalfway > residentBefore / 20
            : residentAfter > residentBefore + residentBefore / 10
        if residentBefore <= 0 || grewTooMuch {
            problems.append("\(name): resident memory grew from \(residentBefore) to \(residentHalfway) "
                                + "halfway and \(residentAfter) bytes at the end")
        }
        return Report(problems: problems, created: census.count, iterations: iterations)
    }

    /// Whether ASan or TSan is linked in (their runtimes define these symbols).
    private static let sanitizerRuntime: Bool = {
        let symbols: [String] = ["__asan_init", "__tsan_init"]
        return symbols.contains { symbol in dlsym(nil, symbol) != nil }
    }()

    /// Closes `objects` on even iterations; on odd ones they are left to
    /// their owners going away, so both ways of releasing are exercised.
    public static func release(_ objects: [any KernelObject], index: Int) {
        if index.isMultiple(of: 2) { for object in objects { object.close() } }
    }
}
