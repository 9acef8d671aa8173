import BPF

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
    }

    /// Runs `body(index, &census)` `warmUp` times, measures resident memory,
    /// runs it `iterations` more times, and checks the census.
    public static func run(
        _ name: String, iterations: Int = 1_000, warmUp: Int = 100,
        _ body: (Int, inout HardeningCensus) throws -> Void
    ) throws -> Report {
        var census = HardeningCensus()
        let descriptorsBefore = BPFDescriptorTable.current().count
        for index in 0..<warmUp { try body(index, &census) }
        let residentBefore = ResidentMemory.bytes()
        for index in warmUp..<(warmUp + iterations) { try body(index, &census) }
        let residentAfter = ResidentMemory.bytes()
        var problems: [String] = []
        if census.count == 0 { problems.append("\(name): the cycle created nothing") }
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
        if residentBefore <= 0 || residentAfter > residentBefore + residentBefore / 10 {
            problems.append("\(name): resident memory grew from \(residentBefore) to \(residentAfter) bytes")
        }
        return Report(problems: problems, created: census.count)
    }

    /// Closes `objects` on even iterations; on odd ones they are left to
    /// their owners going away, so both ways of releasing are exercised.
    public static func release(_ objects: [any KernelObject], index: Int) {
        if index.isMultiple(of: 2) { for object in objects { object.close() } }
    }
}
