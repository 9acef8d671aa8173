import ArgumentParser
import BPF
import BPFObject

/// `swiftbpf map lookup`.
struct MapLookup: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lookup",
        abstract: "Print the value stored under a key.",
        discussion: """
            The key must have the map's key size. Per-CPU maps print one value per \
            possible CPU. A missing key is an error (exit status 1).

            Examples:
              swiftbpf map lookup 12 --key "01 00 00 00"
              swiftbpf map lookup /sys/fs/bpf/counts --key 0x01000000 --json
            """
    )

    @Argument(help: "The map's id or pinned path.")
    var map: ObjectReference

    @Option(help: "The key in hex: \"01 00 00 00\", 01000000 or 0x01000000.")
    var key: HexBytes

    @OptionGroup var output: OutputOptions

    func run() throws {
        let opened = try map.openMap()
        defer { opened.close() }
        var value = [UInt8](repeating: 0, count: opened.valueBufferSize)
        let found = try key.bytes.withUnsafeBytes { key in
            try value.withUnsafeMutableBytes { value in try opened.lookup(key: key, into: value) }
        }
        guard found else { throw CommandFailure("key \(key) is not in \(opened.displayName)") }
        let entry = MapEntry(map: opened, key: key.bytes, buffer: value)
        if output.json { try output.printJSON(entry) } else { print(entry.text) }
    }
}

/// `swiftbpf map update`.
struct MapUpdate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "update",
        abstract: "Store a value under a key.",
        discussion: """
            The key and value must have the map's key and value sizes. For a \
            per-CPU map, one value is stored for every CPU, or give the values of \
            all possible CPUs one after the other.

            --flags any (the default) creates or replaces the entry, noexist only \
            creates (EEXIST if the key is present), exist only replaces (ENOENT if \
            it is absent). Arrays always hold every index, so noexist fails on them.

            Examples:
              swiftbpf map update 12 --key "01 00 00 00" --value "2a 00 00 00 00 00 00 00"
              swiftbpf map update 12 --key 01000000 --value 2a00000000000000 --flags noexist
            """
    )

    /// `BPF_ANY`, `BPF_NOEXIST`, `BPF_EXIST`.
    enum UpdateFlag: String, ExpressibleByArgument, CaseIterable {
        case any, noexist, exist

        var flags: MapUpdateFlags {
            switch self {
            case .any: .any
            case .noexist: .noExist
            case .exist: .exist
            }
        }
    }

    @Argument(help: "The map's id or pinned path.")
    var map: ObjectReference

    @Option(help: "The key in hex: \"01 00 00 00\", 01000000 or 0x01000000.")
    var key: HexBytes

    @Option(help: "The value in hex, like the key.")
    var value: HexBytes

    @Option(help: "Whether the key may or must exist already.")
    var flags: UpdateFlag = .any

    func run() throws {
        let opened = try map.openMap()
        defer { opened.close() }
        let buffer = try Self.valueBuffer(value.bytes, for: opened)
        try key.bytes.withUnsafeBytes { key in
            try buffer.withUnsafeBytes { value in try opened.update(key: key, value: value, flags: flags.flags) }
        }
    }

    /// What the kernel takes as the value: the bytes as given, or for a
    /// per-CPU map one value for every CPU, each in an 8-byte-aligned slot.
    static func valueBuffer(_ value: [UInt8], for map: Map) throws -> [UInt8] {
        guard map.type.isPerCPU, map.valueSize > 0 else { return value }
        let step = MapEntry.perCPUStride(map.valueSize)
        let cpus = map.valueBufferSize / step
        let perCPU: [ArraySlice<UInt8>]
        switch value.count {
        case map.valueSize:
            perCPU = Array(repeating: value[...], count: cpus)
        case map.valueSize * cpus:
            perCPU = stride(from: 0, to: value.count, by: map.valueSize).map { value[$0..<$0 + map.valueSize] }
        case map.valueBufferSize:
            return value
        default:
            throw CommandFailure("\(map.displayName) takes \(map.valueSize)-byte values: one for every CPU, "
                + "or \(cpus) of them one after the other (\(map.valueSize * cpus) bytes), not \(value.count) bytes")
        }
        var buffer = [UInt8](repeating: 0, count: map.valueBufferSize)
        for (cpu, bytes) in perCPU.enumerated() {
            buffer.replaceSubrange(cpu * step..<cpu * step + bytes.count, with: bytes)
        }
        return buffer
    }
}

/// `swiftbpf map delete`.
struct MapDelete: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete",
        abstract: "Remove a key from a map.",
        discussion: """
            Fails with ENOENT if the key is not in the map. Array elements cannot \
            be deleted (EINVAL); update them instead.

            Examples:
              swiftbpf map delete 12 --key "01 00 00 00"
              swiftbpf map delete /sys/fs/bpf/counts --key 01000000
            """
    )

    @Argument(help: "The map's id or pinned path.")
    var map: ObjectReference

    @Option(help: "The key in hex: \"01 00 00 00\", 01000000 or 0x01000000.")
    var key: HexBytes

    func run() throws {
        let opened = try map.openMap()
        defer { opened.close() }
        try key.bytes.withUnsafeBytes { key in try opened.delete(key: key) }
    }
}
