import Foundation

/// The kernel's own description of its types, from
/// `bpftool btf dump file /sys/kernel/btf/vmlinux` (raw format): the oracle
/// for layouts newer than the installed uapi header.
struct KernelBTFDump {
    struct Member {
        var name: String
        var typeID: Int
        var bitOffset: Int
        /// An enumerator's value.
        var value: Int?
    }

    struct TypeEntry {
        var kind: String
        var name: String
        var attributes: [String: Int]
        var members: [Member]
    }

    private var types: [Int: TypeEntry] = [:]
    private var byName: [String: Int] = [:]

    /// The running kernel's BTF, parsed once for all tests.
    static let vmlinux = Result { try load() }

    /// Runs bpftool and parses its output.
    private static func load() throws -> KernelBTFDump {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/sbin/bpftool")
        process.arguments = ["btf", "dump", "file", "/sys/kernel/btf/vmlinux"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return KernelBTFDump(text: String(decoding: data, as: UTF8.self))
    }

    init(text: String) {
        var current: (id: Int, entry: TypeEntry)?
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            if line.first == "[" {
                if let current { store(current) }
                current = Self.parseType(line)
            } else if line.first == "\t", current != nil, let member = Self.parseMember(line) {
                current?.entry.members.append(member)
            }
        }
        if let current { store(current) }
    }

    private mutating func store(_ type: (id: Int, entry: TypeEntry)) {
        types[type.id] = type.entry
        byName["\(type.entry.kind) \(type.entry.name)"] = type.id
    }

    /// `[12] STRUCT 'name' size=8 vlen=2`
    private static func parseType(_ line: Substring) -> (id: Int, entry: TypeEntry)? {
        guard let close = line.firstIndex(of: "]"), let id = Int(line[line.index(after: line.startIndex)..<close]) else {
            return nil
        }
        let rest = line[line.index(after: close)...].drop { $0 == " " }
        let kind = rest.prefix { $0 != " " }
        guard let (name, tail) = quoted(rest.dropFirst(kind.count)) else { return nil }
        return (id, TypeEntry(kind: String(kind), name: name, attributes: numbers(tail), members: []))
    }

    /// `\t'name' type_id=5 bits_offset=32`, or `\t'NAME' val=3` in an enum.
    private static func parseMember(_ line: Substring) -> Member? {
        guard let (name, tail) = quoted(line) else { return nil }
        let fields = numbers(tail)
        guard fields["type_id"] != nil || fields["val"] != nil else { return nil }
        return Member(name: name, typeID: fields["type_id"] ?? 0, bitOffset: fields["bits_offset"] ?? 0, value: fields["val"])
    }

    private static func quoted(_ text: Substring) -> (String, Substring)? {
        guard let open = text.firstIndex(of: "'") else { return nil }
        let afterOpen = text.index(after: open)
        guard let close = text[afterOpen...].firstIndex(of: "'") else { return nil }
        return (String(text[afterOpen..<close]), text[text.index(after: close)...])
    }

    private static func numbers(_ text: Substring) -> [String: Int] {
        var result: [String: Int] = [:]
        for pair in text.split(separator: " ") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            if parts.count == 2, let value = Int(parts[1]) { result[String(parts[0])] = value }
        }
        return result
    }

    /// The id of the type `kind name`, such as `UNION bpf_attr`.
    func id(of kindAndName: String) -> Int? { byName[kindAndName] }

    /// The values of the enum `name`, by enumerator name.
    func enumerators(of name: String) -> [String: Int] {
        guard let id = byName["ENUM \(name)"] ?? byName["ENUM64 \(name)"], let type = types[id] else { return [:] }
        return Dictionary(type.members.compactMap { member in member.value.map { (member.name, $0) } },
                          uniquingKeysWith: { first, _ in first })
    }

    /// The size in bytes of type `id`.
    func size(of id: Int) -> Int? {
        guard let type = types[id] else { return nil }
        switch type.kind {
        case "INT", "STRUCT", "UNION", "ENUM", "ENUM64": return type.attributes["size"]
        case "PTR": return 8
        case "ARRAY":
            guard let element = type.attributes["type_id"], let count = type.attributes["nr_elems"] else { return nil }
            return size(of: element).map { $0 * count }
        default:
            return type.attributes["type_id"].flatMap { size(of: $0) }
        }
    }

    private func resolved(_ id: Int) -> TypeEntry? {
        guard let type = types[id] else { return nil }
        if ["TYPEDEF", "CONST", "VOLATILE", "RESTRICT", "TYPE_TAG"].contains(type.kind), let next = type.attributes["type_id"] {
            return resolved(next)
        }
        return type
    }

    /// The bit offset and type of member `name` of composite `id`, looking
    /// through anonymous structs and unions.
    func member(_ name: String, in id: Int) -> (bitOffset: Int, typeID: Int)? {
        guard let type = resolved(id) else { return nil }
        for member in type.members {
            if member.name == name { return (member.bitOffset, member.typeID) }
            if member.name == "(anon)", let inner = self.member(name, in: member.typeID) {
                return (member.bitOffset + inner.bitOffset, inner.typeID)
            }
        }
        return nil
    }

    /// The anonymous member of composite `id` that contains `anchor`.
    func anonymousMember(containing anchor: String, in id: Int) -> (bitOffset: Int, typeID: Int)? {
        guard let type = resolved(id) else { return nil }
        for member in type.members where member.name == "(anon)" && self.member(anchor, in: member.typeID) != nil {
            return (member.bitOffset, member.typeID)
        }
        return nil
    }

    /// The byte offset and size of the dotted `path` inside composite `id`.
    func layout(of path: String, in id: Int) -> (offset: Int, size: Int)? {
        var bitOffset = 0
        var typeID = id
        for component in path.split(separator: ".") {
            guard let found = member(String(component), in: typeID) else { return nil }
            bitOffset += found.bitOffset
            typeID = found.typeID
        }
        return size(of: typeID).map { (bitOffset / 8, $0) }
    }
}
