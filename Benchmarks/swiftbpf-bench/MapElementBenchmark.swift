import BPF
import BPFObject
import CBPF

/// Map update and lookup through the library next to raw bpf(2) on one
/// reused attribute struct. The two alternate in small blocks, taking turns
/// to go first, so that other work on the machine slows both alike; the ratio
/// is the median of the blocks' ratios. Both loops have the same shape: the
/// operation is written inside the timing loop, so neither side pays for a
/// call through a closure value that the other does not.
struct MapElementBenchmark: Benchmark {
    let name = "Map element operations: library vs raw bpf(2) (array map, u32 -> u64)"
    let blocks = 2000
    let blockSize = 100

    func run() throws {
        let map = try Map(MapParameters(type: .array, keySize: 4, valueSize: 8, maxEntries: 1024, name: "bench"))
        let fd = try map.descriptor.withRawValue { $0 }
        print("\(column("operation", 10)) \(column("raw ns/op", 10)) \(column("swift ns/op", 12)) "
              + "\(column("ratio", 7)) \(column("allocs/op", 10))")
        var worstRatio = 0.0
        var allocations = 0.0
        for (operation, command) in [("update", BPFCommand.mapUpdateElement), ("lookup", .mapLookupElement)] {
            let library = LibraryElementCall(map: map, command: command)
            let raw = RawElementCall(fd: fd, command: command)
            // Warm up both paths (and any lazy state) before counting.
            _ = try library.measure(iterations: blockSize)
            _ = raw.measure(iterations: blockSize)
            var rawTimes: [Double] = []
            var libraryTimes: [Double] = []
            var ratios: [Double] = []
            for block in 0..<blocks {
                let rawFirst = block.isMultiple(of: 2)
                let earlyRawBlock = rawFirst ? raw.measure(iterations: blockSize) : nil
                let libraryBlock = try library.measure(iterations: blockSize)
                let rawBlock = earlyRawBlock ?? raw.measure(iterations: blockSize)
                rawTimes.append(rawBlock.nanoseconds)
                libraryTimes.append(libraryBlock.nanoseconds)
                ratios.append(libraryBlock.nanoseconds / rawBlock.nanoseconds)
                allocations = max(allocations, libraryBlock.allocations)
            }
            let ratio = median(ratios)
            worstRatio = max(worstRatio, ratio)
            print("\(column(operation, 10)) \(column(formatted(median(rawTimes), digits: 1), 10)) "
                  + "\(column(formatted(median(libraryTimes), digits: 1), 12)) \(column(formatted(ratio, digits: 3), 7)) "
                  + "\(column(formatted(allocations, digits: 3), 10))")
        }
        print("median ratio, worst operation: \(formatted(worstRatio, digits: 3)) (goal <= 1.03): "
              + (worstRatio <= 1.03 ? "met" : "MISSED"))
        print("allocations per operation: \(allocations) (goal 0): " + (allocations == 0 ? "met" : "MISSED")
              + (AllocationCounter.isWorking ? "" : " -- the allocation counter is not counting"))
    }
}

/// One element command issued through the typed API, on the same map, key and
/// value as ``RawElementCall``.
private struct LibraryElementCall {
    let map: Map
    let command: BPFCommand

    func measure(iterations: Int) throws -> Measurement {
        if command == .mapUpdateElement {
            return try Measurement.of(iterations: iterations) { try map.update(UInt32(7), UInt64(42)) }
        }
        return try Measurement.of(iterations: iterations) {
            guard try map.lookup(UInt32(7), as: UInt64.self) == 42 else { fatalError("lookup returned a wrong value") }
        }
    }
}

/// One element command issued straight through the trampoline, with the
/// attribute struct, key and value built once and reused.
private final class RawElementCall {
    private let key = UnsafeMutablePointer<UInt32>.allocate(capacity: 1)
    private let value = UnsafeMutablePointer<UInt64>.allocate(capacity: 1)
    private let attributes = UnsafeMutablePointer<MapElementAttributes>.allocate(capacity: 1)
    private let command: BPFCommand

    init(fd: Int32, command: BPFCommand) {
        self.command = command
        key.pointee = 7
        value.pointee = 42
        var attributes = MapElementAttributes()
        attributes.mapFD = UInt32(bitPattern: fd)
        attributes.key = UInt64(UInt(bitPattern: key))
        attributes.value = UInt64(UInt(bitPattern: value))
        self.attributes.initialize(to: attributes)
    }

    func measure(iterations: Int) -> Measurement {
        let size = UInt32(MemoryLayout<MapElementAttributes>.size)
        return Measurement.of(iterations: iterations) { _ = swiftbpf_sys_bpf(command.rawValue, attributes, size) }
    }

    deinit {
        key.deallocate()
        value.deallocate()
        attributes.deallocate()
    }
}
