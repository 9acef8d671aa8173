import BPFObject
import Testing

/// Our raw BTF listing against bpftool's `btf dump file`, byte for byte.
@Suite struct BTFRawDumpTests {
    @Test func vmlinuxMatchesBpftool() throws {
        let btf = try BTF.parse(bytes: try TestInputs.read(BTFFixtures.vmlinuxPath))
        let expected = TestInputs.run("bpftool", ["btf", "dump", "file", BTFFixtures.vmlinuxPath])
        #expect(expected.status == 0)
        #expect(btf.typeCount > 10_000)
        let ours = try btf.rawDump()
        #expect(ours == expected.output)
        if ours != expected.output { BTFFixtures.reportFirstDifference(ours, expected.output) }
    }

    @Test(arguments: BTFFixtures.objectsWithBTF)
    func objectBTFMatchesBpftool(path: String) throws {
        let file = try ELFFile(bytes: try TestInputs.read(path))
        let btf = try BTF.parse(bytes: try #require(BTFFixtures.btfSection(of: file)))
        let expected = TestInputs.run("bpftool", ["btf", "dump", "file", path])
        #expect(expected.status == 0)
        let ours = try btf.rawDump()
        #expect(ours == expected.output)
        if ours != expected.output { BTFFixtures.reportFirstDifference(ours, expected.output) }
    }

    @Test func objectsWithoutBTFAreRefusedByBpftoolToo() throws {
        for path in BTFFixtures.objectsWithoutBTF {
            let file = try ELFFile(bytes: try TestInputs.read(path))
            #expect(file.section(named: ".BTF.ext") == nil)
            #expect(TestInputs.run("bpftool", ["btf", "dump", "file", path]).status != 0, "\(path)")
        }
    }
}
