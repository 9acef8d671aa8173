import ArgumentParser
import BPFObject

/// `swiftbpf inspect OBJ`: what an object file declares, read without the kernel.
struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "List an object's sections, maps, programs, relocations, externs and BTF.",
        discussion: """
            Reads the object without the kernel and prints a summary, with CO-RE relocations \
            counted by kind. With --core it prints instead every CO-RE relocation resolved \
            against a target (the same listing as 'swiftbpf core'); --target-btf is accepted \
            only together with --core.


            """ + CORERelocationListing.helpText)

    @Argument(help: "The BPF object file (.o).")
    var object: String

    @Flag(name: .long, help: "List every CO-RE relocation with its value on the target, or why it has none.")
    var core = false

    @OptionGroup var target: CORETargetOptions

    @OptionGroup var output: OutputOptions

    func validate() throws {
        // A target only means something to the CO-RE listing; silently ignoring it would hide a typo'd command.
        if target.targetBTF != nil, !core {
            throw ValidationError("--target-btf applies only to the CO-RE listing: add --core")
        }
    }

    func run() throws {
        if core {
            try CORERelocationListing(object: object, target: try target.target()).print(output)
            return
        }
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
