import BPFInstructions
import BPFObject
import Foundation

/// The CO-RE tests' inputs and oracles: the TestObjects core_* objects, the
/// custom target BTF built from core_targets/target_btf.c, and the host
/// programs that give expected answers without our engine (a C layout
/// oracle using offsetof/sizeof, and libbpf's own relocation log).
public enum COREFixtures {
    /// The repository root (three levels above this file).
    public static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    /// TestObjects/, the BPF C sources and their Makefile.
    public static let testObjects = repositoryRoot.appendingPathComponent("TestObjects")
    /// TestObjects/core_targets/, the CO-RE targets and host oracles.
    public static let targets = testObjects.appendingPathComponent("core_targets")

    /// Why a fixture could not be built.
    public struct Failure: Error, CustomStringConvertible {
        /// What went wrong.
        public var description: String
    }

    /// A scratch directory for compiled fixtures.
    public static let scratch: URL = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("swiftbpf-core-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }()

    /// Runs `tool` (found on PATH) and returns its standard output; throws on a non-zero exit.
    public static func run(_ tool: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [tool] + arguments
        let outputFile = scratch.appendingPathComponent("out-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: outputFile.path, contents: nil)
        let output = try FileHandle(forWritingTo: outputFile)
        process.standardOutput = output
        process.standardError = output
        try process.run()
        process.waitUntilExit()
        try output.close()
        let text = try String(contentsOf: outputFile, encoding: .utf8)
        guard process.terminationStatus == 0 else {
            throw Failure(description: "\(tool) \(arguments.joined(separator: " ")) failed: \(text)")
        }
        return text
    }

    /// `TestObjects/build/ENDIAN/NAME.o`, made if missing or stale.
    public static func object(_ name: String, endian: String = "bpfel") throws -> String {
        let relative = "build/\(endian)/\(name).o"
        _ = try run("make", ["-s", "-C", testObjects.path, relative])
        return testObjects.appendingPathComponent(relative).path
    }

    /// A BPF C file of core_targets compiled with `clang -O2 -g` (and `flags`) for one byte order.
    public static func compiled(_ source: String, endian: String = "bpfel", flags: [String] = []) throws -> String {
        let tag = String(flags.joined().map { $0.isLetter || $0.isNumber || $0 == "-" ? $0 : "_" })
        let output = scratch.appendingPathComponent("\(source)-\(endian)\(tag).o").path
        if !FileManager.default.fileExists(atPath: output) {
            _ = try run("clang", ["-O2", "-g"] + flags + ["-target", endian, "-I/usr/include/x86_64-linux-gnu", "-c",
                                  targets.appendingPathComponent(source).path, "-o", output])
        }
        return output
    }

    /// core_forms.c, built for v4 so that clang stores immediates with BPF_ST.
    public static func formsObject(endian: String = "bpfel") throws -> String {
        try compiled("core_forms.c", endian: endian, flags: ["-mcpu=v4"])
    }

    /// The custom target: target_btf.c, whose `.BTF` holds the types of target_types.h.
    public static func targetObject(endian: String = "bpfel") throws -> String {
        try compiled("target_btf.c", endian: endian)
    }

    /// A host program built from `source` in core_targets (with `flags`), run once; its "name value" lines.
    public static func hostOracle(_ source: String, flags: [String] = []) throws -> [String: String] {
        let binary = scratch.appendingPathComponent(source + ".bin").path
        _ = try run("clang", ["-w", "-O1"] + flags + ["-o", binary, targets.appendingPathComponent(source).path])
        var values: [String: String] = [:]
        for line in try run(binary, []).split(separator: "\n") {
            let parts = line.split(separator: " ", maxSplits: 1)
            if parts.count == 2 { values[String(parts[0])] = String(parts[1]) }
        }
        return values
    }

    /// The facts of target_types.h, from the C compiler.
    public static func targetLayout() throws -> [String: String] { try hostOracle("layout_oracle.c") }

    /// The facts core_vmlinux.c's programs return, from vmlinux.h compiled for the host.
    public static func vmlinuxLayout() throws -> [String: String] {
        _ = try object("core_vmlinux")  // makes build/vmlinux.h
        return try hostOracle("vmlinux_layout_oracle.c", flags: ["-I", testObjects.appendingPathComponent("build").path])
    }

    /// One relocation as libbpf applied it, from its debug log.
    public struct LibbpfRelocation: Hashable {
        /// What libbpf did.
        public enum Action: Hashable {
            /// It wrote this value into the instruction.
            case patched(UInt64)
            /// It poisoned the instruction.
            case poisoned
            /// It failed the program's relocation.
            case failed
        }
        /// The program libbpf relocated.
        public var program: String
        /// The instruction's index from the program's start (-1 for a failure).
        public var instruction: Int
        /// What libbpf did to it.
        public var action: Action
    }

    /// What libbpf does to `object`'s CO-RE relocations against `target` (the kernel's BTF when nil).
    public static func libbpfRelocations(_ object: String, target: String?) throws -> [LibbpfRelocation] {
        let binary = scratch.appendingPathComponent("libbpf_oracle").path
        if !FileManager.default.fileExists(atPath: binary) {
            _ = try run("cc", ["-O1", "-o", binary, targets.appendingPathComponent("libbpf_oracle.c").path, "-lbpf"])
        }
        return try run(binary, [object] + (target.map { [$0] } ?? [])).split(separator: "\n").compactMap { line in
            let fields = line.split(separator: " ").map(String.init)
            switch (fields.first, fields.count) {
            case ("patch", 4):
                guard let instruction = Int(fields[2]), let value = UInt64(fields[3]) else { return nil }
                return LibbpfRelocation(program: fields[1], instruction: instruction, action: .patched(value))
            case ("poison", 3):
                guard let instruction = Int(fields[2]) else { return nil }
                return LibbpfRelocation(program: fields[1], instruction: instruction, action: .poisoned)
            case ("fail", 2):
                return LibbpfRelocation(program: fields[1], instruction: -1, action: .failed)
            default:
                return nil
            }
        }
    }

    /// A function of the object: its name, section and slots in the section.
    public struct Function {
        /// The symbol's name.
        public var name: String
        /// The section holding its code.
        public var section: String
        /// Its slots, counted from the section's start.
        public var slots: Range<Int>
    }

    /// The functions of `file` that have code (clang marks each program with a FUNC symbol).
    public static func functions(of file: ELFFile) -> [Function] {
        file.symbols.compactMap { symbol in
            guard symbol.type == .function, let section = file.section(at: Int(symbol.sectionIndex)) else { return nil }
            let start = Int(symbol.value / 8)
            return Function(name: symbol.name, section: section.name, slots: start..<(start + Int(symbol.size / 8)))
        }
    }

    /// The instructions of `slots` in a section's decoded instructions.
    public static func slice(_ instructions: [Instruction], slots: Range<Int>) -> [Instruction] {
        var slot = 0
        var result: [Instruction] = []
        for instruction in instructions {
            if slots.contains(slot) { result.append(instruction) }
            slot += instruction.slotCount
        }
        return result
    }

    /// The decoded instructions of `section`.
    public static func instructions(of section: String, in file: ELFFile) throws -> [Instruction] {
        guard let header = file.section(named: section) else { throw Failure(description: "no section \(section)") }
        return try Instruction.decode(file.data(of: header), byteOrder: file.header.byteOrder)
    }

    /// The object's `.BTF` and `.BTF.ext`.
    public static func btf(of file: ELFFile) throws -> (BTF, BTFExt) {
        guard let btfSection = file.section(named: ".BTF"), let extSection = file.section(named: ".BTF.ext") else {
            throw Failure(description: "no .BTF or .BTF.ext")
        }
        let btf = try BTF.parse(bytes: [UInt8](file.data(of: btfSection)))
        return (btf, try BTFExt.parse(bytes: [UInt8](file.data(of: extSection)), btf: btf))
    }

    /// The id bpftool prints for the type `kind 'name'` in `file`'s BTF (`[N] STRUCT 'name' ...`).
    public static func bpftoolTypeID(_ kind: String, _ name: String, in file: String) throws -> Int? {
        let marker = "] \(kind) '\(name)'"
        for line in try run("bpftool", ["btf", "dump", "file", file]).split(separator: "\n") where line.contains(marker) {
            return Int(line.dropFirst().prefix { $0.isNumber })
        }
        return nil
    }
}

extension COREFixtures {
    /// The bytes of a file.
    public static func readFile(_ path: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    }
}

extension COREFixtures {
    /// What core_kinds.c's existence, signedness and match programs must
    /// return: facts of the declarations in target_types.h and core_kinds.c.
    public static let declarationFacts: [String: UInt64] = [
        "counter_exists": 1, "missing_exists": 0, "flag_b_signed": 0, "flag_s_signed": 1,
        "sample_exists": 1, "local_only_exists": 0, "node_pp_exists": 1, "node_pp_matches": 1,
        "mismatch_exists": 1, "mismatch_matches": 0, "green_exists": 1, "purple_exists": 0,
    ]
}

extension COREFixtures {
    /// core_kinds.c's programs that the verifier must reject (their poisoned instruction is reachable).
    public static let coreKindsRejected: Set = ["read_missing", "purple_value"]

    /// What each other core_kinds.c program returns once relocated against
    /// target_btf.c: the C compiler's layout where it is a layout fact, the
    /// declarations' facts, else the one value libbpf patched in (bitfield
    /// shifts and type ids).
    public static func coreKindsAnswers() throws -> [String: UInt32] {
        let path = try object("core_kinds")
        let layout = try targetLayout()
        let libbpf = try libbpfRelocations(path, target: try targetObject())
        let file = try ELFFile(bytes: try readFile(path))
        var answers: [String: UInt32] = ["read_missing_guarded": 77]
        for function in functions(of: file) where !coreKindsRejected.contains(function.name) {
            if let value = layout[function.name].flatMap({ UInt32($0) }) {
                answers[function.name] = value
            } else if let fact = declarationFacts[function.name] {
                answers[function.name] = UInt32(fact)
            } else if answers[function.name] == nil {
                let patches = libbpf.filter { $0.program == function.name }
                guard patches.count == 1, case .patched(let value) = patches[0].action else {
                    throw Failure(description: "no expected value for \(function.name)")
                }
                answers[function.name] = UInt32(truncatingIfNeeded: value)
            }
        }
        return answers
    }

    /// The packet core_kinds.c's read_* programs read: 14 bytes of Ethernet
    /// header (which a socket filter's data starts after), then a
    /// target-layout struct from the layout oracle.
    public static func coreKindsPacket() throws -> [UInt8] {
        guard let hex = try targetLayout()["packet"].map({ Array($0.utf8) }) else {
            throw Failure(description: "the layout oracle printed no packet")
        }
        var bytes = [UInt8](repeating: 0, count: 14)
        for index in stride(from: 0, to: hex.count - 1, by: 2) {
            guard let byte = UInt8(String(decoding: hex[index...index + 1], as: UTF8.self), radix: 16) else {
                throw Failure(description: "bad packet hex")
            }
            bytes.append(byte)
        }
        return bytes
    }
}
