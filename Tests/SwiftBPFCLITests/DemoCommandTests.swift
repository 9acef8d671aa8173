import Testing

/// `swiftbpf demo`, shortened: every path measured with its bytes checked,
/// the dispatcher steering, and nothing left behind.
@Suite(.serialized) struct DemoCommandTests {
    /// Runs a short demo with `extra` options and returns its JSON report.
    private func demo(_ extra: String...) throws -> [String: Any] {
        let run = try CommandRun.run(CLI.binary, ["demo", "--mebibytes", "8", "--round-trips", "200", "--rounds", "2",
                                                  "--json"] + extra)
        #expect(run.status == 0, "swiftbpf demo: \(run.error)")
        return try #require(try run.json() as? [String: Any])
    }

    @Test func measuresEveryPathAndCleansUp() throws {
        let report = try demo()
        let measurements = try #require(report["measurements"] as? [[String: Any]])
        #expect(measurements.compactMap { $0["path"] as? String } == ["direct", "kernel splice", "user-space copy"])
        for measurement in measurements {
            #expect((measurement["bytes"] as? Int) == 8 << 20)
            #expect(((measurement["mebibytesPerSecond"] as? Double) ?? 0) > 0)
            #expect(((measurement["latencyP99Microseconds"] as? Double) ?? 0) > 0)
        }
        let dispatcher = try #require(report["dispatcher"] as? [String: Any])
        #expect((dispatcher["landed"] as? Int) == (dispatcher["attempted"] as? Int))
        #expect((report["everythingReleased"] as? Bool) == true)
        // Unless asked, the endpoints share every CPU with the proxies.
        #expect(report["endpointCPU"] == nil)
    }

    @Test func confinedEndpointsAreReported() throws {
        #expect((try demo("--endpoint-cpu", "0")["endpointCPU"] as? Int) == 0)
    }

    @Test func anEndpointCPUThatIsNotOnlineIsRefused() throws {
        let run = try CLI.run("demo", "--endpoint-cpu", "4096", "--mebibytes", "1")
        #expect(run.status != 0)
        #expect(run.error.contains("CPU 4096"))
    }
}
