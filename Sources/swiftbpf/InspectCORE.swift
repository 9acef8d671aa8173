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
        if output.json {
            try output.printJSON(results.map(Row.init))
        } else {
            results.forEach { print($0) }
        }
    }

    /// One relocation in the JSON listing.
    struct Row: Encodable {
        var section: String
        var instruction: Int
        var kind: String
        var access: String
        var accessString: String
        var value: UInt64?
        var original: UInt64?
        var target: String?
        var poisoned: String?
        var error: String?
        var rejectedCandidates: [String]

        init(_ result: CORERelocationResult) {
            section = result.section
            instruction = result.instructionIndex
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
