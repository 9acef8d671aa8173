import ArgumentParser
import BPF

/// `swiftbpf map`: the kernel's maps and their elements.
struct MapCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "map",
        abstract: "List, show, dump and edit the maps in the kernel.",
        discussion: """
            A map is named by its id (as `map list` prints it) or by the path it \
            is pinned at in a bpffs mount. Keys and values are raw bytes in hex: \
            "01 02 0a", "01020a" and "0x01020a" are the same three bytes, and a \
            lone digit is one byte ("1 0 0 0" is a 4-byte key). Per-CPU maps hold \
            one value per possible CPU; they are printed one line per CPU.

            Examples:
              swiftbpf map list
              swiftbpf map dump 12
              swiftbpf map update /sys/fs/bpf/counts --key "1 0 0 0" --value "2a 0 0 0 0 0 0 0"
              swiftbpf map lookup 12 --key 01000000 --json
            """,
        subcommands: [MapList.self, MapShow.self, MapDump.self, MapLookup.self, MapUpdate.self, MapDelete.self]
    )
}

/// `swiftbpf map list`.
struct MapList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List every map in the kernel.",
        discussion: """
            For each map: id, type, name, creation flags, key and value sizes in \
            bytes, max entries, the memory charged for it, its BTF id with the key \
            and value type ids, whether it is frozen, and the paths it is pinned \
            at in the bpffs mounts.

            Examples:
              swiftbpf map list
              swiftbpf map list --json | jq '.[] | select(.type == "sockmap")'
            """
    )

    @OptionGroup var output: OutputOptions

    func run() throws {
        try Self.printAll(output)
    }

    /// Prints every map.
    static func printAll(_ output: OutputOptions) throws {
        try ObjectListing.printAll(.map, output: output, open: Map.open(id:), summarize: MapSummary.init)
    }
}

/// `swiftbpf map show`.
struct MapShow: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show one map, or all of them.",
        discussion: """
            Prints what `map list` prints, for the map given by id or pinned path; \
            without one, for every map.

            Examples:
              swiftbpf map show 12
              swiftbpf map show /sys/fs/bpf/counts --json
            """
    )

    @Argument(help: "The map's id or pinned path; all maps when omitted.")
    var map: ObjectReference?

    @OptionGroup var output: OutputOptions

    func run() throws {
        guard let map else { return try MapList.printAll(output) }
        let opened = try map.openMap()
        defer { opened.close() }
        try ObjectListing.printOne(try MapSummary(opened), kind: .map, output: output)
    }
}

/// `swiftbpf map dump`.
struct MapDump: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dump",
        abstract: "Print every entry of a map.",
        discussion: """
            Walks the keys in the map's order and prints each key with its value \
            in hex, as `bpftool map dump` prints maps without BTF, followed by the \
            number of entries found. (For maps with BTF, bpftool formats values by \
            their types; this prints the bytes.) Per-CPU maps print one value per possible CPU. \
            An entry whose value cannot be read (for instance a sockmap with 4-byte \
            values, which only yields socket cookies to 8-byte lookups) is printed \
            with the error instead. Queues and stacks have no keys to walk.

            Examples:
              swiftbpf map dump 12
              swiftbpf map dump /sys/fs/bpf/counts --json
            """
    )

    @Argument(help: "The map's id or pinned path.")
    var map: ObjectReference

    @OptionGroup var output: OutputOptions

    func run() throws {
        let opened = try map.openMap()
        defer { opened.close() }
        guard opened.keySize > 0 else {
            throw CommandFailure("\(opened.displayName) has no keys to walk; it can only be popped")
        }
        let entries = try Self.entries(of: opened)
        if output.json {
            try output.printJSON(entries)
        } else {
            for entry in entries { print(entry.text) }
            // Like bpftool, entries whose value could not be read are not counted.
            let found = entries.count { $0.error == nil }
            print("Found \(found) element\(found == 1 ? "" : "s")")
        }
    }

    /// Every entry, in the map's key order.
    ///
    /// A hash map restarts its key walk when the key it stands on is deleted
    /// meanwhile, so the walk stops once it has seen more keys than the map holds.
    static func entries(of map: Map) throws -> [MapEntry] {
        var entries: [MapEntry] = []
        var key = [UInt8](repeating: 0, count: map.keySize)
        var next = key
        var value = [UInt8](repeating: 0, count: map.valueBufferSize)
        var isFirst = true
        while entries.count <= map.maxEntries {
            let found = try next.withUnsafeMutableBytes { next in
                isFirst ? try map.nextKey(after: nil, into: next)
                    : try key.withUnsafeBytes { key in try map.nextKey(after: key, into: next) }
            }
            guard found else { return entries }
            isFirst = false
            key = next
            do {
                let present = try key.withUnsafeBytes { key in
                    try value.withUnsafeMutableBytes { value in try map.lookup(key: key, into: value) }
                }
                // A key deleted between the walk and the lookup is skipped.
                if present { entries.append(MapEntry(map: map, key: key, buffer: value)) }
            } catch let error as BPFError {
                entries.append(MapEntry(key: key, error: error.errno.description))
            }
        }
        throw CommandFailure("\(map.displayName) kept changing during the dump: more keys than max_entries "
            + "(\(map.maxEntries)) were walked; dump again")
    }
}
