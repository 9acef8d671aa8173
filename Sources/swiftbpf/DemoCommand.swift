import ArgumentParser
import BPF
import BPFSockets
import Glibc

/// `swiftbpf demo`: the kernel-spliced proxy and the sk_lookup dispatcher,
/// measured and cleaned up.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run an echo server behind a kernel-spliced proxy, measure it, and dispatch with sk_lookup.",
        discussion: """
            Starts an echo server, a kernel-spliced proxy (sockhash + skb_verdict) and a user-space \
            read/write proxy in front of it; pushes data through each path and a direct connection, \
            checking every byte, and reports throughput and p50/p99 round-trip latency; then runs a \
            socket dispatcher (sk_lookup + sockmap) in a private network namespace. Everything it \
            creates is removed at the end, and on Ctrl-C.
            """
    )

    @Option(help: "MiB to push through each path.")
    var mebibytes = 256

    @Option(help: "64-byte round trips to time on each path.")
    var roundTrips = 4000

    @Option(help: "Interleaved rounds the work on each path is split into.")
    var rounds = 8

    @Option(help: ArgumentHelp(
        "Confine the client and the echo server to this CPU; the proxies stay free.",
        discussion: "The endpoints stand in for other hosts: confined, they leave the other CPUs to the proxies."))
    var endpointCPU: Int?

    @OptionGroup var output: OutputOptions

    /// The 1-minute load average (from /proc/loadavg) and the CPUs online.
    private static func machineLoad() -> String {
        var text = [UInt8](repeating: 0, count: 64)
        let fd = open("/proc/loadavg", O_RDONLY | O_CLOEXEC)
        let count = fd < 0 ? 0 : max(0, read(fd, &text, text.count))
        if fd >= 0 { close(fd) }
        let average = String(decoding: text[..<count], as: UTF8.self).split(separator: " ").first.map(String.init)
        return "load average \(average ?? "unknown") on \(sysconf(Int32(_SC_NPROCESSORS_ONLN))) CPUs"
    }

    func run() throws {
        let cleanup = DemoCleanup()
        defer { cleanup.runAll() }
        let progress: (String) -> Void = output.json ? { _ in } : { print($0) }

        let echo = try EchoServer(cpu: endpointCPU)
        cleanup.add { echo.stop() }
        let spliced = try TCPProxy(listen: SocketAddress(.loopbackV4, port: 0), upstream: echo.address)
        cleanup.add { spliced.stop() }
        let copying = try TCPProxy(listen: SocketAddress(.loopbackV4, port: 0), upstream: echo.address,
                                   forwarding: .userSpaceCopy)
        cleanup.add { copying.stop() }
        spliced.start()
        copying.start()
        let splicedObjects = try ProxyObjects(spliced), copyingObjects = try ProxyObjects(copying)
        progress("created: echo server \(echo.address); proxies \(spliced.listenAddress) (kernel splice) and "
                 + "\(copying.listenAddress) (user-space copy)")
        splicedObjects.lines.forEach { progress("  " + $0) }

        progress("pushing \(mebibytes) MiB through each path (every byte checked) and timing \(roundTrips) round trips, "
                 + "in \(rounds) interleaved rounds...")
        let machineLoad = Self.machineLoad()
        let measurements = try ProxyMeasurement.compare([
            ("direct", echo.address),
            (TCPProxy.Forwarding.kernelSplice.rawValue, spliced.listenAddress),
            (TCPProxy.Forwarding.userSpaceCopy.rawValue, copying.listenAddress),
        ], bytes: mebibytes << 20, roundTrips: roundTrips, rounds: rounds, cpu: endpointCPU)

        progress("starting the sk_lookup dispatcher in a private network namespace...")
        let dispatch = try DemoDispatch.run(cleanup: cleanup)

        cleanup.runAll()
        var created = dispatch.objectIDs + [splicedObjects].flatMap { objects in
            objects.maps.values.map(DemoObjectID.map) + [objects.programID.map(DemoObjectID.program),
                                                         objects.linkID.map(DemoObjectID.link)].compactMap { $0 }
        }
        // The kernel frees objects after an RCU grace period; give it a moment.
        for _ in 0..<50 where created.contains(where: \.exists) { usleep(20_000) }
        created.removeAll { !$0.exists }

        let report = DemoReport(echoServer: echo.address.description, splicedProxy: splicedObjects,
                                copyingProxy: copyingObjects, measurements: measurements,
                                machineLoad: machineLoad, endpointCPU: endpointCPU, dispatcher: dispatch,
                                everythingReleased: created.isEmpty)
        if output.json {
            try output.printJSON(report)
        } else {
            print()
            print(report.text)
        }
    }
}
