import BPF
import BPFObject
import CBPFTestSupport
import Foundation
import Glibc
import HardeningSupport

/// The leak cycles, each run alone in this process by name: a thousand
/// creations and releases of kernel objects, on success and failure paths.
enum LeakCycles {
    /// A failed expectation inside a cycle.
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func check(_ condition: Bool, _ message: @autoclosure () -> String) throws {
        if !condition { throw Failure(description: message()) }
    }

    private static func release(_ objects: [any KernelObject], index: Int) { LeakCycle.release(objects, index: index) }

    private static func small(_ type: MapType = .hash, entries: UInt32 = 16, name: String) -> MapParameters {
        MapParameters(type: type, keySize: 4, valueSize: 8, maxEntries: entries, name: name)
    }

    /// Every cycle, by name.
    static let names = cycles.map(\.name)

    /// Runs the cycle called `name` and prints `name<TAB>ok<TAB>N iterations, M objects, S s`,
    /// or `name<TAB>leak|error<TAB>what`. Returns whether it was clean.
    static func run(named name: String) -> Bool {
        guard let cycle = cycles.first(where: { $0.name == name }) else {
            print("\(name)\terror\tno such cycle")
            return false
        }
        do {
            let start = ContinuousClock.now
            let report = try cycle.run()
            let seconds = (ContinuousClock.now - start) / .milliseconds(1) / 1_000
            if report.problems.isEmpty {
                print("\(name)\tok\t\(report.iterations) iterations, \(report.created) objects, \(seconds) s")
                return true
            }
            print("\(name)\tleak\t\(report.problems.joined(separator: " | "))")
        } catch {
            print("\(name)\terror\t\(String(describing: error).split(separator: "\n").joined(separator: " | "))")
        }
        return false
    }

    private static let cycles: [(name: String, run: @Sendable () throws -> LeakCycle.Report)] = [
        ("maps", maps), ("refused-maps", refusedMaps), ("programs", programs), ("btf", btf),
        ("sockmap-links", sockmapLinks), ("sockmap-attachments", sockmapAttachments),
        ("sk-lookup-links", socketLookupLinks), ("pins", pins), ("runtime-paths", runtimePaths),
    ] + SocketLeakCycles.cycles + ObjectLeakCycles.cycles

    private static func maps() throws -> LeakCycle.Report {
        try LeakCycle.run("maps") { index, census in
            let hash = try Map(small(name: "leak_hash"))
            try hash.update(UInt32(index), UInt64(index))
            let array = try Map(MapParameters(type: .array, keySize: 4, valueSize: 8, maxEntries: 64,
                                              flags: .mmapable, name: "leak_mmap"))
            let memory = try array.mapMemory()
            try check(memory.store(UInt64(index), at: 3), "store into the mapped array")
            let inner = try Map(small(.array, entries: 1, name: "leak_inner"))
            let outer = try Map(MapParameters(type: .hashOfMaps, keySize: 4, valueSize: 4, maxEntries: 4,
                                              name: "leak_outer", innerMap: inner))
            try inner.descriptor.withRawValue { fd throws(BPFError) in try outer.update(UInt32(1), UInt32(bitPattern: fd)) }
            let sockmap = try Map(small(.sockmap, entries: 4, name: "leak_sockmap"))
            let ring = try Map(MapParameters(type: .ringBuffer, keySize: 0, valueSize: 0, maxEntries: 4096, name: "leak_ring"))
            for map in [hash, array, inner, outer, sockmap, ring] { try census.record(map) }
            release([hash, array, inner, outer, sockmap, ring], index: index)
        }
    }

    private static func refusedMaps() throws -> LeakCycle.Report {
        try LeakCycle.run("refused maps") { index, census in
            // A map made alongside, so that the census has something to check.
            let witness = try Map(small(name: "leak_witness"))
            try census.record(witness)
            let empty = Result { try Map(small(.array, entries: 0, name: "leak_empty")) }
            try check((try? empty.get()) == nil, "a map with no entries was created")
            let update = Result { try witness.update(UInt32(1), UInt64(1), flags: .exist) }
            try check((try? update.get()) == nil, "an update with .exist of a missing key succeeded")
            release([witness], index: index)
        }
    }

    private static func programs() throws -> LeakCycle.Report {
        try LeakCycle.run("programs") { index, census in
            let program = try ProbeProgram.load(.socketFilter, name: "leak_prog")
            try census.record(program)
            // `exit` with r0 unset: the verifier refuses it and the error
            // carries the log of a second, logged attempt.
            do {
                _ = try Program(ProgramParameters(type: .socketFilter, instructions: [ProbeProgram.returning(0)[1]],
                                                  name: "leak_bad"))
                throw Failure(description: "the verifier accepted a program that leaves r0 unset")
            } catch let error as BPFError {
                try check(error.log?.text.contains("R0 !read_ok") == true, "no verifier log: \(error)")
            }
            release([program], index: index)
        }
    }

    private static func btf() throws -> LeakCycle.Report {
        let valid = try ProbeProgram.btf(), invalid = try ProbeProgram.btf(valid: false)
        return try LeakCycle.run("btf") { index, census in
            let btf = try KernelBTF(bytes: valid)
            let program = try Program(ProgramParameters(
                type: .socketFilter, instructions: ProbeProgram.returning(0), name: "main", btf: btf,
                functionInfo: ProbeProgram.functionInfo, functionInfoRecordSize: 8))
            let typed = try Map(MapParameters(type: .hash, keySize: 4, valueSize: 4, maxEntries: 4, name: "leak_typed",
                                              btf: btf, btfKeyTypeID: 1, btfValueTypeID: 1))
            try check((try? KernelBTF(bytes: invalid)) == nil, "the kernel accepted a 40-bit int")
            for object in [btf, program, typed] as [any KernelObject] { try census.record(object) }
            release([program, typed, btf], index: index)
        }
    }

    private static func sockmapLinks() throws -> LeakCycle.Report {
        let map = try Map(small(.sockmap, entries: 4, name: "leak_links"))
        let verdict = try ProbeProgram.load(.socketSKB, returning: 1, name: "leak_verdict")
        let report = try LeakCycle.run("sockmap links") { index, census in
            let link = try Link(program: verdict, target: .map(map), attachType: .socketSKBStreamVerdict)
            try census.record(link)
            if index.isMultiple(of: 3) { try link.detach() }
            release([link], index: index)
        }
        try check(try Program.query(.map(map), attachType: .socketSKBStreamVerdict).ids.isEmpty, "a verdict is still attached")
        return report
    }

    /// A program attached with PROG_ATTACH is held by the map until
    /// detached: each one is freed only if its detach dropped that reference.
    private static func sockmapAttachments() throws -> LeakCycle.Report {
        let map = try Map(small(.sockmap, entries: 4, name: "leak_attach"))
        let report = try LeakCycle.run("sockmap attachments") { index, census in
            let message = try ProbeProgram.load(.socketMessage, returning: 1, name: "leak_msg")
            try census.record(message)
            try message.attach(to: .map(map), as: .socketMessageVerdict)
            try message.detach(from: .map(map), as: .socketMessageVerdict)
            release([message], index: index)
        }
        try check(try Program.query(.map(map), attachType: .socketMessageVerdict).ids.isEmpty, "a program is still attached")
        return report
    }

    private static func socketLookupLinks() throws -> LeakCycle.Report {
        let namespace = try privateNetworkNamespace()
        defer { close(namespace) }
        let program = try ProbeProgram.load(.socketLookup, returning: 1, name: "leak_lookup", attachType: .socketLookup)
        return try LeakCycle.run("sk_lookup links") { index, census in
            let link = try Link(program: program, target: .descriptor(namespace), attachType: .socketLookup)
            try census.record(link)
            release([link], index: index)
        }
    }

    private static func pins() throws -> LeakCycle.Report {
        let bpffs = try bpfFilesystem()
        return try LeakCycle.run("pins and opens") { index, census in
            let map = try Map(small(name: "leak_pinned"))
            try census.record(map)
            let path = "\(bpffs)/leak-\(getpid())-\(index)"
            try map.pin(at: path)
            let reopened = try Map.open(pinnedAt: path)
            let byID = try Map.open(id: try map.info().id)
            let copy = try map.descriptor.duplicate()
            try check(unlink(path) == 0, "unlink \(path)")
            try check((try? Map.open(pinnedAt: path)) == nil, "an unlinked pin opened")
            if index.isMultiple(of: 2) { copy.close() }
            release([map, reopened, byID], index: index)
        }
    }

    private static func runtimePaths() throws -> LeakCycle.Report {
        let program = try ProbeProgram.load(.socketFilter, returning: 7, name: "leak_run")
        return try LeakCycle.run("runtime paths") { index, census in
            let map = try Map(small(entries: 64, name: "leak_walk"))
            try census.record(map)
            try map.updateBatch(keys: Array(UInt32(0)..<32), values: Array(UInt64(0)..<32))
            try check(try map.keys(as: UInt32.self).count == 32, "key walk")
            try check(try map.lookupBatch(keyType: UInt32.self, valueType: UInt64.self).count == 32, "batch lookup")
            try check(try map.lookupAndDelete(UInt32(5), as: UInt64.self) == 5, "lookup and delete")
            let run = try program.testRun(TestRunOptions(data: [UInt8](repeating: 0, count: 64)))
            try check(run.returnValue == 7, "test run returned \(run.returnValue)")
            release([map], index: index)
        }
    }

    /// The bpffs the parent named in SWIFTBPF_BPFFS.
    private static func bpfFilesystem() throws -> String {
        guard let path = ProcessInfo.processInfo.environment["SWIFTBPF_BPFFS"], !path.isEmpty else {
            throw Failure(description: "SWIFTBPF_BPFFS does not name a bpffs")
        }
        return path
    }

    /// A descriptor for a new network namespace, made on a thread of its own
    /// (unshare(2) moves only the calling thread) that ends afterwards.
    private static func privateNetworkNamespace() throws -> Int32 {
        final class Outcome: @unchecked Sendable { var fd: Int32 = -1 }
        let outcome = Outcome()
        let done = DispatchSemaphore(value: 0)
        Thread {
            if swiftbpf_unshare_network() == 0 { outcome.fd = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC) }
            done.signal()
        }.start()
        done.wait()
        guard outcome.fd >= 0 else { throw Failure(description: "could not create a network namespace") }
        return outcome.fd
    }
}
