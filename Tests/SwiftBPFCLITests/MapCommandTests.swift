import BPF
import BPFObject
import Foundation
import Testing

/// `swiftbpf map …` against the maps the test creates, the library's view of
/// their elements, and bpftool's `map show` and `map dump`.
@Suite struct MapCommandTests {
    static func hashMap(_ name: String) throws -> (Map, String) {
        let map = try Map(MapParameters(type: .hash, keySize: 4, valueSize: 8, maxEntries: 16, name: name))
        return (map, "\(try map.info().id)")
    }

    @Test func showMatchesTheKernelAndBpftool() throws {
        let (map, id) = try Self.hashMap("cli_show")
        defer { map.close() }
        let json = try #require(try CLI.succeed("map", "show", id, "--json").json() as? [String: Any])
        let oracle = try #require(try CLI.bpftool("-j", "map", "show", "id", id).json() as? [String: Any])
        #expect(json["type"] as? String == "hash")
        #expect(json["name"] as? String == "cli_show")
        #expect(json["bytes_key"] as? Int == 4)
        #expect(json["bytes_value"] as? Int == 8)
        #expect(json["max_entries"] as? Int == 16)
        for (key, value) in oracle where key != "pids" {
            #expect(json[key].map { "\($0)" } == "\(value)", "field \(key)")
        }
        let text = try CLI.succeed("map", "show", id).output
        let memlock = try #require(oracle["bytes_memlock"] as? Int)
        #expect(text == "\(id): hash  name cli_show  flags 0x0\n\tkey 4B  value 8B  max_entries 16  memlock \(memlock)B\n")

        try map.freeze()
        let frozen = try CLI.succeed("map", "show", id).output
        #expect(frozen.hasSuffix("\n\tfrozen\n"))
        #expect((try CLI.succeed("map", "show", id, "--json").json() as? [String: Any])?["frozen"] as? Int == 1)
        let listed = try #require(try CLI.succeed("map", "list", "--json").json() as? [[String: Any]])
        #expect(listed.contains { $0["id"] as? Int == Int(id) && $0["frozen"] as? Int == 1 })
    }

    @Test func updateLookupDeleteRoundTrip() throws {
        let (map, id) = try Self.hashMap("cli_elements")
        defer { map.close() }
        // Three spellings of hex.
        _ = try CLI.succeed("map", "update", id, "--key", "01 00 00 00", "--value", "0102030405060708")
        _ = try CLI.succeed("map", "update", id, "--key", "0x02000000", "--value", "0x2a00000000000000", "--flags", "noexist")
        _ = try CLI.succeed("map", "update", id, "--key", "3 0 0 0", "--value", "ff ee dd cc bb aa 99 88")
        #expect(try map.lookup(UInt32(1), as: UInt64.self) == 0x0807_0605_0403_0201)
        #expect(try map.lookup(UInt32(2), as: UInt64.self) == 42)
        #expect(try map.lookup(UInt32(3), as: UInt64.self) == 0x8899_aabb_ccdd_eeff)

        let lookup = try CLI.succeed("map", "lookup", id, "--key", "02000000").output
        #expect(lookup == "key: 02 00 00 00  value: 2a 00 00 00 00 00 00 00\n")
        let json = try #require(try CLI.succeed("map", "lookup", id, "--key", "02000000", "--json").json() as? [String: Any])
        #expect(json["key"] as? [String] == ["0x02", "0x00", "0x00", "0x00"])
        #expect(json["value"] as? [String] == ["0x2a", "0x00", "0x00", "0x00", "0x00", "0x00", "0x00", "0x00"])

        // The dump, text and JSON, is bpftool's.
        try Self.expectDumpMatchesBpftool(id)

        _ = try CLI.succeed("map", "update", id, "--key", "02000000", "--value", "0700000000000000", "--flags", "exist")
        #expect(try map.lookup(UInt32(2), as: UInt64.self) == 7)
        _ = try CLI.succeed("map", "delete", id, "--key", "02000000")
        #expect(try map.lookup(UInt32(2), as: UInt64.self) == nil)
        let missing = try CLI.run("map", "lookup", id, "--key", "02000000")
        #expect(missing.status != 0)
        #expect(missing.error.contains("key 02 00 00 00 is not in hash map 'cli_elements'"))
        #expect(try CLI.succeed("map", "dump", id).output.hasSuffix("Found 2 elements\n"))
    }

    static func expectDumpMatchesBpftool(_ id: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let ours = try CLI.succeed("map", "dump", id).output
        let expected = try CLI.bpftool("map", "dump", "id", id).output
        expectSameLines(ours, expected, "map dump \(id)", sourceLocation: sourceLocation)
        let ourJSON = try #require(try CLI.succeed("map", "dump", id, "--json").json() as? NSArray)
        let expectedJSON = try #require(try CLI.bpftool("-j", "map", "dump", "id", id).json() as? NSArray)
        #expect(ourJSON == expectedJSON, sourceLocation: sourceLocation)
    }

    @Test func perCPUValuesArePrintedAndWrittenForEveryCPU() throws {
        let map = try Map(MapParameters(type: .perCPUArray, keySize: 4, valueSize: 4, maxEntries: 3, name: "cli_percpu"))
        defer { map.close() }
        let id = "\(try map.info().id)"
        let cpus = map.valueBufferSize / 8
        // One value is stored for every CPU.
        _ = try CLI.succeed("map", "update", id, "--key", "01000000", "--value", "0a0b0c0d")
        let lookup = try CLI.succeed("map", "lookup", id, "--key", "01000000").output
        let expectedLines = ["key:", "01 00 00 00"] + (0..<cpus).map { String(format: "value (CPU %02d): 0a 0b 0c 0d", $0) }
        #expect(lookup == expectedLines.joined(separator: "\n") + "\n")
        // Or one value per CPU, one after the other.
        let perCPU = (0..<cpus).map { String(format: "%02x000000", $0 + 1) }.joined()
        _ = try CLI.succeed("map", "update", id, "--key", "02000000", "--value", perCPU)
        let json = try #require(try CLI.succeed("map", "lookup", id, "--key", "02000000", "--json").json() as? [String: Any])
        let values = try #require(json["values"] as? [[String: Any]])
        #expect(values.count == cpus)
        for (cpu, entry) in values.enumerated() {
            #expect(entry["cpu"] as? Int == cpu)
            #expect(entry["value"] as? [String] == [String(format: "0x%02x", cpu + 1), "0x00", "0x00", "0x00"])
        }
        try Self.expectDumpMatchesBpftool(id)

        let wrong = try CLI.run("map", "update", id, "--key", "01000000", "--value", "0102")
        #expect(wrong.status != 0)
        #expect(wrong.error.contains("takes 4-byte values"))
    }

    @Test func longKeysAndValuesBreakLinesAsBpftoolDoes() throws {
        let map = try Map(MapParameters(type: .hash, keySize: 20, valueSize: 36, maxEntries: 2, name: "cli_wide"))
        defer { map.close() }
        let id = "\(try map.info().id)"
        _ = try CLI.succeed("map", "update", id, "--key", (0..<20).map { String(format: "%02x", $0) }.joined(),
                            "--value", (0..<36).map { String(format: "%02x", 255 - $0) }.joined())
        try Self.expectDumpMatchesBpftool(id)
    }

    @Test func errorsNameTheProblem() throws {
        let (map, id) = try Self.hashMap("cli_errors")
        defer { map.close() }
        let wrongKey = try CLI.run("map", "lookup", id, "--key", "010000")
        #expect(wrongKey.status != 0)
        #expect(wrongKey.error.contains("takes 4-byte keys, not 3 bytes"))
        #expect(wrongKey.error.contains("EINVAL"))

        let wrongValue = try CLI.run("map", "update", id, "--key", "01000000", "--value", "01")
        #expect(wrongValue.status != 0)
        #expect(wrongValue.error.contains("takes 8-byte values, not 1 bytes"))

        let badHex = try CLI.run("map", "lookup", id, "--key", "01zz")
        #expect(badHex.status != 0)
        #expect(badHex.error.contains("'01zz' is invalid for '--key"))

        _ = try CLI.succeed("map", "update", id, "--key", "01000000", "--value", "0000000000000000")
        let exists = try CLI.run("map", "update", id, "--key", "01000000", "--value", "0000000000000000", "--flags", "noexist")
        #expect(exists.status != 0)
        #expect(exists.error.contains("EEXIST"))
        let absent = try CLI.run("map", "update", id, "--key", "05000000", "--value", "0000000000000000", "--flags", "exist")
        #expect(absent.status != 0)
        #expect(absent.error.contains("ENOENT"))
        let deleteAbsent = try CLI.run("map", "delete", id, "--key", "05000000")
        #expect(deleteAbsent.status != 0)
        #expect(deleteAbsent.error.contains("the key is not in the map"))

        let unknown = try CLI.run("map", "dump", "\(UInt32.max)")
        #expect(unknown.status != 0)
        #expect(unknown.error.contains("open map with id \(UInt32.max)"))
    }

    @Test func unreadableValuesAndKeylessMaps() throws {
        // A sockmap yields socket cookies only to 8-byte lookups; with 4-byte values every lookup is ENOSPC.
        let sockmap = try Map(MapParameters(type: .sockmap, keySize: 4, valueSize: 4, maxEntries: 2, name: "cli_sockmap"))
        let queue = try Map(MapParameters(type: .queue, keySize: 0, valueSize: 4, maxEntries: 2, name: "cli_queue"))
        defer { sockmap.close(); queue.close() }
        let id = "\(try sockmap.info().id)"
        let text = try CLI.succeed("map", "dump", id).output
        #expect(text == "key: 00 00 00 00  error: ENOSPC (No space left on device)\n"
            + "key: 01 00 00 00  error: ENOSPC (No space left on device)\nFound 0 elements\n")
        #expect(try CLI.bpftool("map", "dump", "id", id).output.hasSuffix("Found 0 elements\n"))
        let json = try #require(try CLI.succeed("map", "dump", id, "--json").json() as? [[String: Any]])
        #expect(json.map { $0["error"] as? String } == Array(repeating: "ENOSPC (No space left on device)", count: 2))

        let keyless = try CLI.run("map", "dump", "\(try queue.info().id)")
        #expect(keyless.status != 0)
        #expect(keyless.error.contains("queue map 'cli_queue' has no keys to walk"))
    }

    @Test func pinnedMapsAreFoundByPath() throws {
        let (map, id) = try Self.hashMap("cli_pinned")
        defer { map.close() }
        let path = CLI.pinPath("map")
        try map.pin(at: path)
        defer { unlink(path) }
        _ = try CLI.succeed("map", "update", path, "--key", "09000000", "--value", "0100000000000000")
        #expect(try map.lookup(UInt32(9), as: UInt64.self) == 1)
        let shown = try #require(try CLI.succeed("map", "show", path, "--json").json() as? [String: Any])
        #expect(shown["id"] as? Int == Int(id))
        // Pins are found by walking the bpffs mounts.
        #expect(shown["pinned"] as? [String] == [path])
        #expect(try CLI.succeed("map", "show", id).output.hasSuffix("\n\tpinned \(path)\n"))
        let listed = try #require(try CLI.succeed("map", "list", "--json").json() as? [[String: Any]])
        #expect(listed.first { $0["id"] as? Int == Int(id) }?["pinned"] as? [String] == [path])
    }
}
