import BPF
@testable import BPFSockets
import Glibc
import Synchronization
import Testing

/// Rule changes while connections arrive: every lookup must see the old
/// list or the new one, never a list written halfway.
@Suite struct DispatchRuleSwapTests {
    @Test func everyConnectionSeesTheOldOrTheNewRulesNeverAMix() throws {
        let sandbox = try PrivateNetworkNamespace()
        defer { sandbox.close() }
        let steered = try #require(SocketAddress("127.0.1.1:30000"))
        let matching = DispatchRule(.tcp, address: try #require(IPAddress("127.0.1.0")), prefixLength: 24,
                                    ports: 30000...30000)
        // Neither list lets the steered address reach the regular lookup, but
        // a list read half old, half new does: the short list's end marker
        // cuts the long list's scan before its last rule, or the long list's
        // fillers hide the short list's first rule.
        let fillers = try (0..<(DispatchProgram.capacity - 1)).map { index in
            DispatchRule(.tcp, address: try #require(IPAddress("127.0.1.0")), prefixLength: 24,
                         ports: UInt16(31000 + index)...UInt16(31000 + index))
        }
        let lists = [[matching], fillers + [matching]]
        // The old single-element rewrite let about 1 in 1,000 connections
        // through to the regular lookup at this pace; each change now waits
        // for an RCU grace period, so the loop also runs until enough changes
        // happened under it.
        let connections = 20000, changesWanted = 100

        let seen = try sandbox.run { () throws -> [String: Int] in
            let target = try SocketCalls.listen(at: SocketAddress(.loopbackV4, port: 0))
            defer { close(target) }
            // The regular lookup's socket for the steered address: a connection
            // that reaches it saw a list without the matching rule.
            let regular = try SocketCalls.listen(at: steered)
            defer { close(regular) }
            let dispatcher = try SocketDispatcher(tcp: target, rules: lists[0])
            defer { dispatcher.close() }

            let stop = Atomic<Bool>(false), changes = Atomic<Int>(0), failures = Atomic<Int>(0)
            let changer = DedicatedThread {
                var next = 1
                while !stop.load(ordering: .relaxed) {
                    if (try? dispatcher.setRules(lists[next])) == nil { failures.add(1, ordering: .relaxed) }
                    next = 1 - next
                    changes.add(1, ordering: .relaxed)
                }
            }
            var seen = ["target": 0, "regular": 0, "refused": 0, "lost": 0]
            let clock = ContinuousClock(), deadline = clock.now + .seconds(60)
            var made = 0
            while (made < connections || changes.load(ordering: .relaxed) < changesWanted) && clock.now < deadline {
                made += 1
                let client: Int32
                do throws(BPFError) {
                    client = try SocketCalls.connect(to: steered)
                } catch {
                    // Counted apart by errno, so a failure says whether the
                    // kernel refused the connection or gave up on it.
                    seen["refused", default: 0] += 1
                    seen["connect failed with \(error.errno)", default: 0] += 1
                    continue
                }
                defer { close(client) }
                var pollers = [pollfd(fd: target, events: Int16(POLLIN), revents: 0),
                               pollfd(fd: regular, events: Int16(POLLIN), revents: 0)]
                guard poll(&pollers, 2, 1000) > 0,
                      let ready = pollers.first(where: { $0.revents & Int16(POLLIN) != 0 }) else {
                    seen["lost", default: 0] += 1
                    continue
                }
                let accepted = accept(ready.fd, nil, nil)
                if accepted >= 0 { close(accepted) }
                seen[ready.fd == target ? "target" : "regular", default: 0] += 1
            }
            stop.store(true, ordering: .relaxed)
            changer.join()
            seen["connections"] = made
            seen["rule changes"] = changes.load(ordering: .relaxed)
            seen["failed changes"] = failures.load(ordering: .relaxed)
            return seen
        }
        #expect(seen["target"] == seen["connections"], "\(seen)")
        #expect((seen["connections"] ?? 0) >= connections)
        #expect(seen["regular"] == 0)
        #expect(seen["refused"] == 0)
        #expect(seen["lost"] == 0)
        #expect(seen["failed changes"] == 0)
        // The lists really changed under the connections, many times.
        #expect((seen["rule changes"] ?? 0) >= changesWanted)
    }
}
