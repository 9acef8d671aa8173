import BPF

/// What `list` and `show` print about one kernel object: bpftool's text
/// layout, and its JSON form through `Encodable`.
protocol ObjectSummary: Encodable {
    /// The text layout: a header line, then indented detail lines.
    var text: String { get }
}

/// The `list` and `show` subcommands' shared walk and printing.
enum ObjectListing {
    /// Prints a summary of every live object of `kind`. Objects freed between
    /// listing their ids and opening them are skipped.
    static func printAll<Object: KernelObject, Summary: ObjectSummary>(
        _ kind: KernelObjectKind, output: OutputOptions,
        open: (UInt32) throws -> Object, summarize: (Object) throws -> Summary
    ) throws {
        var summaries: [Summary] = []
        for id in try kind.ids() {
            guard let object = try? open(id) else { continue }
            defer { object.close() }
            summaries.append(try summarize(object))
        }
        if output.json {
            try output.printJSON(summaries)
        } else {
            for summary in summaries { print(summary.text) }
        }
    }

    /// Prints the summary of one object.
    static func printOne(_ summary: some ObjectSummary, output: OutputOptions) throws {
        if output.json { try output.printJSON(summary) } else { print(summary.text) }
    }
}
