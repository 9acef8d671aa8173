import CAllocationCounter
import Glibc

/// One benchmark: it prints its own table.
protocol Benchmark {
    /// The heading printed before the table.
    var name: String { get }
    /// Runs and prints the results.
    func run() throws
}

/// The cost of one operation, measured over a loop.
struct Measurement {
    /// Nanoseconds per operation.
    var nanoseconds: Double
    /// Heap allocations per operation.
    var allocations: Double

    /// Runs `body` `iterations` times and measures it. Always inlined, so that
    /// a closure written at the call site becomes the loop's body rather than
    /// a call through a closure value.
    @inline(__always)
    static func of(iterations: Int, _ body: () throws -> Void) rethrows -> Measurement {
        let allocationsBefore = swiftbpf_allocation_count()
        let start = Self.now()
        for _ in 0..<iterations { try body() }
        let elapsed = Self.now() - start
        let allocated = swiftbpf_allocation_count() - allocationsBefore
        return Measurement(nanoseconds: Double(elapsed) / Double(iterations),
                           allocations: Double(allocated) / Double(iterations))
    }

    /// Monotonic nanoseconds.
    static func now() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
    }
}

/// Checks that the malloc replacement is in effect.
enum AllocationCounter {
    /// Whether an allocation the benchmark makes on purpose is counted.
    static var isWorking: Bool {
        let before = swiftbpf_allocation_count()
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: 64, alignment: 8)
        buffer.deallocate()
        return swiftbpf_allocation_count() > before
    }
}

/// Formats `value` with `digits` decimals.
func formatted(_ value: Double, digits: Int = 2) -> String {
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    let rounded = (value * scale).rounded() / scale
    let text = "\(rounded)"
    guard let dot = text.firstIndex(of: ".") else { return text }
    let decimals = text[text.index(after: dot)...]
    return text + String(repeating: "0", count: max(0, digits - decimals.count))
}

/// Pads `text` on the left to `width`.
func column(_ text: String, _ width: Int) -> String {
    String(repeating: " ", count: max(0, width - text.count)) + text
}

/// The middle value (the upper one of an even count), or 0 for no values.
func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted.isEmpty ? 0 : sorted[sorted.count / 2]
}
