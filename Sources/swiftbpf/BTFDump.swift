import ArgumentParser
import BPF
import BPFObject

/// `swiftbpf btf dump`.
struct BTFDump: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dump",
        abstract: "Print the types of BTF from a file or the kernel.",
        discussion: """
            Sources:
              file PATH  raw BTF (/sys/kernel/btf/vmlinux) or an object's .BTF
              id ID      a BTF object loaded in the kernel (see `btf list`)

            The raw format lists every type with its id, kind, name and details, \
            byte for byte as `bpftool btf dump` does. The c format is a C header \
            declaring the structs, unions, enums and typedefs (like bpftool's \
            `format c`, a vmlinux.h), for `#include` in BPF programs built with \
            clang; its text is not bpftool's, but it compiles to the same layouts.

            Split BTF (a kernel module's) needs its base: files under \
            /sys/kernel/btf/ and the kernel's module BTF objects get \
            /sys/kernel/btf/vmlinux automatically; otherwise pass --base.

            Examples:
              swiftbpf btf dump file /sys/kernel/btf/vmlinux
              swiftbpf btf dump file /sys/kernel/btf/vmlinux --format c > vmlinux.h
              swiftbpf btf dump file /sys/kernel/btf/nf_tables
              swiftbpf btf dump file prog.bpf.o
              swiftbpf btf dump id 1
            """
    )

    /// Where the BTF comes from.
    enum Source: String, ExpressibleByArgument, CaseIterable {
        case file, id
    }

    /// How the types are printed.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case raw, c
    }

    @Argument(help: "Where the BTF comes from.")
    var source: Source

    @Argument(help: "The file's path, or the BTF object's id.")
    var location: String

    @Option(help: "The output format.")
    var format: Format = .raw

    @Option(help: "The base BTF of split BTF, as raw BTF or an ELF object.")
    var base: String?

    static let vmlinuxPath = "/sys/kernel/btf/vmlinux"

    func run() throws {
        let btf = try load()
        switch format {
        case .raw: print(try btf.rawDump(), terminator: "")
        case .c: print(try btf.cHeader(), terminator: "")
        }
    }

    /// Parses the BTF the arguments name.
    private func load() throws -> BTF {
        switch source {
        case .file:
            let isModule = location.hasPrefix("/sys/kernel/btf/") && location != Self.vmlinuxPath
            return try Self.parseFile(location, base: try baseBTF(isModule: isModule))
        case .id:
            guard let id = UInt32(location) else { throw ValidationError("'\(location)' is not a BTF object id") }
            let object = try KernelBTF.open(id: id)
            defer { object.close() }
            let info = try object.info()
            return try BTF.parse(bytes: try object.data(), base: try baseBTF(isModule: info.isKernel && info.name != "vmlinux"))
        }
    }

    /// The base to parse on top of: --base, else vmlinux for a kernel module's BTF.
    private func baseBTF(isModule: Bool) throws -> BTF? {
        try (base ?? (isModule ? Self.vmlinuxPath : nil)).map { try Self.parseFile($0, base: nil) }
    }

    /// Parses raw BTF, or the `.BTF` section of an ELF object.
    static func parseFile(_ path: String, base: BTF?) throws -> BTF {
        let bytes = try WholeFile.bytes(path)
        guard bytes.starts(with: [0x7f, 0x45, 0x4c, 0x46]) else { return try BTF.parse(bytes: bytes, base: base) }
        let file = try ELFFile(bytes: bytes)
        guard let section = file.section(named: ".BTF") else { throw CommandFailure("\(path) has no .BTF section") }
        return try BTF.parse(bytes: Array(file.data(of: section)), base: base)
    }
}
