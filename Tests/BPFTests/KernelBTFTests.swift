import BPFObject
import Testing

@testable import BPF

@Suite("BTF objects")
struct KernelBTFTests {
    @Test func loadInfoAndOpenByID() throws {
        let btf = try KernelBTF(bytes: TestBTF.blob())
        let info = try btf.info()
        #expect(info.id != 0)
        #expect(info.size == UInt32(TestBTF.blob().count))
        #expect(!info.isKernel)
        #expect(try KernelObjectKind.btf.ids().contains(info.id))
        #expect(try KernelBTF.open(id: info.id).info().size == info.size)
    }

    @Test func invalidBTFFailsWithTheCheckersLog() throws {
        let error = #expect(throws: BPFError.self) { try KernelBTF(bytes: TestBTF.blob(intBits: 40)) }
        #expect(error?.command == .btfLoad)
        #expect(error?.errno == .invalidArgument)
        let log = try #require(error?.log)
        #expect(log.text.contains("nr_bits"))
        #expect(error?.description.contains("nr_bits") == true)
    }

    @Test func successfulLoadKeepsTheLogWhenAsked() throws {
        let btf = try KernelBTF(bytes: TestBTF.blob(), logLevel: .basic)
        #expect(btf.log != nil)
    }

    @Test func programWithFunctionAndLineInfo() throws {
        let btf = try KernelBTF(bytes: TestBTF.blob())
        let program = try Program(ProgramParameters(
            type: .socketFilter, instructions: TestPrograms.returning(0), name: "main", btf: btf,
            functionInfo: TestBTF.functionInfo, functionInfoRecordSize: 8,
            lineInfo: TestBTF.lineInfo, lineInfoRecordSize: 16))
        #expect(try program.info().btfID == (try btf.info().id))
    }

    @Test func functionInfoNamingAMissingTypeIsRejected() throws {
        let btf = try KernelBTF(bytes: TestBTF.blob())
        let error = #expect(throws: BPFError.self) {
            try Program(ProgramParameters(type: .socketFilter, instructions: TestPrograms.returning(0), btf: btf,
                                          functionInfo: TestBTF.words([0, 99]), functionInfoRecordSize: 8))
        }
        #expect(error?.errno == .invalidArgument)
        #expect(error?.log?.text.isEmpty == false)
    }

    @Test func mapWithBTFKeyAndValueTypes() throws {
        let btf = try KernelBTF(bytes: TestBTF.blob())
        let map = try Map(MapParameters(type: .hash, keySize: 4, valueSize: 4, maxEntries: 4, name: "typed", btf: btf,
                                        btfKeyTypeID: TestBTF.intID, btfValueTypeID: TestBTF.intID))
        let info = try map.info()
        #expect(info.btfID == (try btf.info().id))
        #expect(info.btfKeyTypeID == TestBTF.intID && info.btfValueTypeID == TestBTF.intID)
    }
}
