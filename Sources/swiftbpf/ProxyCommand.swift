import ArgumentParser
import BPF
import BPFSockets
import Glibc

/// `swiftbpf proxy`: a TCP proxy whose payload the kernel forwards.
struct ProxyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "proxy",
        abstract: "Run a TCP proxy whose payload never enters user space.",
        discussion: """
            Each accepted connection gets a connection to the upstream. Both sockets go into a \
            sockhash, each under its partner's 4-tuple, and a built-in skb_verdict program \
            redirects every byte one side receives to the other side's transmit path, each byte \
            once (it trims retransmitted bytes already passed on). When one side ends its stream, \
            the proxy waits until every byte it sent has reached the other side's send queue, then \
            passes the end on. Closing either side closes the pair: once the other peer has \
            acknowledged those bytes, the proxy closes both sockets and removes their entries. \
            With --half-close the pair stays open until both directions have ended, so the other \
            direction keeps flowing after a half-close (shutdown of one side's sending). Either way \
            a side that fails closes the pair at once. Runs until SIGINT or SIGTERM, then detaches \
            and frees everything it created.
            """
    )

    @Option(help: "The address to accept connections on, as ADDR:PORT ([ADDR]:PORT for IPv6).")
    var listen: String

    @Option(help: "The address to forward connections to, as ADDR:PORT.")
    var upstream: String

    @Flag(help: "Copy bytes through user space instead (for comparison).")
    var copy = false

    @Flag(help: "Keep a pair open after one side ends its stream, until the other side ends its own.")
    var halfClose = false

    @OptionGroup var output: OutputOptions

    func run() throws {
        guard let listenAddress = SocketAddress(listen) else { throw ValidationError("--listen: not ADDR:PORT: \(listen)") }
        guard let upstreamAddress = SocketAddress(upstream) else {
            throw ValidationError("--upstream: not ADDR:PORT: \(upstream)")
        }
        let cleanup = DemoCleanup()
        let proxy = try TCPProxy(listen: listenAddress, upstream: upstreamAddress,
                                 forwarding: copy ? .userSpaceCopy : .kernelSplice, halfClose: halfClose)
        cleanup.add { proxy.stop() }
        proxy.start()
        let objects = try ProxyObjects(proxy)
        if output.json {
            try output.printJSON(objects)
        } else {
            print("proxy \(proxy.listenAddress) -> \(proxy.upstream) (\(proxy.forwarding.rawValue))")
            objects.lines.forEach { print("  \($0)") }
            print("press Ctrl-C to stop")
        }
        // Standard output may be a pipe; show the ids before waiting.
        fflush(nil)
        cleanup.waitForSignal()
    }
}

/// The kernel objects behind a proxy, by id.
struct ProxyObjects: Codable {
    /// The listen address.
    var listen: String
    /// The upstream address.
    var upstream: String
    /// How bytes are forwarded.
    var forwarding: String
    /// Map ids by name.
    var maps: [String: UInt32]
    /// The verdict program's id.
    var programID: UInt32?
    /// The verdict link's id.
    var linkID: UInt32?

    init(_ proxy: TCPProxy) throws {
        listen = proxy.listenAddress.description
        upstream = proxy.upstream.description
        forwarding = proxy.forwarding.rawValue
        var maps: [String: UInt32] = [:]
        for map in [proxy.partners?.map, proxy.spliced?.map].compactMap({ $0 }) {
            maps[map.name] = try map.info().id
        }
        self.maps = maps
        programID = try proxy.verdict?.program.info().id
        linkID = try proxy.verdict?.link?.info().id
    }

    /// Text lines naming each object.
    var lines: [String] {
        var lines = maps.sorted { $0.key < $1.key }.map { "sockhash '\($0.key)': map id \($0.value)" }
        if let programID { lines.append("skb_verdict 'splice_verdict': program id \(programID)") }
        if let linkID { lines.append("sockhash link: link id \(linkID)") }
        return lines
    }
}
