import ArgumentParser

extension SwiftBPF {
    /// Every top-level subcommand, one per line so that parallel work merges cleanly.
    static let subcommandList: [any ParsableCommand.Type] = [
        ProxyCommand.self,
        DemoCommand.self,
        ProgCommand.self,
        MapCommand.self,
        LinkCommand.self,
        BTFCommand.self,
        InspectCommand.self,
        LoadCommand.self,
    ]
}
