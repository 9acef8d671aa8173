import ArgumentParser

/// The `swiftbpf` command: loads BPF objects, inspects the kernel's BPF
/// objects and runs in-kernel socket redirection, all without libbpf.
@main
struct SwiftBPF: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "swiftbpf",
        abstract: "Load, inspect and run BPF objects with a pure-Swift loader.",
        discussion: """
            Every listing subcommand takes --json for machine-readable output. \
            Most subcommands need root (CAP_BPF, CAP_NET_ADMIN or CAP_SYS_ADMIN).
            """,
        subcommands: SwiftBPF.subcommandList
    )
}
