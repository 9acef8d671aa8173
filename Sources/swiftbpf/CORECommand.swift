import ArgumentParser

/// `swiftbpf core OBJ`: the same listing as `swiftbpf inspect OBJ --core`,
/// kept as its own subcommand because the command line is a contract.
struct CORECommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "core",
        abstract: "Dry-run an object's CO-RE relocations (the same as 'swiftbpf inspect OBJ --core').",
        discussion: CORERelocationListing.helpText
    )

    @Argument(help: "The BPF object file (clang -g -target bpf).")
    var object: String

    @OptionGroup var target: CORETargetOptions

    @OptionGroup var output: OutputOptions

    func run() throws {
        try CORERelocationListing(object: object, target: try target.target()).print(output)
    }
}
