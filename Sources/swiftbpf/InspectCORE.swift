import ArgumentParser
import BPFObject
import Foundation

/// `swiftbpf core OBJ`: lists every CO-RE relocation of an object with the
/// value it resolves to on the target, or why it has none, without loading.
struct CORECommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "core",
        abstract: "Dry-run an object's CO-RE relocations against the kernel's BTF or a BTF file."
    )

    @Argument(help: "The BPF object file (clang -g -target bpf).")
    var object: String

    @Option(name: .customLong("target-btf"), help: "Resolve against this BTF (raw, or an ELF with .BTF) instead of the kernel's.")
    var targetBTF: String?

    @OptionGroup var output: OutputOptions

    func run() throws {
        let file = try ELFFile(bytes: [UInt8](try Data(contentsOf: URL(fileURLWithPath: object))))
        let target = try targetBTF.map { path throws(COREError) in try CORETarget.file(path) } ?? CORETarget.kernel()
        let results = try CORERelocationPass.dryRun(object: file, target: target)
        let functions = file.symbols.filter { $0.type == .function }
        // The function holding each relocated instruction, and the instruction's index in it.
        let places = results.map { result in
            functions.first { symbol in
                file.section(at: Int(symbol.sectionIndex))?.name == result.section
                    && (symbol.value / 8..<(symbol.value + symbol.size) / 8).contains(UInt64(result.instructionIndex))
            }.map { (name: $0.name, instruction: result.instructionIndex - Int($0.value / 8)) }
        }
        if output.json {
            try output.printJSON(zip(results, places).map { Row($0, place: $1) })
        } else {
            for (result, place) in zip(results, places) {
                print((place.map { "\($0.name)+\($0.instruction): " } ?? "") + result.description)
            }
        }
    }

    /// One relocation in the JSON listing.
    struct Row: Encodable {
        var section: String
        var instruction: Int
        var program: String?
        var programInstruction: Int?
        var kind: String
        var access: String
        var accessString: String
        var value: UInt64?
        var original: UInt64?
        var target: String?
        var poisoned: String?
        var error: String?
        var rejectedCandidates: [String]

        init(_ result: CORERelocationResult, place: (name: String, instruction: Int)?) {
            section = result.section
            instruction = result.instructionIndex
            program = place?.name
            programInstruction = place?.instruction
            kind = result.kind.description
            access = result.access
            accessString = result.accessString
            target = result.target
            rejectedCandidates = result.rejectedCandidates
            switch result.outcome {
            case .relocated(let original, let value):
                self.original = original
                self.value = value
            case .poisoned(let reason): poisoned = reason
            case .failed(let failure): error = failure.description
            }
        }
    }
}
