import BPF
@testable import BPFSockets
import BPFObject
import Glibc
import Testing

/// sk_lookup in private network namespaces, each entered on a dedicated
/// thread so no other test's thread changes namespace. The work inside
/// returns what it saw; the expectations run on the test's own thread.
@Suite struct SocketLookupTests {
    @Test func programsRunInAttachOrderWithTheDocumentedRules() throws {
        let sandbox = try PrivateNetworkNamespace()
        defer { sandbox.close() }
        let pass = try LookupPrograms.returning(1), drop = try LookupPrograms.returning(0)
        let seen = try sandbox.run { () throws -> [String: String] in
            let sockets = Sockets()
            let regular = try sockets.listener(), second = try sockets.listener(), third = try sockets.listener()
            let targets = try SockMap(capacity: 2)
            try targets.insert(second.fd, at: 0)
            try targets.insert(third.fd, at: 1)
            let selectSecond = try LookupPrograms.selecting(slot: 0, in: targets)
            let selectThird = try LookupPrograms.selecting(slot: 1, in: targets)
            let replaceWithThird = try LookupPrograms.selecting(slot: 1, in: targets, replacing: true)
            let names = [regular.fd: "regular", second.fd: "second", third.fd: "third"]

            /// Attaches `programs` in order and names the listener a connection to `regular` reaches.
            func destination(_ programs: [Program], via namespace: NetworkNamespace) throws -> String {
                let links = try programs.map { try namespace.attach($0) }
                defer { links.forEach { try? $0.detach(); $0.close() } }
                let order = try namespace.withDescriptor { (fd) throws(BPFError) in
                    try Program.query(.descriptor(fd), attachType: .socketLookup).ids
                }
                guard order == (try programs.map { try $0.info().id }) else { return "out of order: \(order)" }
                guard sockets.connection(to: regular.address) != nil else { return "dropped" }
                guard let accepted = sockets.acceptingListener(among: Array(names.keys)) else { return "nowhere" }
                // Whichever listener takes it, the connection keeps the address the client dialled.
                guard SocketAddress(localOf: accepted.connection) == regular.address else { return "wrong address" }
                return names[accepted.listener] ?? "unknown"
            }

            let inside = sandbox.namespace
            return [
                "none": try destination([], via: inside),
                "pass, pass": try destination([pass, pass], via: inside),
                "pass, drop": try destination([pass, drop], via: .current),
                "select, drop": try destination([selectSecond, drop], via: inside),
                "drop, select": try destination([drop, selectSecond], via: .path("/proc/thread-self/ns/net")),
                "select, select": try destination([selectSecond, selectThird], via: inside),
                "select, replace": try destination([selectSecond, replaceWithThird, pass], via: inside),
            ]
        }
        #expect(seen["none"] == "regular")
        #expect(seen["pass, pass"] == "regular")
        // A drop with no selection drops.
        #expect(seen["pass, drop"] == "dropped")
        // A selection wins over a drop, before or after it.
        #expect(seen["select, drop"] == "second")
        #expect(seen["drop, select"] == "second")
        // A later program cannot override a selection (bpf_sk_assign gives EEXIST)...
        #expect(seen["select, select"] == "second")
        // ...unless it passes BPF_SK_LOOKUP_F_REPLACE: then the last selection counts.
        #expect(seen["select, replace"] == "third")
    }

    @Test func onlySocketLookupProgramsAttachToANamespace() throws {
        let program = try TestPrograms.returning(1, as: .skbVerdict)
        let error = #expect(throws: BPFError.self) { try NetworkNamespace.current.attach(program) }
        #expect(error?.errno == .invalidArgument)
        #expect(error?.context.contains("sk_lookup") == true)
    }

    @Test func dispatcherSteersRuleMatchesToOneSocket() throws {
        let sandbox = try PrivateNetworkNamespace()
        defer { sandbox.close() }
        let first = DispatchRule(.tcp, address: try #require(IPAddress("127.0.1.0")), prefixLength: 24,
                                 ports: 20000...20099)
        let second = DispatchRule(.tcp, address: try #require(IPAddress("127.0.2.128")), prefixLength: 25,
                                  ports: 20000...20099)
        let datagrams = DispatchRule(.udp, address: try #require(IPAddress("127.0.1.0")), prefixLength: 24,
                                     ports: 5000...5001)
        let seen = try sandbox.run { () throws -> [String: Bool] in
            let sockets = Sockets()
            let target = try sockets.listener()
            let (udp, _) = try sockets.boundUDP()
            let bystander = try sockets.listener(at: try #require(SocketAddress("127.0.3.1:20050")))
            let dispatcher = try SocketDispatcher(tcp: target.fd, udp: udp, rules: [first, second, datagrams])
            defer { dispatcher.close() }
            var seen = ["rules read back": dispatcher.rules == [first, second, datagrams]]

            func lands(on listener: Int32, _ text: String) throws -> Bool {
                let address = try #require(SocketAddress(text))
                guard sockets.connection(to: address) != nil,
                      let accepted = sockets.acceptingListener(among: [target.fd, bystander]) else { return false }
                return accepted.listener == listener && SocketAddress(localOf: accepted.connection) == address
            }
            seen["100 ports of the first prefix"] = try (20000...20099).allSatisfy { port in
                try lands(on: target.fd, "127.0.1.\(port % 250 + 1):\(port)")
            }
            seen["the second prefix"] = try [129, 200, 254].allSatisfy { try lands(on: target.fd, "127.0.2.\($0):20042") }
            // Outside the rules, the regular lookup: the bystander, or nothing.
            seen["bystander"] = try lands(on: bystander, "127.0.3.1:20050")
            seen["below the second prefix"] = try lands(on: target.fd, "127.0.2.127:20042")
            seen["past the ports"] = try lands(on: target.fd, "127.0.1.1:20100")

            let sender = try sockets.boundUDP().fd
            try Wire.send(sender, Array("steered".utf8), to: try #require(SocketAddress("127.0.1.9:5001")))
            seen["datagram"] = Wire.receive(udp, count: 7) == Array("steered".utf8)

            // Rules change while the program runs.
            try dispatcher.setRules([first])
            seen["second prefix after removal"] = try lands(on: target.fd, "127.0.2.200:20042")
            seen["first prefix after removal"] = try lands(on: target.fd, "127.0.1.3:20001")
            try dispatcher.setRules([])
            seen["no rules"] = try lands(on: target.fd, "127.0.1.3:20001")
            return seen
        }
        #expect(seen["rules read back"] == true)
        #expect(seen["100 ports of the first prefix"] == true)
        #expect(seen["the second prefix"] == true)
        #expect(seen["bystander"] == true)
        #expect(seen["below the second prefix"] == false)
        #expect(seen["past the ports"] == false)
        #expect(seen["datagram"] == true)
        #expect(seen["second prefix after removal"] == false)
        #expect(seen["first prefix after removal"] == true)
        #expect(seen["no rules"] == false)
    }

    @Test func dispatchRuleRecordsMatchTheProgramsLayout() throws {
        #expect(MemoryLayout<DispatchRuleRecord>.size == DispatchRuleRecord.size)
        let rule = DispatchRule(.tcp, address: try #require(IPAddress("10.1.255.7")), prefixLength: 12, ports: 1...2)
        let record = rule.record
        #expect(IPAddress.v4(record.address.0) == IPAddress("10.0.0.0"))
        #expect(IPAddress.v4(record.mask.0) == IPAddress("255.240.0.0"))
        let v6 = DispatchRule(.udp, address: try #require(IPAddress("fd00::1")), prefixLength: 200, ports: 9...9)
        #expect(v6.prefixLength == 128)
        let tooMany = [DispatchRule](repeating: rule, count: DispatchProgram.capacity + 1)
        let sandbox = try PrivateNetworkNamespace()
        defer { sandbox.close() }
        let error = #expect(throws: SocketMapError.self) {
            try SocketDispatcher(namespace: sandbox.namespace, rules: tooMany)
        }
        #expect(error?.reason == .tooManyRules(capacity: DispatchProgram.capacity))
    }
}
