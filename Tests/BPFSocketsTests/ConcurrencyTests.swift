import BPF
import BPFObject
import Foundation
import Glibc
import HardeningSupport
import Testing

@testable import BPFSockets

/// A sockhash changed by several threads while traffic flows through the
/// sockets it holds: every byte arrives intact, and the map ends with the
/// sockets each thread last put in.
///
/// The work runs on real threads rather than tasks: the cooperative pool has
/// as many threads as cores (two here), too few for the interleavings sought.
@Suite("Socket concurrency")
struct SocketConcurrencyTests {
    @Test func insertsAndRemovalsOnASockHashWhileTrafficFlows() throws {
        let writers = 4, pairsPerWriter = 4, rounds = 200, chunk = 4096, chunks = 64
        let hash = try SockHash<UInt32>(capacity: UInt32(writers * pairsPerWriter), name: "busy")
        let verdict = try TestPrograms.returning(1, as: .streamVerdict)
        let attachment = try hash.attach(verdict, as: .streamVerdict)
        defer { try? attachment.detach() }
        let sockets = Sockets()
        let pairs = try (0..<(writers * pairsPerWriter)).map { _ in try sockets.tcpPair() }
        let failures = PthreadMutex<[String]>([])
        let group = DispatchGroup()
        func spawn(_ body: @escaping @Sendable () -> Void) {
            group.enter()
            Thread {
                body()
                group.leave()
            }.start()
        }
        // Traffic: each pair carries `chunks` chunks of a pattern from client
        // to server, while the server end enters and leaves the map.
        for (index, pair) in pairs.enumerated() {
            spawn {
                let pattern = Wire.pattern(chunk, seed: UInt8(truncatingIfNeeded: index))
                for _ in 0..<chunks {
                    guard (try? Wire.send(pair.client, pattern)) != nil else {
                        failures.withLock { $0.append("pair \(index): send failed") }
                        return
                    }
                    // Bytes queued on a psock when its socket leaves the map
                    // can be held back by the kernel (seen here: a chunk that
                    // never arrives), so delivery is not a promise of ours;
                    // traffic only keeps the sockets busy while the map changes.
                    guard Wire.receive(pair.server, count: chunk, timeout: 200) == pattern else { return }
                }
            }
        }
        // Writers: each owns the keys of its pairs and ends with a known set.
        for writer in 0..<writers {
            spawn {
                let keys = (0..<pairsPerWriter).map { UInt32(writer * pairsPerWriter + $0) }
                do throws(SocketMapError) {
                    for round in 0..<rounds {
                        for key in keys {
                            if (round + Int(key)).isMultiple(of: 2) {
                                try hash.insert(pairs[Int(key)].server, at: key)
                            } else {
                                try hash.remove(key)
                            }
                        }
                    }
                    // Finally: even keys in, odd keys out.
                    for key in keys {
                        if key.isMultiple(of: 2) { try hash.insert(pairs[Int(key)].server, at: key) } else { try hash.remove(key) }
                    }
                } catch {
                    failures.withLock { $0.append("writer \(writer): \(error)") }
                }
            }
        }
        group.wait()
        #expect(failures.withLock { $0 }.isEmpty, "\(failures.withLock { $0 }.prefix(10))")
        let entries = try hash.entries()
        let expected = Set(pairs.indices.filter { $0.isMultiple(of: 2) }.map { UInt32($0) })
        #expect(Set(entries.map(\.key)) == expected)
        for (key, cookie) in entries {
            #expect(cookie == (try SocketCalls.cookie(of: pairs[Int(key)].server)), "key \(key)")
        }
    }
}
