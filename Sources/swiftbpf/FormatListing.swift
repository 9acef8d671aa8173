import BPF

/// What `list` and `show` print about one kernel object: bpftool's text
/// layout, and its JSON form through `Encodable`.
protocol ObjectSummary: Encodable {
    /// The object's machine-wide id.
    var id: UInt32 { get }
    /// The paths the object is pinned at, if any.
    var pinned: [String]? { get set }
    /// The text layout: a header line, then indented detail lines.
    var text: String { get }
}

extension ObjectSummary {
    /// The text layout followed by one `pinned PATH` line for each pin.
    var textWithPins: String {
        text + (pinned ?? []).map { "\n\tpinned \($0)" }.joined()
    }
}

/// The `list` and `show` subcommands' shared walk and printing.
enum ObjectListing {
    /// Prints a summary of every live object of `kind`, with the paths each
    /// is pinned at. Objects freed between listing their ids and opening them
    /// are skipped.
    static func printAll<Object: KernelObject, Summary: ObjectSummary>(
        _ kind: KernelObjectKind, output: OutputOptions,
        open: (UInt32) throws -> Object, summarize: (Object) throws -> Summary
    ) throws {
        let pins = PinnedPaths(kind)
        var summaries: [Summary] = []
        for id in try kind.ids() {
            guard let object = try? open(id) else { continue }
            defer { object.close() }
            var summary = try summarize(object)
            summary.pinned = pins.paths(of: summary.id)
            summaries.append(summary)
        }
        if output.json {
            try output.printJSON(summaries)
        } else {
            for summary in summaries { print(summary.textWithPins) }
        }
    }

    /// Prints the summary of one object of `kind`.
    static func printOne(_ summary: some ObjectSummary, kind: KernelObjectKind, output: OutputOptions) throws {
        var summary = summary
        summary.pinned = PinnedPaths(kind).paths(of: summary.id)
        if output.json { try output.printJSON(summary) } else { print(summary.textWithPins) }
    }
}
