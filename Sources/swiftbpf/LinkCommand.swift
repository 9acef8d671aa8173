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
            For each link: id, link type, the id of the linked program, and the \
            target with the attach type: the cgroup id, the network namespace's \
            inode number or the sockmap's map id; and the paths it is pinned at.

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

/// What `link list` and `link show` print about one link, with bpftool's
/// JSON key names.
struct LinkSummary: ObjectSummary {
    var id: UInt32
    var type: String
    var programID: UInt32
    var attachType: String?
    var cgroupID: UInt64?
    var networkNamespaceInode: UInt32?
    var mapID: UInt32?
    var pinned: [String]?

    private enum CodingKeys: String, CodingKey {
        case id, pinned, type
        case programID = "prog_id"
        case attachType = "attach_type"
        case cgroupID = "cgroup_id"
        case networkNamespaceInode = "netns_ino"
        case mapID = "map_id"
    }

    /// The kernel's view of `link`.
    init(_ link: Link) throws {
        let info = try link.info()
        id = info.id
        type = info.type.description
        programID = info.programID
        switch info.target {
        case .cgroup(let id, let attachType):
            cgroupID = id
            self.attachType = attachType.description
        case .networkNamespace(let inode, let attachType):
            networkNamespaceInode = inode
            self.attachType = attachType.description
        case .sockmap(let mapID, let attachType):
            self.mapID = mapID
            self.attachType = attachType.description
        case .other:
            break
        }
    }

    /// bpftool's text layout: `ID: TYPE  prog N`, then the target.
    var text: String {
        var lines = ["\(id): \(type)  prog \(programID)"]
        var target: [String] = []
        if let cgroupID { target.append("cgroup_id \(cgroupID)") }
        if let networkNamespaceInode { target.append("netns_ino \(networkNamespaceInode)") }
        if let mapID { target.append("map_id \(mapID)") }
        if let attachType { target.append("attach_type \(attachType)") }
        if !target.isEmpty { lines.append("\t" + target.joined(separator: "  ")) }
        return lines.joined(separator: "\n")
    }
}
