import BPFObject
import Glibc
import Testing

@testable import BPF

@Suite("Map features")
struct MapFeatureTests {
    @Test func possibleCPUListsParse() {
        #expect(PossibleCPUs.parse("0-3\n") == 4)
        #expect(PossibleCPUs.parse("0") == 1)
        #expect(PossibleCPUs.parse("0-3,8-11") == 12)
        #expect(PossibleCPUs.parse("") == nil)
        #expect(PossibleCPUs.parse("x-1") == nil)
        #expect(PossibleCPUs.parse("0-1-2") == nil)
    }

    @Test func perCPUValuesRoundTrip() throws {
        let cpus = try Map.possibleCPUCount()
        let map = try Map(MapParameters(type: .perCPUArray, keySize: 4, valueSize: 4, maxEntries: 2, name: "percpu"))
        #expect(map.valueBufferSize == cpus * 8)
        let values = (0..<cpus).map { UInt32($0 + 10) }
        try map.updatePerCPU(UInt32(1), values)
        #expect(try map.lookupPerCPU(UInt32(1), as: UInt32.self) == values)
        #expect(try map.lookupPerCPU(UInt32(0), as: UInt32.self) == [UInt32](repeating: 0, count: cpus))
        let single = #expect(throws: BPFError.self) { try map.lookup(UInt32(1), as: UInt32.self) }
        #expect(single?.errno == .invalidArgument)
        let short = #expect(throws: BPFError.self) { try map.updatePerCPU(UInt32(1), [UInt32(1)] + values) }
        #expect(short?.errno == .invalidArgument)
    }

    @Test func mmapableArraySharesMemoryWithTheMap() throws {
        let map = try Map(.small(.array, entries: 8, flags: .mmapable))
        let memory = try map.mapMemory()
        #expect(memory.stride == 8)
        #expect(memory.store(UInt64(77), at: 5))
        #expect(try map.lookup(UInt32(5), as: UInt64.self) == 77)
        try map.update(UInt32(2), UInt64(33))
        #expect(memory.load(at: 2, as: UInt64.self) == 33)
        #expect(memory.load(at: 8, as: UInt64.self) == nil)
        #expect(!memory.store(UInt64(1), at: 8))
    }

    @Test func frozenMmapableArrayMapsOnlyReadOnly() throws {
        let map = try Map(.small(.array, entries: 2, flags: .mmapable))
        try map.update(UInt32(1), UInt64(5))
        try map.freeze()
        let writable = #expect(throws: BPFError.self) { try map.mapMemory(writable: true) }
        #expect(writable?.errno == .notPermitted)
        #expect(writable?.operation == .system("mmap"))
        let memory = try map.mapMemory(writable: false)
        #expect(memory.load(at: 1, as: UInt64.self) == 5)
        #expect(!memory.store(UInt64(1), at: 0))
    }

    @Test func mmapOfAnOrdinaryArrayIsRefused() throws {
        let map = try Map(.small(.array, entries: 2))
        let error = #expect(throws: BPFError.self) { try map.mapMemory() }
        #expect(error?.errno == .invalidArgument || error?.errno == .operationNotSupported)
    }

    @Test func pinOpenAndInfo() throws {
        let map = try Map(.small(.hash, entries: 8, name: "pinned"))
        try map.update(UInt32(3), UInt64(9))
        let path = Environment.pinPath("map")
        try map.pin(at: path)
        defer { unlink(path) }
        let opened = try Map.open(pinnedAt: path)
        #expect(opened.type == .hash && opened.keySize == 4 && opened.valueSize == 8 && opened.maxEntries == 8)
        #expect(opened.name == "pinned")
        #expect(try opened.info().id == (try map.info().id))
        #expect(try opened.lookup(UInt32(3), as: UInt64.self) == 9)
        // The pin keeps the map alive without any descriptor.
        map.close()
        opened.close()
        #expect(try Map.open(pinnedAt: path).lookup(UInt32(3), as: UInt64.self) == 9)
    }

    @Test func readOnlyOpenRefusesUpdates() throws {
        let map = try Map(.small(.array, entries: 2, name: "readonly"))
        try map.update(UInt32(1), UInt64(4))
        let path = Environment.pinPath("readonly")
        try map.pin(at: path)
        defer { unlink(path) }
        let reader = try Map.open(pinnedAt: path, readOnly: true)
        #expect(try reader.lookup(UInt32(1), as: UInt64.self) == 4)
        let error = #expect(throws: BPFError.self) { try reader.update(UInt32(1), UInt64(5)) }
        #expect(error?.errno == .notPermitted)
    }

    @Test func mapOfMapsTakesAnInnerTemplate() throws {
        let inner = try Map(.small(.array, entries: 4, name: "inner"))
        let outer = try Map(MapParameters(type: .arrayOfMaps, keySize: 4, valueSize: 4, maxEntries: 2,
                                          name: "outer", innerMap: inner))
        try outer.update(UInt32(0), UInt32(bitPattern: try inner.descriptor.withRawValue { $0 }))
        #expect(try outer.lookup(UInt32(0), as: UInt32.self) == (try inner.info().id))
        let different = try Map(.small(.hash, entries: 4))
        let error = #expect(throws: BPFError.self) {
            try outer.update(UInt32(1), UInt32(bitPattern: try different.descriptor.withRawValue { $0 }))
        }
        #expect(error?.errno == .invalidArgument)
    }

    @Test func numaNodeSetsTheFlag() throws {
        let map = try Map(MapParameters(type: .hash, keySize: 4, valueSize: 4, maxEntries: 4, name: "numa", numaNode: 0))
        #expect(map.flags.contains(.numaNode))
        #expect(try map.info().flags.contains(.numaNode))
    }
}
