import BPF
import BPFInstructions
import BPFObject
import Foundation
import Testing

/// `swiftbpf prog dump` against `bpftool prog dump xlated`, byte for byte, on
/// programs the verifier has rewritten: helper calls turned into kernel
/// addresses, map fds into map ids, inlined helpers, BPF-to-BPF calls; and for
/// compiled objects, bpftool's function headers and `; source` lines from the
/// program's BTF. Nothing is normalised.
@Suite(.serialized) struct DisassemblerOracleTests {
    static func expectSameDump(_ program: Program, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let id = try program.info().id
        let ours = try CLI.succeed("prog", "dump", "\(id)").output
        let expected = try CLI.bpftool("prog", "dump", "xlated", "id", "\(id)").output
        #expect(!expected.isEmpty, sourceLocation: sourceLocation)
        #expect(ours == expected, sourceLocation: sourceLocation)
        if ours != expected { expectSameLines(ours, expected, "prog dump \(id)", sourceLocation: sourceLocation) }
    }

    static func load(_ type: ProgramType, _ name: String, @StatementBuilder _ statements: () -> [Statement]) throws -> Program {
        let instructions = try Assembly(statements()).instructions
        return try Program(ProgramParameters(type: type, instructions: instructions, name: name))
    }

    static func fd(_ map: Map) throws -> Int32 {
        try map.descriptor.withRawValue { $0 }
    }

    @Test func helpersMapsAtomicsAndSubprograms() throws {
        let hash = try Map(MapParameters(type: .hash, keySize: 4, valueSize: 8, maxEntries: 8, name: "oracle_hash"))
        let array = try Map(MapParameters(type: .array, keySize: 4, valueSize: 16, maxEntries: 1, name: "oracle_array"))
        defer { hash.close(); array.close() }
        let hashFD = try Self.fd(hash)
        let arrayFD = try Self.fd(array)
        let program = try Self.load(.socketFilter, "oracle_mixed") {
            Statement.mov(.r6, .r1)
            Statement.store(0, to: .r10, offset: -4, size: .word)
            Statement.mov(.r2, .r10)
            Statement.add(.r2, -4)
            Statement.loadMapFD(.r1, hashFD)
            Statement.call(.mapLookupElem)
            Statement.jump(.equal, .r0, 0, to: "miss")
            Statement.mov(.r1, 1)
            Statement.atomic(.add, .r1, at: .r0, size: .doubleWord)
            Statement.label("miss")
            Statement.call(.ktimeGetNs)
            Statement.mov(.r7, .r0)
            Statement.call(.getPrandomU32)
            Statement.call(.getSmpProcessorId)
            Statement.loadMapValue(.r1, fileDescriptor: arrayFD, offset: 8)
            Statement.store(.r7, to: .r1, offset: 0, size: .doubleWord)
            Statement.load(.r2, from: .r6, offset: 0, size: .word)
            Statement.mov(.r1, .r2, width: .bits32)
            Statement.call(function: "weigh")
            Statement.toBigEndian(.r0, bits: 16)
            Statement.loadImmediate(.r3, 0x1_2345_6789)
            Statement.jump(.signedGreater, .r3, .r0, to: "out")
            Statement.arsh(.r0, 3)
            Statement.neg(.r0, width: .bits32)
            Statement.label("out")
            Statement.and(.r0, 0xff)
            Statement.exit()
            Statement.label("weigh")
            Statement.mov(.r0, .r1, width: .bits32)
            Statement.mul(.r0, 31, width: .bits32)
            Statement.xor(.r0, 7, width: .bits32)
            Statement.rsh(.r0, 1, width: .bits32)
            Statement.exit()
        }
        defer { program.close() }
        try Self.expectSameDump(program)
        // The point of the resolution: helper calls name kernel functions, and the subprogram its symbol.
        let ours = try CLI.succeed("prog", "dump", "\(try program.info().id)").output
        #expect(ours.contains("map[id:\(try hash.info().id)]"))
        #expect(ours.contains("map[id:\(try array.info().id)][0]+8"))
        #expect(ours.contains("call bpf_ktime_get_ns#"))
        #expect(ours.contains("#bpf_prog_"))
    }

    /// Arithmetic, endianness, stores, loads and 32-bit jumps. The oracle is bpftool 7.1, whose
    /// disassembler predates the v4 instructions (signed division, sign-extending moves and loads,
    /// unconditional byte swaps): it prints `sdiv` as `/=`. Those are left to the instruction
    /// module's own tests rather than normalised here.
    @Test func arithmeticOfEveryWidth() throws {
        let program = try Self.load(.socketFilter, "oracle_alu") {
            Statement.mov(.r0, 100, width: .bits32)
            Statement.mov(.r1, 7)
            Statement.div(.r0, .r1, width: .bits32)
            Statement.mod(.r0, 5)
            Statement.mod(.r0, .r1)
            Statement.lsh(.r0, 2)
            Statement.or(.r0, .r1)
            Statement.sub(.r0, 1, width: .bits32)
            Statement.mov(.r2, .r0)
            Statement.toBigEndian(.r2, bits: 32)
            Statement.toLittleEndian(.r2, bits: 64)
            Statement.store(.r2, to: .r10, offset: -8, size: .doubleWord)
            Statement.load(.r3, from: .r10, offset: -8, size: .halfWord)
            Statement.jump(.lessOrEqual, .r3, 9, to: "small", width: .bits32)
            Statement.add(.r0, .r3)
            Statement.label("small")
            Statement.exit()
        }
        defer { program.close() }
        try Self.expectSameDump(program)
    }

    /// The verifier's auxiliary register r11 (`BPF_REG_AX`). A tc classifier reading
    /// `__sk_buff->tstamp` gets it by itself, with no sysctl touched: the kernel rewrites the
    /// load into a test of the skb's timestamp-type bits held in r11 (and w11 for the 32-bit
    /// jumps). The program is plain ISA v3, so bpftool 7.1's disassembler is a full oracle.
    @Test func auxiliaryRegisterInTranslatedCode() throws {
        let tstampOffset: Int16 = 152  // offsetof(struct __sk_buff, tstamp)
        let program = try Self.load(.schedClassifier, "oracle_r11") {
            Statement.load(.r0, from: .r1, offset: tstampOffset, size: .doubleWord)
            Statement.mov(.r2, 7)
            Statement.div(.r0, .r2)
            Statement.exit()
        }
        defer { program.close() }
        let translated = try Instruction.decode(try program.info().translatedInstructions, byteOrder: .host,
                                                origin: .kernelTranslated)
        #expect(translated.contains { $0.namesAuxiliaryRegister }, "the kernel no longer rewrites tstamp with r11")
        try Self.expectSameDump(program)
        let ours = try CLI.succeed("prog", "dump", "\(try program.info().id)").output
        #expect(ours.contains("r11 = *(u8 *)(r1 +"))
        #expect(ours.contains("w11 & "))
        let json = try #require(try CLI.succeed("prog", "dump", "\(try program.info().id)", "--json").json() as? [[String: Any]])
        #expect(json.contains { ($0["disasm"] as? String)?.contains("r11") == true })
    }

    /// Every TestObject that bpftool 7.1 can load by itself (`prog loadall`; objects needing
    /// features newer than its libbpf, or meant to fail, it refuses), with BTF, line info,
    /// globals, tail calls and callbacks. At least twenty objects must load, so the test
    /// cannot pass by loading none.
    @Test func compiledObjects() throws {
        let directory = CLI.repositoryRoot.appendingPathComponent("TestObjects/build/bpfel")
        let objects = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasSuffix(".o") }.sorted()
        var loaded: [String] = []
        var programs = 0
        for object in objects {
            let pins = CLI.pinPath(String(object.dropLast(2)))
            defer { _ = try? CommandRun.run("rm", ["-rf", pins]) }
            let load = try CommandRun.run("bpftool", ["prog", "loadall", directory.appendingPathComponent(object).path, pins])
            guard load.status == 0 else { continue }
            loaded.append(object)
            for pin in try FileManager.default.contentsOfDirectory(atPath: pins).sorted() {
                let program = try Program.open(pinnedAt: "\(pins)/\(pin)")
                defer { program.close() }
                try Self.expectSameDump(program)
                programs += 1
            }
        }
        #expect(loaded.count >= 20, "bpftool loaded only \(loaded)")
        #expect(programs >= loaded.count)
        for required in ["subprograms.o", "callbacks.o", "global_data.o", "tailcall_prog_array.o", "sk_lookup.o"] {
            #expect(loaded.contains(required), "bpftool did not load \(required)")
        }
    }
}
