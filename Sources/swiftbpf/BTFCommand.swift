import ArgumentParser
import BPF
import BPFObject

/// `swiftbpf btf`: BTF in files and in the kernel.
struct BTFCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "btf",
        abstract: "List the kernel's BTF objects and dump BTF from files or the kernel.",
        discussion: """
            BTF (BPF Type Format) describes the types of the kernel, of its \
            modules and of BPF programs and maps. The raw dump lists every type \
            exactly as `bpftool btf dump` does.

            Examples:
              swiftbpf btf list
              swiftbpf btf dump file /sys/kernel/btf/vmlinux
              swiftbpf btf dump file prog.bpf.o
              swiftbpf btf dump id 1
            """,
        subcommands: [BTFList.self, BTFDump.self]
    )
}

/// `swiftbpf btf list`.
struct BTFList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List every BTF object loaded in the kernel.",
        discussion: """
            For each BTF object: id, name ([vmlinux] or [module] for the kernel's \
            own, else the name given at load), size in bytes, and the ids of the \
            programs and maps that use it.

            Examples:
              swiftbpf btf list
              swiftbpf btf list --json
            """
    )

    @OptionGroup var output: OutputOptions

    func run() throws {
        var users = BTFUsers()
        try users.collect()
        try ObjectListing.printAll(.btf, output: output, open: KernelBTF.open(id:)) { btf in
            try BTFSummary(btf, users: users)
        }
    }
}

/// The programs and maps that use each BTF object.
struct BTFUsers {
    var programs: [UInt32: [UInt32]] = [:]
    var maps: [UInt32: [UInt32]] = [:]

    /// Reads the BTF id of every live program and map.
    mutating func collect() throws {
        for id in try KernelObjectKind.program.ids() {
            guard let program = try? Program.open(id: id) else { continue }
            defer { program.close() }
            let btfID = try program.info().btfID
            if btfID > 0 { programs[btfID, default: []].append(id) }
        }
        for id in try KernelObjectKind.map.ids() {
            guard let map = try? Map.open(id: id) else { continue }
            defer { map.close() }
            let btfID = try map.info().btfID
            if btfID > 0 { maps[btfID, default: []].append(id) }
        }
    }
}

/// What `btf list` prints about one BTF object, with bpftool's JSON key names.
struct BTFSummary: ObjectSummary {
    var id: UInt32
    var size: UInt32
    var name: String?
    var kernel: Bool
    var programIDs: [UInt32]
    var mapIDs: [UInt32]
    var pinned: [String]?

    private enum CodingKeys: String, CodingKey {
        case id, pinned, size, name, kernel
        case programIDs = "prog_ids"
        case mapIDs = "map_ids"
    }

    init(_ btf: KernelBTF, users: BTFUsers) throws {
        let info = try btf.info()
        id = info.id
        size = info.size
        name = info.name.isEmpty ? nil : info.name
        kernel = info.isKernel
        programIDs = users.programs[info.id] ?? []
        mapIDs = users.maps[info.id] ?? []
    }

    /// bpftool's layout: `ID: name NAME  size NB  prog_ids A,B  map_ids C`.
    var text: String {
        var text = "\(id): "
        if kernel {
            text += "name [\(name ?? "")]  "
        } else {
            text += "name \(name ?? "<anon>")  "
        }
        text += "size \(size)B"
        if !programIDs.isEmpty { text += "  prog_ids " + programIDs.map(String.init).joined(separator: ",") }
        if !mapIDs.isEmpty { text += "  map_ids " + mapIDs.map(String.init).joined(separator: ",") }
        return text
    }
}
