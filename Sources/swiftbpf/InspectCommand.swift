import ArgumentParser
import BPFObject

/// `swiftbpf inspect OBJ`: what an object file declares, read without the kernel.
struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "List an object's sections, maps, programs, relocations, externs and BTF.")

    @Argument(help: "The BPF object file (.o).")
    var object: String

    @OptionGroup var output: OutputOptions

    func run() throws {
        let spec: ObjectSpec
        do { spec = try ObjectSpec(contentsOf: object) } catch {
            throw ValidationError("\(object): \(error)")
        }
        let report = InspectReport(spec)
        if output.json {
            try output.printJSON(report)
        } else {
            print(report.text)
        }
    }
}
