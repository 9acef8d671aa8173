import BPF
import Glibc
import Testing

@testable import BPFSockets

/// Lifetimes of the socket API's own descriptors.
@Suite("Hardening: socket handles")
struct HardeningSocketTests {
    @Test func closingANamespaceTwiceLeavesAReusedNumberAlone() throws {
        var sandbox: PrivateNetworkNamespace? = try PrivateNetworkNamespace()
        let number = try #require(sandbox?.descriptor)
        sandbox?.close()
        // Whatever takes the number next (forced here with dup2) belongs to
        // someone else: neither a second close() nor deinit may close it.
        let file = open("/dev/null", O_RDONLY | O_CLOEXEC)
        #expect(file >= 0)
        defer { close(file) }
        #expect(dup2(file, number) == number)
        defer { close(number) }
        sandbox?.close()
        sandbox = nil
        #expect(fcntl(number, F_GETFD) >= 0, "the namespace closed descriptor \(number) a second time")
    }
}
