import BPFObject
import Glibc
import Testing

@testable import BPF

/// Creating and releasing kernel objects a thousand times, on success and
/// on failure paths, leaves nothing behind: every object created is gone
/// from the kernel's id tables, no descriptor of this process points at one,
/// and resident memory after the cycles is within 10% of what it was after
/// a warm-up.
///
/// The suite is serialized so that its own cycles do not blur each other's
/// memory measurements; other suites still run alongside, which is why the
/// kernel and descriptor checks compare only the ids a cycle recorded.
@Suite("Hardening: leaks", .serialized)
struct HardeningLeakTests {
    private static let iterations = 1_000
    private static let warmUp = 100

    /// Runs `body` `warmUp + iterations` times, recording every object it
    /// creates, then checks that all of them are gone and memory is flat.
    private func cycle(
        _ name: String, iterations: Int = iterations,
        _ body: (Int, inout HardeningCensus) throws -> Void
    ) throws {
        var census = HardeningCensus()
        for index in 0..<Self.warmUp { try body(index, &census) }
        let residentBefore = ResidentMemory.bytes()
        for index in Self.warmUp..<(Self.warmUp + iterations) { try body(index, &census) }
        let residentAfter = ResidentMemory.bytes()
        #expect(census.count > 0, "\(name): the cycle created nothing")
        #expect(census.openDescriptors().isEmpty, "\(name): descriptors still open")
        let survivors = try census.survivors()
        #expect(survivors.isEmpty, "\(name): objects still in the kernel: \(survivors)")
        #expect(residentBefore > 0 && residentAfter <= residentBefore + residentBefore / 10,
                "\(name): resident memory grew from \(residentBefore) to \(residentAfter) bytes")
    }

    /// Half the objects are closed explicitly, half by their owner going away.
    private func release(_ objects: [any KernelObject], index: Int) {
        if index.isMultiple(of: 2) { for object in objects { object.close() } }
    }

    @Test func mapsOfEveryShape() throws {
        try cycle("maps") { index, census in
            let hash = try Map(.small(.hash, name: "leak_hash"))
            try hash.update(UInt32(index), UInt64(index))
            let array = try Map(MapParameters(type: .array, keySize: 4, valueSize: 8, maxEntries: 64,
                                              flags: .mmapable, name: "leak_mmap"))
            let memory = try array.mapMemory()
            #expect(memory.store(UInt64(index), at: 3))
            let inner = try Map(.small(.array, entries: 1, name: "leak_inner"))
            let outer = try Map(MapParameters(type: .hashOfMaps, keySize: 4, valueSize: 4, maxEntries: 4,
                                              name: "leak_outer", innerMap: inner))
            try inner.descriptor.withRawValue { fd throws(BPFError) in try outer.update(UInt32(1), UInt32(bitPattern: fd)) }
            let sockmap = try Map(MapParameters(type: .sockmap, keySize: 4, valueSize: 8, maxEntries: 4,
                                                name: "leak_sockmap"))
            let ring = try Map(MapParameters(type: .ringBuffer, keySize: 0, valueSize: 0, maxEntries: 4096,
                                             name: "leak_ring"))
            for map in [hash, array, inner, outer, sockmap, ring] { try census.record(map) }
            release([hash, array, inner, outer, sockmap, ring], index: index)
        }
    }

    @Test func mapsRefusedByTheKernel() throws {
        // Nothing is created, so the census is of the maps made alongside to
        // keep the descriptor numbers moving.
        try cycle("refused maps") { index, census in
            let witness = try Map(.small(name: "leak_witness"))
            try census.record(witness)
            #expect(throws: BPFError.self) {
                try Map(MapParameters(type: .array, keySize: 4, valueSize: 8, maxEntries: 0, name: "leak_empty"))
            }
            #expect(throws: BPFError.self) { try witness.update(UInt32(1), UInt64(1), flags: .exist) }
            release([witness], index: index)
        }
    }

    @Test func programsAndTheirVerifierFailures() throws {
        try cycle("programs") { index, census in
            let program = try TestPrograms.load(.socketFilter, name: "leak_prog")
            try census.record(program)
            // `exit` with r0 unset: the verifier refuses it and the error
            // carries the log of a second, logged attempt.
            let refused = #expect(throws: BPFError.self) {
                try Program(ProgramParameters(type: .socketFilter, instructions: [TestPrograms.exit], name: "leak_bad"))
            }
            #expect(refused?.log?.text.contains("R0 !read_ok") == true)
            release([program], index: index)
        }
    }

    @Test func btfObjectsAndProgramsThatUseThem() throws {
        try cycle("btf") { index, census in
            let btf = try KernelBTF(bytes: TestBTF.blob())
            let program = try Program(ProgramParameters(
                type: .socketFilter, instructions: TestPrograms.returning(0), name: "main", btf: btf,
                functionInfo: TestBTF.functionInfo, functionInfoRecordSize: 8,
                lineInfo: TestBTF.lineInfo, lineInfoRecordSize: 16))
            let typed = try Map(MapParameters(type: .hash, keySize: 4, valueSize: 4, maxEntries: 4, name: "leak_typed",
                                              btf: btf, btfKeyTypeID: TestBTF.intID, btfValueTypeID: TestBTF.intID))
            #expect(throws: BPFError.self) { try KernelBTF(bytes: TestBTF.blob(intBits: 40)) }
            for object in [btf, program, typed] as [any KernelObject] { try census.record(object) }
            release([program, typed, btf], index: index)
        }
    }

    @Test func sockmapLinksAndAttachments() throws {
        let map = try Map(MapParameters(type: .sockmap, keySize: 4, valueSize: 8, maxEntries: 4, name: "leak_links"))
        let verdict = try TestPrograms.load(.socketSKB, returning: 1, name: "leak_verdict")
        try cycle("sockmap links") { index, census in
            let link = try BPF.Link(program: verdict, target: .map(map), attachType: .socketSKBStreamVerdict)
            try census.record(link)
            if index.isMultiple(of: 3) { try link.detach() }
            release([link], index: index)
        }
        // A program attached with PROG_ATTACH is held by the map until
        // detached: it is freed only if the detach dropped that reference.
        try cycle("sockmap attachments") { index, census in
            let message = try TestPrograms.load(.socketMessage, returning: 1, name: "leak_msg")
            try census.record(message)
            try message.attach(to: .map(map), as: .socketMessageVerdict)
            try message.detach(from: .map(map), as: .socketMessageVerdict)
            release([message], index: index)
        }
        #expect(try Program.query(.map(map), attachType: .socketSKBStreamVerdict).ids.isEmpty)
        #expect(try Program.query(.map(map), attachType: .socketMessageVerdict).ids.isEmpty)
    }

    @Test func socketLookupLinksInAPrivateNetworkNamespace() throws {
        let namespace = try Scopes.newNetworkNamespace()
        defer { close(namespace) }
        let program = try TestPrograms.load(.socketLookup, returning: 1, name: "leak_lookup",
                                            expectedAttachType: .socketLookup)
        try cycle("sk_lookup links") { index, census in
            let link = try BPF.Link(program: program, target: .descriptor(namespace), attachType: .socketLookup)
            try census.record(link)
            release([link], index: index)
        }
    }

    @Test func pinsOpensAndDuplicates() throws {
        try cycle("pins and opens") { index, census in
            let map = try Map(.small(name: "leak_pinned"))
            try census.record(map)
            let path = Environment.pinPath("leak")
            try map.pin(at: path)
            let reopened = try Map.open(pinnedAt: path)
            let byID = try Map.open(id: try map.info().id)
            let copy = try map.descriptor.duplicate()
            #expect(unlink(path) == 0)
            #expect(throws: BPFError.self) { try Map.open(pinnedAt: path) }
            if index.isMultiple(of: 2) { copy.close() }
            release([map, reopened, byID], index: index)
        }
    }

    @Test func elementWalksBatchesAndTestRuns() throws {
        let program = try TestPrograms.load(.socketFilter, returning: 7, name: "leak_run")
        try cycle("runtime paths") { index, census in
            let map = try Map(.small(.hash, entries: 64, name: "leak_walk"))
            try census.record(map)
            try map.updateBatch(keys: Array(UInt32(0)..<32), values: Array(UInt64(0)..<32))
            #expect(try map.keys(as: UInt32.self).count == 32)
            #expect(try map.lookupBatch(keyType: UInt32.self, valueType: UInt64.self).count == 32)
            #expect(try map.lookupAndDelete(UInt32(5), as: UInt64.self) == 5)
            #expect(try program.testRun(TestRunOptions(data: [UInt8](repeating: 0, count: 64))).returnValue == 7)
            release([map], index: index)
        }
    }
}
