import BPFObject
import Testing

@testable import BPF

@Suite("Map elements")
struct MapElementTests {
    @Test func createReportsShape() throws {
        let map = try Map(.small(.hash, entries: 32, name: "shape"))
        #expect(map.type == .hash)
        #expect(map.keySize == 4)
        #expect(map.valueSize == 8)
        #expect(map.maxEntries == 32)
        #expect(map.name == "shape")
        let info = try map.info()
        #expect(info.type == .hash && info.keySize == 4 && info.valueSize == 8 && info.maxEntries == 32)
        #expect(info.name == "shape")
        #expect(info.id != 0)
    }

    @Test func longNamesAreCutTo15Bytes() throws {
        let map = try Map(.small(name: "a_name_longer_than_fifteen"))
        #expect(map.name == "a_name_longer_t")
        #expect(try map.info().name == "a_name_longer_t")
    }

    @Test func lookupUpdateDelete() throws {
        let map = try Map(.small())
        #expect(try map.lookup(UInt32(1), as: UInt64.self) == nil)
        try map.update(UInt32(1), UInt64(100))
        #expect(try map.lookup(UInt32(1), as: UInt64.self) == 100)
        try map.update(UInt32(1), UInt64(200))
        #expect(try map.lookup(UInt32(1), as: UInt64.self) == 200)
        try map.delete(UInt32(1))
        #expect(try map.lookup(UInt32(1), as: UInt64.self) == nil)
    }

    @Test func deleteOfAbsentKeyIsKeyNotFound() throws {
        let map = try Map(.small())
        let error = #expect(throws: BPFError.self) { try map.delete(UInt32(7)) }
        #expect(error?.isKeyNotFound == true)
        #expect(error?.command == .mapDeleteElement)
        #expect(error?.errno == .noSuchEntry)
    }

    @Test func updateFlagsGiveDistinctErrors() throws {
        let map = try Map(.small())
        let missing = #expect(throws: BPFError.self) { try map.update(UInt32(1), UInt64(1), flags: .exist) }
        #expect(missing?.isKeyNotFound == true)
        #expect(missing?.isKeyExists == false)
        try map.update(UInt32(1), UInt64(1), flags: .noExist)
        let present = #expect(throws: BPFError.self) { try map.update(UInt32(1), UInt64(2), flags: .noExist) }
        #expect(present?.isKeyExists == true)
        #expect(present?.isKeyNotFound == false)
        #expect(present?.description.contains("already in the map") == true)
        try map.update(UInt32(1), UInt64(3), flags: .exist)
        #expect(try map.lookup(UInt32(1), as: UInt64.self) == 3)
    }

    @Test func arrayIndexPastMaxEntriesIsTooBig() throws {
        let map = try Map(.small(.array, entries: 4))
        try map.update(UInt32(3), UInt64(1))
        let error = #expect(throws: BPFError.self) { try map.update(UInt32(4), UInt64(1)) }
        #expect(error?.errno == .tooBig)
        #expect(error?.hint?.contains("max_entries") == true)
    }

    @Test func fullHashIsTooBig() throws {
        let map = try Map(.small(.hash, entries: 2))
        try map.update(UInt32(1), UInt64(1))
        try map.update(UInt32(2), UInt64(1))
        let error = #expect(throws: BPFError.self) { try map.update(UInt32(3), UInt64(1)) }
        #expect(error?.errno == .tooBig)
        #expect(error?.hint?.contains("full") == true)
    }

    @Test func wrongKeySizeIsRefusedBeforeTheKernel() throws {
        let map = try Map(.small())
        let error = #expect(throws: BPFError.self) { try map.update(UInt64(1), UInt64(1)) }
        #expect(error?.errno == .invalidArgument)
        #expect(error?.context.contains("4-byte key") == true)
    }

    @Test func invalidCreateParametersAreInvalidArgument() throws {
        let error = #expect(throws: BPFError.self) {
            try Map(MapParameters(type: .hash, keySize: 0, valueSize: 8, maxEntries: 1, name: "bad"))
        }
        #expect(error?.command == .mapCreate)
        #expect(error?.errno == .invalidArgument)
        #expect(error?.description.contains("BPF_MAP_CREATE") == true)
    }

    @Test func lookupAndDeleteTakesTheValue() throws {
        let map = try Map(.small())
        try map.update(UInt32(5), UInt64(55))
        #expect(try map.lookupAndDelete(UInt32(5), as: UInt64.self) == 55)
        #expect(try map.lookup(UInt32(5), as: UInt64.self) == nil)
        #expect(try map.lookupAndDelete(UInt32(5), as: UInt64.self) == nil)
    }

    @Test func queuePushAndPop() throws {
        let queue = try Map(MapParameters(type: .queue, keySize: 0, valueSize: 8, maxEntries: 4, name: "queue"))
        try queue.push(UInt64(1))
        try queue.push(UInt64(2))
        #expect(try queue.pop(as: UInt64.self) == 1)
        #expect(try queue.pop(as: UInt64.self) == 2)
        #expect(try queue.pop(as: UInt64.self) == nil)
    }

    @Test func frozenMapRefusesUserWrites() throws {
        let map = try Map(.small(.array, entries: 2))
        try map.update(UInt32(0), UInt64(9))
        try map.freeze()
        let error = #expect(throws: BPFError.self) { try map.update(UInt32(0), UInt64(1)) }
        #expect(error?.errno == .notPermitted)
        #expect(error?.hint?.contains("frozen") == true)
        #expect(try map.lookup(UInt32(0), as: UInt64.self) == 9)
    }

    @Test func byteLevelAccess() throws {
        let map = try Map(.small())
        let key: [UInt8] = [1, 0, 0, 0]
        let value: [UInt8] = [1, 2, 3, 4, 5, 6, 7, 8]
        try key.withUnsafeBytes { key in
            try value.withUnsafeBytes { value in try map.update(key: key, value: value) }
        }
        var out = [UInt8](repeating: 0, count: 8)
        let found = try key.withUnsafeBytes { key in
            try out.withUnsafeMutableBytes { out in try map.lookup(key: key, into: out) }
        }
        #expect(found)
        #expect(out == value)
        #expect(try map.lookup(UInt32(1), as: UInt64.self) == UInt64(littleEndian: 0x0807_0605_0403_0201))
    }
}
