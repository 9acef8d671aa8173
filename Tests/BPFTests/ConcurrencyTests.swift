import BPFObject
import Foundation
import Glibc
import Synchronization
import Testing

@testable import BPF
import HardeningSupport

/// Handles shared between threads: operations from many threads on one map
/// lose nothing the API promises, and closing a handle while another thread
/// uses it ends that use with a typed error, never with an operation on some
/// other object that happened to get the same descriptor number.
///
/// The work runs on real threads rather than tasks: the cooperative pool has
/// as many threads as cores (two here), too few for the interleavings sought.
@Suite("Concurrency")
struct ConcurrencyTests {
    private static let threads = 8

    /// Runs `body(0..<count)` on `count` threads at once and waits for all.
    private func onThreads(_ count: Int = threads, _ body: @escaping @Sendable (Int) -> Void) {
        let group = DispatchGroup()
        for index in 0..<count {
            group.enter()
            let thread = Thread {
                body(index)
                group.leave()
            }
            thread.stackSize = 1 << 20
            thread.start()
        }
        group.wait()
    }

    /// Errors collected on worker threads, reported on the test's thread.
    private final class Failures: Sendable {
        private let messages = PthreadMutex<[String]>([])
        func record(_ message: String) { messages.withLock { $0.append(message) } }
        var all: [String] { messages.withLock { $0 } }
    }

    @Test func everyThreadKeepsItsOwnKeysAndCounters() throws {
        let rounds = 200, keysPerThread = 64
        let map = try Map(.small(.hash, entries: UInt32(Self.threads * (keysPerThread + 1)), name: "shared"))
        let failures = Failures()
        onThreads { thread in
            let base = UInt32(thread * 1_000)
            let counter = UInt32(900_000 + thread)
            do {
                for round in 0..<rounds {
                    for offset in 0..<UInt32(keysPerThread) {
                        let key = base + offset
                        let value = UInt64(round) << 32 | UInt64(key)
                        if offset.isMultiple(of: 5) {
                            // Delete and re-insert: .noExist must succeed, since
                            // no other thread touches this key.
                            if round > 0 { try map.delete(key) }
                            try map.update(key, value, flags: .noExist)
                        } else {
                            try map.update(key, value)
                        }
                        let read = try map.lookup(key, as: UInt64.self)
                        if read != value { failures.record("key \(key): read \(String(describing: read)), wrote \(value)") }
                    }
                    // A counter only this thread increments: read, add, write.
                    let count = try map.lookup(counter, as: UInt64.self) ?? 0
                    try map.update(counter, count + 1)
                }
            } catch {
                failures.record("thread \(thread): \(error)")
            }
        }
        #expect(failures.all.isEmpty, "\(failures.all.prefix(10))")
        let entries = try map.entries(keyType: UInt32.self, valueType: UInt64.self)
        #expect(entries.count == Self.threads * (keysPerThread + 1))
        for (key, value) in entries {
            if key >= 900_000 {
                #expect(value == UInt64(rounds), "counter \(key)")
            } else {
                #expect(value == UInt64(rounds - 1) << 32 | UInt64(key), "key \(key)")
            }
        }
    }

    @Test func exactlyOneThreadWinsEachNoExistInsert() throws {
        let rounds = 300
        let map = try Map(.small(.hash, entries: UInt32(rounds), name: "contended"))
        let winners = PthreadMutex<[UInt32: Int]>([:])
        let failures = Failures()
        onThreads { thread in
            for round in 0..<UInt32(rounds) {
                do throws(BPFError) {
                    try map.update(round, UInt64(thread), flags: .noExist)
                    winners.withLock { winners in
                        if let earlier = winners[round] { failures.record("round \(round): \(earlier) and \(thread) both won") }
                        winners[round] = thread
                    }
                } catch where error.isKeyExists {
                    continue
                } catch {
                    failures.record("thread \(thread): \(error)")
                }
            }
        }
        #expect(failures.all.isEmpty, "\(failures.all.prefix(10))")
        let won = winners.withLock { $0 }
        #expect(won.count == rounds)
        for (key, value) in try map.entries(keyType: UInt32.self, valueType: UInt64.self) {
            #expect(won[key] == Int(value), "key \(key) holds \(value), winner \(String(describing: won[key]))")
        }
    }

    /// The map's keys by a walk or by batches, or nil when deletions kept
    /// restarting the walk past max_entries keys: a documented outcome
    /// (ELOOP) after which the caller walks again.
    private static func keysUnlessRestartedTooOften(_ map: Map, batch: Bool) throws(BPFError) -> [UInt32]? {
        do {
            if batch { return try map.lookupBatch(keyType: UInt32.self, valueType: UInt64.self, chunk: 16).map(\.key) }
            return try map.keys(as: UInt32.self)
        } catch where error.errno == .loop {
            return nil
        }
    }

    @Test func walksAndBatchesWhileOtherThreadsWrite() throws {
        let map = try Map(.small(.hash, entries: 512, name: "walked"))
        let failures = Failures()
        let writing = Atomic<Int>(Self.threads - 2)
        onThreads { thread in
            do {
                if thread < 2 {
                    // Readers: every key seen must be one a writer could have written.
                    while writing.load(ordering: .acquiring) > 0 {
                        guard let keys = try Self.keysUnlessRestartedTooOften(map, batch: thread == 1) else { continue }
                        if let stray = keys.first(where: { $0 >= 600 }) { failures.record("stray key \(stray)") }
                    }
                } else {
                    defer { writing.subtract(1, ordering: .releasing) }
                    let base = UInt32((thread - 2) * 100)
                    for round in 0..<300 {
                        let key = base + UInt32(round % 100)
                        if round.isMultiple(of: 3) { _ = try? map.delete(key) } else { try map.update(key, UInt64(round)) }
                    }
                }
            } catch {
                failures.record("thread \(thread): \(error)")
            }
        }
        #expect(failures.all.isEmpty, "\(failures.all.prefix(10))")
    }

    /// What a descriptor number refers to now.
    private func target(_ fd: Int32) -> String { BPFDescriptorTable.linkTarget(of: fd) }

    @Test func closingAProgramWhileAnotherThreadAttachesIt() throws {
        // Each round: one thread attaches the program to a sockmap in a
        // loop, one closes the program, and the others load and drop
        // programs of the same type, so that a freed descriptor number
        // would at once name another program.
        let failures = Failures()
        for round in 0..<50 {
            let map = try Map(MapParameters(type: .sockmap, keySize: 4, valueSize: 8, maxEntries: 2, name: "race_map"))
            let program = try TestPrograms.load(.socketMessage, returning: 1, name: "race_prog")
            let programID = try program.info().id
            let number = try program.descriptor.withRawValue { $0 }
            let attaching = Atomic<Bool>(true)
            let attached = Atomic<Int>(0)
            onThreads(4) { thread in
                switch thread {
                case 0:
                    while attaching.load(ordering: .acquiring) {
                        do throws(BPFError) {
                            try program.attach(to: .map(map), as: .socketMessageVerdict)
                            attached.add(1, ordering: .relaxed)
                        } catch where error.errno == .badDescriptor || error.errno == .invalidArgument {
                            // Closed before the call (EBADF), or while the
                            // number named the placeholder (EINVAL).
                            attaching.store(false, ordering: .releasing)
                        } catch {
                            failures.record("round \(round): attach failed with \(error)")
                            attaching.store(false, ordering: .releasing)
                        }
                    }
                case 1:
                    usleep(UInt32.random(in: 0...2_000))
                    program.close()
                default:
                    for _ in 0..<20 {
                        guard let other = try? TestPrograms.load(.socketMessage, returning: 1, name: "race_other") else {
                            failures.record("round \(round): loading a bystander failed")
                            return
                        }
                        if (try? other.descriptor.withRawValue { $0 }) == number {
                            failures.record("round \(round): number \(number) reused while its owner lives")
                        }
                    }
                }
            }
            // Whatever is attached is our program, never a bystander.
            let ids = try Program.query(.map(map), attachType: .socketMessageVerdict).ids
            #expect(ids.allSatisfy { $0 == programID }, "round \(round): attached \(ids), ours is \(programID)")
            // Until the owner goes away, the number names the placeholder.
            #expect(target(number) == "/dev/null")
            #expect(program.descriptor.isClosed)
        }
        #expect(failures.all.isEmpty, "\(failures.all.prefix(10))")
    }

    @Test func lookupsOnAMapClosedMidwayNeverReadAnotherMap() throws {
        let failures = Failures()
        for round in 0..<50 {
            let map = try Map(.small(.array, entries: 1, name: "race_ours"))
            try map.update(UInt32(0), UInt64(0xAAAA))
            let running = Atomic<Bool>(true)
            onThreads(4) { thread in
                switch thread {
                case 0:
                    while running.load(ordering: .acquiring) {
                        do throws(BPFError) {
                            let value = try map.lookup(UInt32(0), as: UInt64.self)
                            if value != 0xAAAA { failures.record("round \(round): read \(String(describing: value))") }
                        } catch where error.errno == .badDescriptor || error.errno == .invalidArgument {
                            running.store(false, ordering: .releasing)
                        } catch {
                            failures.record("round \(round): lookup failed with \(error)")
                            running.store(false, ordering: .releasing)
                        }
                    }
                case 1:
                    usleep(UInt32.random(in: 0...2_000))
                    map.close()
                default:
                    // Bystander arrays of the same shape holding another value.
                    for _ in 0..<20 {
                        let other = try? Map(.small(.array, entries: 1, name: "race_other"))
                        _ = try? other?.update(UInt32(0), UInt64(0xBBBB))
                    }
                }
            }
        }
        #expect(failures.all.isEmpty, "\(failures.all.prefix(10))")
    }

    @Test func detachingALinkWhileAnotherThreadClosesIt() throws {
        let failures = Failures()
        let program = try TestPrograms.load(.socketSKB, returning: 1, name: "race_link")
        for round in 0..<50 {
            let map = try Map(MapParameters(type: .sockmap, keySize: 4, valueSize: 8, maxEntries: 2, name: "race_links"))
            let link = try BPF.Link(program: program, target: .map(map), attachType: .socketSKBStreamVerdict)
            onThreads(3) { thread in
                switch thread {
                case 0:
                    do throws(BPFError) { _ = try link.info() } catch where error.errno == .badDescriptor || error.errno == .invalidArgument {
                    } catch { failures.record("round \(round): info failed with \(error)") }
                    do throws(BPFError) { try link.detach() } catch where error.errno == .badDescriptor || error.errno == .invalidArgument {
                    } catch { failures.record("round \(round): detach failed with \(error)") }
                case 1:
                    link.close()
                default:
                    link.close()
                }
            }
            #expect(link.descriptor.isClosed)
            // Closed or detached, the attach point is free once the kernel
            // has released the link.
            var ids: [UInt32] = [1]
            for _ in 0..<100 where !ids.isEmpty {
                ids = try Program.query(.map(map), attachType: .socketSKBStreamVerdict).ids
                if !ids.isEmpty { usleep(10_000) }
            }
            #expect(ids.isEmpty, "round \(round)")
        }
        #expect(failures.all.isEmpty, "\(failures.all.prefix(10))")
    }

    /// Compiles only if every public handle type is Sendable.
    @Test func publicHandlesAreSendable() {
        func sendable<T: Sendable>(_: T.Type) -> String { String(describing: T.self) }
        let names = [
            sendable(Map.self), sendable(Program.self), sendable(BPF.Link.self), sendable(KernelBTF.self),
            sendable(OwnedDescriptor.self), sendable(MapMemory.self), sendable(BPFError.self),
            sendable(MapParameters.self), sendable(ProgramParameters.self), sendable(AttachTarget.self),
            sendable(MapKeyCursor<UInt32>.self), sendable(MapEntryCursor<UInt32, UInt64>.self),
            sendable(FeatureProbeResult.self), sendable(MissingFeatureError.self),
        ]
        #expect(names.count == 14)
    }
}
