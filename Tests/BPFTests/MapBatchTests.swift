import BPFObject
import Glibc
import Testing

@testable import BPF

@Suite("Map batches")
struct MapBatchTests {
    @Test func updateLookupAndDeleteBatchesOnAHash() throws {
        let map = try Map(.small(.hash, entries: 1000))
        let keys = (UInt32(0)..<700).map { $0 }
        try map.updateBatch(keys: keys, values: keys.map { UInt64($0) * 2 })
        let entries = try map.lookupBatch(keyType: UInt32.self, valueType: UInt64.self, chunk: 64)
        #expect(entries.count == 700)
        #expect(Set(entries.map(\.key)) == Set(keys))
        #expect(entries.allSatisfy { $0.value == UInt64($0.key) * 2 })

        try map.deleteBatch(keys: Array(keys[0..<300]))
        #expect(try map.keys(as: UInt32.self).count == 400)
        let missing = #expect(throws: BPFError.self) { try map.deleteBatch(keys: [UInt32(0)]) }
        #expect(missing?.isKeyNotFound == true)

        let taken = try map.lookupAndDeleteBatch(keyType: UInt32.self, valueType: UInt64.self, chunk: 50)
        #expect(Set(taken.map(\.key)) == Set(keys[300...]))
        #expect(try map.keys(as: UInt32.self).isEmpty)
    }

    @Test func batchesOnAnArray() throws {
        let map = try Map(.small(.array, entries: 10))
        try map.updateBatch(keys: (UInt32(0)..<10).map { $0 }, values: (UInt64(0)..<10).map { $0 + 100 })
        let entries = try map.lookupBatch(keyType: UInt32.self, valueType: UInt64.self, chunk: 3)
        #expect(entries.map(\.key) == Array(0..<10))
        #expect(entries.map(\.value) == Array(100..<110))
    }

    @Test func updateBatchWithNoExistStopsAtThePresentKey() throws {
        let map = try Map(.small(.hash, entries: 10))
        try map.update(UInt32(2), UInt64(0))
        let error = #expect(throws: BPFError.self) {
            try map.updateBatch(keys: [UInt32(1), 2, 3], values: [UInt64(1), 2, 3], flags: .noExist)
        }
        #expect(error?.isKeyExists == true)
        #expect(try map.lookup(UInt32(1), as: UInt64.self) == 1)
        #expect(try map.lookup(UInt32(2), as: UInt64.self) == 0)
        #expect(try map.lookup(UInt32(3), as: UInt64.self) == nil)
    }

    @Test func kernelRefusesExistenceFlagsInBatches() throws {
        // Why updateBatch sends .noExist/.exist element by element.
        let map = try Map(.small(.hash, entries: 10))
        var key: UInt32 = 1
        var value: UInt64 = 1
        var attributes = MapBatchAttributes()
        attributes.mapFD = UInt32(bitPattern: try map.descriptor.withRawValue { $0 })
        attributes.count = 1
        attributes.elementFlags = MapUpdateFlags.noExist.rawValue
        let result = withUnsafeMutablePointer(to: &key) { key in
            withUnsafeMutablePointer(to: &value) { value in
                attributes.keys = UInt64(UInt(bitPattern: key))
                attributes.values = UInt64(UInt(bitPattern: value))
                return SystemCall.bpf(.mapUpdateBatch, &attributes)
            }
        }
        #expect(result == -Int(Errno.invalidArgument.rawValue))
    }

    @Test func sockmapBatchLookupFallsBackToSingleLookups() throws {
        let map = try Map(MapParameters(type: .sockmap, keySize: 4, valueSize: 8, maxEntries: 4, name: "socks"))
        let socket = Sockets.listeningTCP()
        defer { close(socket) }
        try map.update(UInt32(1), UInt64(socket))
        // The kernel refuses batch lookups on sockmaps with ENOTSUPP.
        var attributes = MapBatchAttributes()
        attributes.mapFD = UInt32(bitPattern: try map.descriptor.withRawValue { $0 })
        attributes.count = 1
        #expect(SystemCall.bpf(.mapLookupBatch, &attributes) == -Int(Errno.kernelNotSupported.rawValue))
        let entries = try map.lookupBatch(keyType: UInt32.self, valueType: UInt64.self)
        #expect(entries.count == 1)
        #expect(entries.first?.key == 1)
        #expect(entries.first?.value == Sockets.cookie(socket))
        // Lookup-and-delete is refused element by element too.
        let refused = #expect(throws: BPFError.self) { try map.lookupAndDelete(UInt32(1), as: UInt64.self) }
        #expect(refused?.isNotSupported == true)
    }

    @Test func updateBatchFallsBackWhenTheMapTypeRefuses() throws {
        let map = try Map(MapParameters(type: .sockmap, keySize: 4, valueSize: 8, maxEntries: 4, name: "socks"))
        let first = Sockets.listeningTCP()
        let second = Sockets.listeningTCP()
        defer {
            close(first)
            close(second)
        }
        try map.updateBatch(keys: [UInt32(0), 3], values: [UInt64(first), UInt64(second)])
        #expect(try map.lookup(UInt32(0), as: UInt64.self) == Sockets.cookie(first))
        #expect(try map.lookup(UInt32(3), as: UInt64.self) == Sockets.cookie(second))
        try map.deleteBatch(keys: [UInt32(0), 3])
        #expect(try map.lookup(UInt32(3), as: UInt64.self) == nil)
    }
}
