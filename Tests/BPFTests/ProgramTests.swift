import BPFInstructions
import BPFObject
import Glibc
import Testing

@testable import BPF

@Suite("Programs")
struct ProgramTests {
    @Test func loadAndTestRun() throws {
        let program = try TestPrograms.load(.socketFilter, returning: 7, name: "seven")
        #expect(program.type == .socketFilter)
        #expect(program.name == "seven")
        let result = try program.testRun(TestRunOptions(data: [UInt8](repeating: 0, count: 64), repeatCount: 3))
        #expect(result.returnValue == 7)
        #expect(result.data.count == 64)
    }

    /// The kernel keeps a name's first 15 bytes; the name sent is cut the same way.
    @Test func aLongNameIsCutToFifteenBytes() throws {
        let program = try TestPrograms.load(.socketFilter, returning: 0, name: "a_long_name.cut_here")
        defer { program.close() }
        #expect(program.name == "a_long_name.cut")
        #expect(try program.info().name == "a_long_name.cut")
        let unnamed = try TestPrograms.load(.socketFilter, returning: 0, name: "")
        defer { unnamed.close() }
        #expect(unnamed.name == "")
    }

    @Test func testRunWithAContext() throws {
        // r0 = ((struct __sk_buff *)r1)->mark; exit
        let instructions = [Instruction(opcode: 0x61, destination: .r0, source: .r1, offset: 8), TestPrograms.exit]
        let program = try Program(ProgramParameters(type: .socketFilter, instructions: instructions, name: "mark"))
        var context = [UInt8](repeating: 0, count: 192)  // sizeof(struct __sk_buff)
        context[8] = 0x2a
        let result = try program.testRun(TestRunOptions(data: [UInt8](repeating: 0, count: 64), context: context))
        #expect(result.returnValue == 0x2a)
        #expect(result.context.count == 192)
        #expect(result.context[8] == 0x2a)
    }

    /// r11 is the verifier's; a program naming it is refused before the kernel sees it.
    @Test func auxiliaryRegisterIsRefusedBeforeTheKernel() throws {
        let instructions = [Instruction(opcode: 0xb7, destination: .r0), Instruction(opcode: 0xbf, destination: .r0, source: .r11),
                            TestPrograms.exit]
        let error = #expect(throws: BPFError.self) {
            try Program(ProgramParameters(type: .socketFilter, instructions: instructions, name: "uses_r11"))
        }
        #expect(error?.errno == .invalidArgument)
        #expect(error?.command == .programLoad)
        #expect(error?.log == nil)
        #expect(error?.description.contains("instruction 1 names r11") == true)
    }

    @Test func verifierRejectionKeepsTheLog() throws {
        // `exit` without setting r0: the verifier refuses to read r0.
        let error = #expect(throws: BPFError.self) {
            try Program(ProgramParameters(type: .socketFilter, instructions: [TestPrograms.exit], name: "bad"))
        }
        #expect(error?.errno == .accessDenied)
        #expect(error?.command == .programLoad)
        let log = try #require(error?.log)
        #expect(log.text.contains("R0 !read_ok"))
        #expect(error?.description.contains("R0 !read_ok") == true)
        #expect(error?.description.contains("socket_filter program 'bad'") == true)
    }

    @Test func logGrowsUntilTheWholeLogFits() throws {
        // Verbose logging of a few thousand instructions writes far more than
        // the first 64 KiB buffer.
        var instructions = (0..<4000).map { TestPrograms.move(Int32($0 % 100), to: .r1) }
        instructions += TestPrograms.returning(0)
        // Counts the loads without failing any.
        let loads = ForcedFailure(.interrupted, for: .programLoad, times: 0)
        let program = try ForcedFailure.$current.withValue(loads) {
            try Program(ProgramParameters(type: .socketFilter, instructions: instructions, name: "chatty",
                                          logLevel: [.basic, .verbose]))
        }
        let log = try #require(program.verifierLog)
        #expect(log.text.utf8.count > 2 * KernelLogBuffer.initialSize)
        // log_true_size sizes the second buffer exactly: no doubling steps.
        #expect(loads.attempts == 2)
        #expect(log.text.hasPrefix("func#0") || log.text.hasPrefix("0:"))
        #expect(log.text.contains("processed 4002 insns"))
    }

    @Test func successfulLoadWithBasicLogHasStatistics() throws {
        let program = try Program(ProgramParameters(type: .socketFilter, instructions: TestPrograms.returning(0),
                                                    logLevel: .basic))
        #expect(program.verifierLog?.text.contains("processed 2 insns") == true)
    }

    @Test func infoHasTranslatedInstructionsAndMaps() throws {
        let map = try Map(.small(.array, entries: 1, name: "used"))
        let mapFD = try map.descriptor.withRawValue { $0 }
        // r1 = map (ld_imm64 with BPF_PSEUDO_MAP_FD), r0 = 0, exit
        let instructions = [
            Instruction(opcode: Instruction.loadImmediate64Opcode, destination: .r1, source: .r1, constant: Int64(mapFD)),
            TestPrograms.move(0), TestPrograms.exit,
        ]
        let program = try Program(ProgramParameters(type: .socketFilter, instructions: instructions, name: "info"))
        let info = try program.info()
        #expect(info.type == .socketFilter)
        #expect(info.name == "info")
        #expect(info.mapIDs == [try map.info().id])
        #expect(info.translatedInstructions.count == 4 * Instruction.slotSize)
        #expect(info.translatedInstructions.suffix(8).first == 0x95)
        #expect(info.isGPLCompatible)
        #expect(info.tag != 0)
    }

    @Test func mapsByIndexIntoTheDescriptorArray() throws {
        let first = try Map(.small(.array, entries: 1, name: "first"))
        let second = try Map(.small(.array, entries: 1, name: "second"))
        // r1 = fd_array[1] (ld_imm64 with BPF_PSEUDO_MAP_IDX), r0 = 0, exit
        let instructions = [
            Instruction(opcode: Instruction.loadImmediate64Opcode, destination: .r1, source: .r5, constant: 1),
            TestPrograms.move(0), TestPrograms.exit,
        ]
        let program = try Program(ProgramParameters(type: .socketFilter, instructions: instructions,
                                                    descriptorArray: [first.descriptor, second.descriptor]))
        #expect(try program.info().mapIDs == [try second.info().id])
    }

    @Test func testRunOfSocketProgramsIsNotSupported() throws {
        let program = try TestPrograms.load(.socketSKB, returning: 1)
        let error = #expect(throws: BPFError.self) { try program.testRun(TestRunOptions(data: [0, 0, 0, 0])) }
        #expect(error?.errno == .kernelNotSupported)
        #expect(error?.isNotSupported == true)
        #expect(error?.description.contains("ENOTSUPP") == true)
    }

    @Test func pinAndOpen() throws {
        let program = try TestPrograms.load(.socketFilter, returning: 3, name: "pinned")
        let path = Environment.pinPath("program")
        try program.pin(at: path)
        defer { unlink(path) }
        let opened = try Program.open(pinnedAt: path)
        #expect(opened.type == .socketFilter)
        #expect(opened.name == "pinned")
        #expect(try opened.testRun(TestRunOptions(data: [UInt8](repeating: 0, count: 14))).returnValue == 3)
        let again = #expect(throws: BPFError.self) { try program.pin(at: path) }
        #expect(again?.errno == .exists)
        #expect(again?.command == .objectPin)
    }

    @Test func openMissingPinIsNoSuchEntry() throws {
        let error = #expect(throws: BPFError.self) { try Program.open(pinnedAt: Environment.pinPath("missing")) }
        #expect(error?.errno == .noSuchEntry)
        #expect(error?.command == .objectGet)
        #expect(error?.hint == "nothing is pinned at that path")
    }

    @Test func openByID() throws {
        let program = try TestPrograms.load(.socketFilter, name: "byid")
        let id = try program.info().id
        let opened = try Program.open(id: id)
        #expect(try opened.info().id == id)
        #expect(opened.name == "byid")
    }

    @Test func runTimeStatistics() throws {
        let program = try TestPrograms.load(.socketFilter, returning: 1)
        let statistics = try RunTimeStatistics.enable()
        defer { statistics.close() }
        _ = try program.testRun(TestRunOptions(data: [UInt8](repeating: 0, count: 14), repeatCount: 10))
        let info = try program.info()
        #expect(info.runCount >= 10)
    }
}
