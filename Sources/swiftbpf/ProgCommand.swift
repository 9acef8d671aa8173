import ArgumentParser
import BPF
import BPFInstructions

/// `swiftbpf prog`: the kernel's loaded programs.
struct ProgCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prog",
        abstract: "List, show and disassemble the programs loaded in the kernel.",
        discussion: """
            A program is named by its id (as `prog list` prints it) or by the path \
            it is pinned at in a bpffs mount. The output follows bpftool's, field \
            for field; --json uses bpftool's JSON key names.

            Examples:
              swiftbpf prog list
              swiftbpf prog show 42 --json
              swiftbpf prog dump /sys/fs/bpf/my_prog
            """,
        subcommands: [ProgList.self, ProgShow.self, ProgDump.self]
    )
}

/// `swiftbpf prog list`.
struct ProgList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List every program loaded in the kernel.",
        discussion: """
            For each program: id, type, name, tag (a hash of its instructions), \
            whether its license is GPL-compatible, when and by which uid it was \
            loaded, its translated and JIT-compiled sizes, the memory charged for \
            it, the maps it uses, its BTF id, how many instructions the verifier \
            processed, and the paths it is pinned at in the bpffs mounts. Run-time \
            statistics appear while they are enabled (sysctl kernel.bpf_stats_enabled=1).

            Programs loaded or unloaded while the list is read may be missing.

            Examples:
              swiftbpf prog list
              swiftbpf prog list --json | jq '.[] | select(.type == "xdp")'
            """
    )

    @OptionGroup var output: OutputOptions

    func run() throws {
        try Self.printAll(output)
    }

    /// Prints every program.
    static func printAll(_ output: OutputOptions) throws {
        try ObjectListing.printAll(.program, output: output, open: Program.open(id:), summarize: ProgSummary.init)
    }
}

/// `swiftbpf prog show`.
struct ProgShow: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show one program, or all of them.",
        discussion: """
            Prints what `prog list` prints, for the program given by id or pinned \
            path; without one, for every program.

            Examples:
              swiftbpf prog show 42
              swiftbpf prog show /sys/fs/bpf/my_prog --json
            """
    )

    @Argument(help: "The program's id or pinned path; all programs when omitted.")
    var program: ObjectReference?

    @OptionGroup var output: OutputOptions

    func run() throws {
        guard let program else { return try ProgList.printAll(output) }
        let opened = try program.openProgram()
        defer { opened.close() }
        try ObjectListing.printOne(try ProgSummary(opened), kind: .program, output: output)
    }
}

/// `swiftbpf prog dump`.
struct ProgDump: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dump",
        abstract: "Disassemble a program's instructions as the kernel runs them.",
        discussion: """
            Prints the translated instructions: the program after the verifier's \
            rewrites, as `bpftool prog dump xlated` prints them. Each line has the \
            slot index, the opcode in hex and the instruction in the kernel's \
            notation. Maps appear as map[id:N] and map values as map[id:N][0]+OFF. \
            Calls name their target from /proc/kallsyms, as bpftool does: helpers \
            by the kernel function the verifier chose (which may differ from the \
            helper's name, such as __htab_map_lookup_elem), BPF-to-BPF calls as \
            pc+N#bpf_prog_TAG_NAME. Programs with BTF get bpftool's function \
            headers (`int name(struct __sk_buff * skb):`) and `; source` lines; \
            the JSON form has the instructions only. The verifier's auxiliary \
            register, which its rewrites of signed division by a register, of \
            some context fields and constant blinding use, prints as r11.

            Examples:
              swiftbpf prog dump 42
              swiftbpf prog dump /sys/fs/bpf/my_prog --json
            """
    )

    @Argument(help: "The program's id or pinned path.")
    var program: ObjectReference

    @OptionGroup var output: OutputOptions

    /// One line of the listing in JSON.
    private struct Line: Encodable {
        var pc: Int
        var disasm: String
    }

    func run() throws {
        let opened = try program.openProgram()
        defer { opened.close() }
        let info = try opened.info()
        let instructions = try Instruction.decode(info.translatedInstructions, byteOrder: .host, origin: .kernelTranslated)
        let targets = try ProgCallTargets(instructions: instructions,
                                          functionAddresses: try opened.jitedFunctionAddresses())
        let disassembler = Disassembler.bpftoolXlated { targets.name(for: $0) }
        if output.json {
            var lines: [Line] = []
            var slot = 0
            for instruction in instructions {
                lines.append(Line(pc: slot, disasm: disassembler.text(of: instruction)))
                slot += instruction.slotCount
            }
            try output.printJSON(lines)
        } else {
            var annotations = try ProgSourceAnnotations(program: opened)
            var text = ""
            var slot = 0
            for (instruction, line) in zip(instructions, disassembler.listing(instructions).split(separator: "\n")) {
                for annotation in annotations.lines(before: slot) { text += annotation + "\n" }
                text += line + "\n"
                slot += instruction.slotCount
            }
            print(text, terminator: "")
        }
    }
}
