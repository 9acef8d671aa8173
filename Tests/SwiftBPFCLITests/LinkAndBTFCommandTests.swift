import BPF
import BPFInstructions
import BPFObject
import Foundation
import Testing

/// `swiftbpf link …` and `swiftbpf btf …` against objects the test creates and bpftool.
@Suite struct LinkAndBTFCommandTests {
    @Test func sockmapLinkIsListedWithItsTarget() throws {
        let sockmap = try Map(MapParameters(type: .sockmap, keySize: 4, valueSize: 8, maxEntries: 2, name: "cli_link_map"))
        let program = try Program(ProgramParameters(type: .socketSKB, instructions: [
            Instruction(opcode: 0xb7, constant: 1), Instruction(opcode: 0x95)], name: "cli_verdict"))
        let link = try Link(program: program, target: .map(sockmap), attachType: .socketSKBStreamVerdict)
        defer { link.close(); program.close(); sockmap.close() }
        let linkID = try link.info().id
        let programID = try program.info().id
        let mapID = try sockmap.info().id

        let shown = try #require(try CLI.succeed("link", "show", "\(linkID)", "--json").json() as? [String: Any])
        #expect(shown["id"] as? Int == Int(linkID))
        #expect(shown["type"] as? String == "sockmap")
        #expect(shown["prog_id"] as? Int == Int(programID))
        #expect(shown["map_id"] as? Int == Int(mapID))
        #expect(shown["attach_type"] as? String == AttachType.socketSKBStreamVerdict.description)
        let oracle = try #require(try CLI.bpftool("-j", "link", "show", "id", "\(linkID)").json() as? [String: Any])
        #expect(oracle["id"] as? Int == Int(linkID))
        #expect(oracle["prog_id"] as? Int == Int(programID))

        let text = try CLI.succeed("link", "show", "\(linkID)").output
        #expect(text == "\(linkID): sockmap  prog \(programID)\n\tmap_id \(mapID)  attach_type \(AttachType.socketSKBStreamVerdict)\n")
        let listed = try #require(try CLI.succeed("link", "list", "--json").json() as? [[String: Any]])
        #expect(listed.contains { $0["id"] as? Int == Int(linkID) && $0["prog_id"] as? Int == Int(programID) })

        let unknown = try CLI.run("link", "show", "\(UInt32.max)")
        #expect(unknown.status != 0)
        #expect(unknown.error.contains("open link with id \(UInt32.max)"))
    }

    @Test(arguments: ["/sys/kernel/btf/vmlinux", CLI.testObject("btf_types"), CLI.testObject("subprograms")])
    func dumpFileIsBpftoolsByteForByte(path: String) throws {
        let ours = try CLI.succeed("btf", "dump", "file", path).output
        let expected = try CLI.bpftool("btf", "dump", "file", path).output
        #expect(!expected.isEmpty)
        #expect(ours == expected)
        if ours != expected { expectSameLines(ours, expected, "btf dump file \(path)") }
    }

    @Test func dumpFileAsCHeaderCompiles() throws {
        let path = CLI.testObject("btf_types")
        let header = try CLI.succeed("btf", "dump", "file", path, "--format", "c").output
        let file = try ELFFile(bytes: Array(try Data(contentsOf: URL(fileURLWithPath: path))))
        let section = try #require(file.section(named: ".BTF"))
        #expect(header == (try BTF.parse(bytes: Array(file.data(of: section))).cHeader()))
        #expect(header.contains("struct everything {"))

        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("swiftbpf-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try header.write(to: directory.appendingPathComponent("types.h"), atomically: true, encoding: .utf8)
        let source = directory.appendingPathComponent("use.c")
        try "#include \"types.h\"\nint size = sizeof(struct everything);\n".write(to: source, atomically: true, encoding: .utf8)
        let compiled = try CommandRun.run("clang", ["-target", "bpf", "-fsyntax-only", source.path])
        #expect(compiled.status == 0, "\(compiled.error)")
    }

    @Test func dumpIDIsBpftoolsForKernelAndProgramBTF() throws {
        // A program's BTF, loaded here by bpftool, and the kernel's own (id 1 is vmlinux).
        let directory = CLI.pinPath("btf")
        _ = try CLI.bpftool("prog", "loadall", CLI.testObject("subprograms"), directory)
        defer { _ = try? CommandRun.run("rm", ["-rf", directory]) }
        let pin = try #require(try FileManager.default.contentsOfDirectory(atPath: directory).first)
        let program = try Program.open(pinnedAt: "\(directory)/\(pin)")
        defer { program.close() }
        let btfID = try program.info().btfID
        #expect(btfID > 0)
        for id in ["\(btfID)", "1"] {
            let ours = try CLI.succeed("btf", "dump", "id", id).output
            let expected = try CLI.bpftool("btf", "dump", "id", id).output
            #expect(ours == expected, "btf dump id \(id)")
        }

        let listed = try #require(try CLI.succeed("btf", "list", "--json").json() as? [[String: Any]])
        let vmlinux = try #require(listed.first { $0["id"] as? Int == 1 })
        #expect(vmlinux["name"] as? String == "vmlinux")
        #expect(vmlinux["kernel"] as? Bool == true)
        let programBTF = try #require(listed.first { $0["id"] as? Int == Int(btfID) })
        #expect((programBTF["prog_ids"] as? [Int])?.contains(Int(try program.info().id)) == true)
        let oracle = try #require(try CLI.bpftool("-j", "btf", "show", "id", "\(btfID)").json() as? [String: Any])
        #expect(programBTF["size"] as? Int == oracle["size"] as? Int)
    }

    @Test func dumpErrorsAreReported() throws {
        let missing = try CLI.run("btf", "dump", "file", "/nonexistent/btf")
        #expect(missing.status != 0)
        #expect(missing.error.contains("/nonexistent/btf"))
        let notBTF = try CLI.run("btf", "dump", "file", "/proc/self/status")
        #expect(notBTF.status != 0)
        let unknown = try CLI.run("btf", "dump", "id", "\(UInt32.max)")
        #expect(unknown.status != 0)
        #expect(unknown.error.contains("ENOENT"))
    }
}
