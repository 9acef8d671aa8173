import ArgumentParser
import BPF

/// `swiftbpf link`: the kernel's BPF links.
struct LinkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "link",
        abstract: "List and show the BPF links in the kernel.",
        discussion: """
            A link keeps a program attached to its target (a cgroup, a network \
            namespace, a sockmap, ...) for as long as the link lives. A link is \
            named by its id (as `link list` prints it) or by the path it is pinned \
            at in a bpffs mount.

            Examples:
              swiftbpf link list
              swiftbpf link show 7 --json
            """,
        subcommands: [LinkList.self, LinkShow.self]
    )
}

/// `swiftbpf link list`.
struct LinkList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List every BPF link in the kernel.",
        discussion: """
            For each link: id, link type, the id of the linked program, what it \
            is attached to, with bpftool's field names: the cgroup id, network \
            namespace inode, interface (XDP, tcx, netkit), map (sockmap, \
            struct_ops, map iterators), tracepoint, iterator target, netfilter \
            hook and priority, probed functions or files, perf event and the \
            BTF target of tracing links; and the paths it is pinned at.

            Examples:
              swiftbpf link list
              swiftbpf link list --json | jq '.[] | select(.type == "netns")'
            """
    )

    @OptionGroup var output: OutputOptions

    func run() throws {
        try Self.printAll(output)
    }

    /// Prints every link.
    static func printAll(_ output: OutputOptions) throws {
        try ObjectListing.printAll(.link, output: output, open: Link.open(id:), summarize: LinkSummary.init)
    }
}

/// `swiftbpf link show`.
struct LinkShow: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show one link, or all of them.",
        discussion: """
            Prints what `link list` prints, for the link given by id or pinned \
            path; without one, for every link.

            Examples:
              swiftbpf link show 7
              swiftbpf link show /sys/fs/bpf/my_link --json
            """
    )

    @Argument(help: "The link's id or pinned path; all links when omitted.")
    var link: ObjectReference?

    @OptionGroup var output: OutputOptions

    func run() throws {
        guard let link else { return try LinkList.printAll(output) }
        let opened = try link.openLink()
        defer { opened.close() }
        try ObjectListing.printOne(try LinkSummary(opened), kind: .link, output: output)
    }
}
