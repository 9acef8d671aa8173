import BPFObject
import Glibc
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

    @Test func aWalkThatKeepsRestartingStopsAfterMaxEntries() throws {
        // Each step deletes the key the walk stands on and inserts a new one,
        // so GET_NEXT_KEY restarts from the first key every time and never
        // reaches the end. The cursor must give up instead of looping.
        let map = try Map(.small(entries: 4))
        for key in UInt32(0)..<4 { try map.update(key, UInt64(key)) }
        var cursor = MapKeyCursor<UInt32>(map)
        var fresh: UInt32 = 100
        var produced = 0
        let error = #expect(throws: BPFError.self) {
            while let key = try cursor.next() {
                produced += 1
                try map.delete(key)
                try map.update(fresh, UInt64(fresh))
                fresh += 1
            }
        }
        #expect(error?.errno == .loop)
        #expect(error?.context.contains("max_entries") == true)
        #expect(produced == 5)
    }

    @Test func entriesSkipKeysDeletedBetweenWalkAndLookup() throws {
        let map = try Map(.small(entries: 16))
        for key in UInt32(0)..<10 { try map.update(key, UInt64(key)) }
        // The race (a key deleted between GET_NEXT_KEY and LOOKUP) cannot be
        // timed from one thread, so the lookup's ENOENT is forced once.
        // The cursor steps back to the key before and asks again; as the key
        // was not really deleted, it comes back, and nothing is repeated.
        let forced = ForcedFailure(.noSuchEntry, for: .mapLookupElement, times: 1)
        let entries = try ForcedFailure.$current.withValue(forced) {
            try map.entries(keyType: UInt32.self, valueType: UInt64.self)
        }
        #expect(entries.count == 10)
        #expect(Set(entries.map(\.key)).count == 10)
        #expect(forced.attempts == 11)
        #expect(entries.allSatisfy { UInt64($0.key) == $0.value })
    }

    @Test func aKeyDeletedAheadOfTheWalkIsNotVisited() throws {
        let map = try Map(.small(.hash, entries: 16))
        for key in UInt32(0)..<6 { try map.update(key, UInt64(key)) }
        let order = try map.keys(as: UInt32.self)
        var cursor = MapEntryCursor<UInt32, UInt64>(map)
        var seen: [UInt32] = []
        while let entry = try cursor.next() {
            seen.append(entry.key)
            // Delete the key after this one, as another process might.
            if entry.key == order[1] { try map.delete(order[2]) }
        }
        #expect(seen == order.filter { $0 != order[2] })
    }

    @Test func entriesOfASparseSockmapSkipEmptySlots() throws {
        let map = try Map(MapParameters(type: .sockmap, keySize: 4, valueSize: 8, maxEntries: 8, name: "sparse"))
        let socket = Sockets.listeningTCP()
        defer { close(socket) }
        try map.update(UInt32(5), UInt64(socket))
        let entries = try map.entries(keyType: UInt32.self, valueType: UInt64.self)
        #expect(entries.map(\.key) == [5])
        #expect(entries.first?.value == Sockets.cookie(socket))
    }

    @Test func cursorStaysAtTheEnd() throws {
        let map = try Map(.small(.hash, entries: 4))
        try map.update(UInt32(1), UInt64(1))
        var cursor = MapKeyCursor<UInt32>(map)
        #expect(try cursor.next() == 1)
        #expect(try cursor.next() == nil)
        #expect(try cursor.next() == nil)
    }
}
