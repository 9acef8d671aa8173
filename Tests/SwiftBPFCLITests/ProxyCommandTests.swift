import Testing

/// `swiftbpf proxy`'s options.
@Suite struct ProxyCommandTests {
    @Test func helpOffersHalfCloseAndSaysClosingEitherSideClosesThePair() throws {
        // The help wraps its lines; compare with single spaces.
        let help = try CLI.succeed("proxy", "--help").output.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(help.contains("--half-close"))
        #expect(help.contains("Closing either side closes the pair"))
        // An option the command does not have is refused, so the check above can fail.
        #expect(try CLI.run("proxy", "--listen", "127.0.0.1:0", "--upstream", "127.0.0.1:1", "--half-closed").status != 0)
    }
}
