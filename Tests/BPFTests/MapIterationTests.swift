import BPFObject
import Testing

@testable import BPF

@Suite("Map iteration")
struct MapIterationTests {
    @Test func keysAndEntriesOfAHash() throws {
        let map = try Map(.small(entries: 64))
        for key in UInt32(0)..<50 { try map.update(key, UInt64(key) * 3) }
        let keys = try map.keys(as: UInt32.self)
        #expect(Set(keys) == Set(0..<50))
        #expect(keys.count == 50)
        let entries = try map.entries(keyType: UInt32.self, valueType: UInt64.self)
        #expect(entries.count == 50)
        #expect(entries.allSatisfy { UInt64($0.key) * 3 == $0.value })
    }

    @Test func emptyMapHasNoKeys() throws {
        let map = try Map(.small())
        #expect(try map.keys(as: UInt32.self).isEmpty)
    }

    @Test func arrayKeysAreAllIndices() throws {
        let map = try Map(.small(.array, entries: 5))
        #expect(try map.keys(as: UInt32.self) == [0, 1, 2, 3, 4])
    }

    @Test func deletingWhileWalkingNeverLoops() throws {
        let map = try Map(.small(entries: 64))
        for key in UInt32(0)..<64 { try map.update(key, UInt64(key)) }
        var cursor = MapKeyCursor<UInt32>(map)
        var produced = 0
        // Deleting the key the walk stands on makes the kernel restart from the
        // first key; the walk must still end.
        do {
            while let key = try cursor.next() {
                produced += 1
                try map.delete(key)
            }
        } catch {
            #expect(error.errno == .loop)
        }
        #expect(produced <= 65)
        #expect(try map.keys(as: UInt32.self).isEmpty)
    }

    @Test func entriesSkipKeysDeletedBetweenWalkAndLookup() throws {
        let map = try Map(.small(entries: 16))
        for key in UInt32(0)..<10 { try map.update(key, UInt64(key)) }
        // The race (a key deleted between GET_NEXT_KEY and LOOKUP) cannot be
        // timed from one thread, so the lookup's ENOENT is forced once.
        let forced = ForcedFailure(.noSuchEntry, for: .mapLookupElement, times: 1)
        let entries = try ForcedFailure.$current.withValue(forced) {
            try map.entries(keyType: UInt32.self, valueType: UInt64.self)
        }
        #expect(entries.count == 9)
        #expect(forced.attempts == 10)
        #expect(entries.allSatisfy { UInt64($0.key) == $0.value })
    }
}
