import BPFSockets

/// What `swiftbpf demo` created and measured, for text or `--json`.
struct DemoReport: Codable {
    /// The echo server's address.
    var echoServer: String
    /// The kernel-spliced proxy and its kernel objects.
    var splicedProxy: ProxyObjects
    /// The user-space proxy.
    var copyingProxy: ProxyObjects
    /// Throughput and latency of each path, measured in this run.
    var measurements: [ProxyMeasurement]
    /// The machine's load while measuring, such as `load average 7.29 on 2 CPUs`:
    /// on a shared machine the figures mean little without it.
    var machineLoad: String
    /// The CPU the client and the echo server were confined to, if any.
    var endpointCPU: Int?
    /// The sk_lookup dispatcher run in a private network namespace.
    var dispatcher: DemoDispatch.Outcome
    /// Whether every kernel object the demo created was gone after cleanup.
    var everythingReleased: Bool

    /// The report as text.
    var text: String {
        var lines = ["echo server \(echoServer)"]
        for proxy in [splicedProxy, copyingProxy] {
            lines.append("proxy \(proxy.listen) -> \(proxy.upstream) (\(proxy.forwarding))")
            lines += proxy.lines.map { "  " + $0 }
        }
        lines.append("")
        lines.append("path                  MiB/s    p50 µs    p99 µs   (medians over the rounds, every byte checked)")
        for measurement in measurements {
            lines.append(pad(measurement.path, 18) + number(measurement.mebibytesPerSecond, 9, 0)
                         + number(measurement.latencyP50Microseconds, 10, 1)
                         + number(measurement.latencyP99Microseconds, 10, 1)
                         + "   (\(measurement.bytes >> 20) MiB in \(number(measurement.seconds, 0, 2)) s)")
        }
        if let splice = measurements.first(where: { $0.path == TCPProxy.Forwarding.kernelSplice.rawValue }),
           let copy = measurements.first(where: { $0.path == TCPProxy.Forwarding.userSpaceCopy.rawValue }) {
            let ahead = splice.roundsAhead(of: copy), rounds = splice.roundMebibytesPerSecond.count
            lines.append("kernel splice ahead of user-space copy, round by round: throughput in \(ahead.throughput) "
                         + "of \(rounds), p99 in \(ahead.latencyP99) of \(rounds)")
        }
        lines.append("measured with \(machineLoad)"
                     + (endpointCPU.map { "; client and echo server confined to CPU \($0), proxies free" } ?? ""))
        lines.append("")
        lines.append("sk_lookup dispatcher in a private network namespace")
        lines += dispatcher.lines.map { "  " + $0 }
        lines.append("")
        lines.append(everythingReleased ? "cleaned up: every map, program and link the demo created is gone"
                                        : "cleanup: some kernel objects were still present")
        return lines.joined(separator: "\n")
    }

    private func pad(_ text: String, _ width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - text.count))
    }

    private func number(_ value: Double, _ width: Int, _ digits: Int) -> String {
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let rounded = (value * scale).rounded() / scale
        let text = digits == 0 ? "\(Int(exactly: rounded) ?? 0)" : "\(rounded)"
        return String(repeating: " ", count: max(0, width - text.count)) + text
    }
}
