import BPF
@testable import BPFSockets
import Foundation
import Glibc
import Testing

@Suite struct ThreadAffinityTests {
    /// The calling thread's allowed CPUs as the kernel lists them, such as `0-1`.
    private static func allowedCPUs() -> String? {
        let status = try? String(contentsOfFile: "/proc/thread-self/status", encoding: .utf8)
        return status?.split(separator: "\n").first { $0.hasPrefix("Cpus_allowed_list:") }?
            .split(separator: "\t").last.map(String.init)
    }

    @Test func aConfinedThreadAndTheThreadsItStartsRunOnOneCPU() throws {
        let last = sysconf(Int32(_SC_NPROCESSORS_ONLN)) - 1
        let callersCPUs = Self.allowedCPUs()
        let (own, inherited) = try DedicatedThread.run { () throws -> (String?, String?) in
            try ThreadAffinity.confineCallingThread(to: last)
            var inherited: String?
            DedicatedThread { inherited = Self.allowedCPUs() }.join()
            return (Self.allowedCPUs(), inherited)
        }
        #expect(own == "\(last)")
        #expect(inherited == "\(last)")
        // The caller's own thread kept its CPUs.
        #expect(callersCPUs != nil && Self.allowedCPUs() == callersCPUs)
        #expect(throws: BPFError.self) { try ThreadAffinity.check(last + 1) }
        #expect(throws: BPFError.self) { try ThreadAffinity.check(-1) }
    }

    @Test func confinedEndpointsStillCheckEveryByte() throws {
        let echo = try EchoServer(cpu: 0)
        defer { echo.stop() }
        let measurements = try ProxyMeasurement.compare([("direct", echo.address)], bytes: 4 << 20, roundTrips: 100,
                                                        rounds: 2, cpu: 0)
        #expect(measurements.map(\.bytes) == [4 << 20])
        #expect(throws: BPFError.self) { try EchoServer(cpu: -1) }
    }
}
