import BPF
import BPFObject

/// Filling a hash map with a million entries: one batch call against one
/// update per entry.
struct BatchFillBenchmark: Benchmark {
    let name = "Fill 1M hash entries: batch vs single updates (u32 -> u64)"
    let count = 1_000_000

    func run() throws {
        let keys = (0..<UInt32(count)).map { $0 }
        let values = keys.map { UInt64($0) &* 31 }

        let singleMap = try makeMap()
        let singleStart = Measurement.now()
        for (key, value) in zip(keys, values) { try singleMap.update(key, value) }
        let single = Double(Measurement.now() - singleStart) / 1e6

        let batchMap = try makeMap()
        let batchStart = Measurement.now()
        try batchMap.updateBatch(keys: keys, values: values)
        let batch = Double(Measurement.now() - batchStart) / 1e6

        guard try batchMap.lookup(UInt32(count - 1), as: UInt64.self) == values[count - 1],
              try singleMap.lookup(UInt32(count - 1), as: UInt64.self) == values[count - 1] else {
            print("fill incomplete")
            return
        }
        print("\(column("method", 8)) \(column("ms", 10)) \(column("ns/entry", 10))")
        for (method, milliseconds) in [("single", single), ("batch", batch)] {
            print("\(column(method, 8)) \(column(formatted(milliseconds, digits: 1), 10)) "
                  + "\(column(formatted(milliseconds * 1e6 / Double(count), digits: 1), 10))")
        }
        print("batch is \(formatted(single / batch, digits: 1))x faster")
    }

    private func makeMap() throws -> Map {
        try Map(MapParameters(type: .hash, keySize: 4, valueSize: 8, maxEntries: UInt32(count), name: "fill"))
    }
}
