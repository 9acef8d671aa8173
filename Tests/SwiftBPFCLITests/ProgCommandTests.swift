import BPF
import BPFInstructions
import BPFObject
import Foundation
import Testing

/// `swiftbpf prog list|show|dump` against the programs the test loads and bpftool's view of them.
@Suite struct ProgCommandTests {
    /// A socket filter that uses `map`, so the listing has map ids.
    static func loadUsing(_ map: Map, name: String) throws -> Program {
        let fd = try map.descriptor.withRawValue { $0 }
        let instructions = try Assembly([
            .store(0, to: .r10, offset: -4, size: .word),
            .mov(.r2, .r10),
            .add(.r2, -4),
            .loadMapFD(.r1, fd),
            .call(.mapLookupElem),
            .mov(.r0, 0),
            .exit(),
        ]).instructions
        return try Program(ProgramParameters(type: .socketFilter, instructions: instructions, name: name))
    }

    @Test func showMatchesTheKernelAndBpftool() throws {
        let map = try Map(MapParameters(type: .hash, keySize: 4, valueSize: 8, maxEntries: 4, name: "cli_prog_map"))
        let program = try Self.loadUsing(map, name: "cli_show")
        defer { program.close(); map.close() }
        let info = try program.info()
        let mapID = try map.info().id

        let json = try #require(try CLI.succeed("prog", "show", "\(info.id)", "--json").json() as? [String: Any])
        let oracle = try #require(try CLI.bpftool("-j", "prog", "show", "id", "\(info.id)").json() as? [String: Any])
        #expect(json["id"] as? Int == Int(info.id))
        #expect(json["type"] as? String == "socket_filter")
        #expect(json["name"] as? String == "cli_show")
        #expect(json["map_ids"] as? [Int] == [Int(mapID)])
        #expect(json["bytes_xlated"] as? Int == info.translatedInstructions.count)
        #expect(json["uid"] as? Int == Int(getuid()))
        // Every field bpftool prints, with the same value; the load time is rounded and may differ by a second.
        for (key, value) in oracle where key != "pids" {
            if key == "loaded_at" {
                let ours = try #require(json[key] as? Int)
                #expect(abs(ours - (value as? Int ?? 0)) <= 1)
                continue
            }
            #expect(json[key].map { "\($0)" } == "\(value)", "field \(key)")
        }

        let text = try CLI.succeed("prog", "show", "\(info.id)").output
        let tag = try #require(oracle["tag"] as? String)
        #expect(text.hasPrefix("\(info.id): socket_filter  name cli_show  tag \(tag)  gpl\n"))
        #expect(text.contains("  map_ids \(mapID)"))
        #expect(text.contains("\txlated \(info.translatedInstructions.count)B  jited \(info.jitedSize)B  memlock "))
        #expect(text.contains("uid \(getuid())"))
    }

    @Test func runTimeStatisticsAppearOnceCounted() throws {
        let program = try Program(ProgramParameters(type: .socketFilter, instructions: [
            Instruction(opcode: 0xb7, constant: 0), Instruction(opcode: 0x95)], name: "cli_stats"))
        defer { program.close() }
        let id = "\(try program.info().id)"
        let statistics = try RunTimeStatistics.enable()
        defer { statistics.close() }
        _ = try program.testRun(TestRunOptions(data: [UInt8](repeating: 0, count: 64), repeatCount: 5))
        let info = try program.info()
        #expect(info.runCount >= 5)
        let json = try #require(try CLI.succeed("prog", "show", id, "--json").json() as? [String: Any])
        #expect((json["run_cnt"] as? Int ?? 0) >= 5)
        #expect((json["run_time_ns"] as? Int ?? 0) > 0)
        let text = try CLI.succeed("prog", "show", id).output
        #expect(text.contains("  gpl run_time_ns "))
    }

    @Test func listIncludesEveryLoadedProgram() throws {
        let first = try Program(ProgramParameters(type: .socketFilter, instructions: [
            Instruction(opcode: 0xb7, constant: 0), Instruction(opcode: 0x95)], name: "cli_list_a"))
        let second = try Program(ProgramParameters(type: .xdp, instructions: [
            Instruction(opcode: 0xb7, constant: 2), Instruction(opcode: 0x95)], name: "cli_list_b"))
        defer { first.close(); second.close() }
        let listed = try #require(try CLI.succeed("prog", "list", "--json").json() as? [[String: Any]])
        let byID = Dictionary(listed.compactMap { entry in (entry["id"] as? Int).map { ($0, entry) } },
                              uniquingKeysWith: { first, _ in first })
        #expect(byID[Int(try first.info().id)]?["name"] as? String == "cli_list_a")
        #expect(byID[Int(try second.info().id)]?["type"] as? String == "xdp")
        let text = try CLI.succeed("prog", "list").output
        #expect(text.contains("\(try second.info().id): xdp  name cli_list_b  tag "))
    }

    @Test func pinnedPathsWorkAndWrongKindsAreRefused() throws {
        let program = try Program(ProgramParameters(type: .socketFilter, instructions: [
            Instruction(opcode: 0xb7, constant: 0), Instruction(opcode: 0x95)], name: "cli_pinned"))
        let map = try Map(MapParameters(type: .array, keySize: 4, valueSize: 4, maxEntries: 1, name: "cli_pin_map"))
        defer { program.close(); map.close() }
        let programPath = CLI.pinPath("prog")
        let mapPath = CLI.pinPath("map")
        try program.pin(at: programPath)
        try map.pin(at: mapPath)
        defer { unlink(programPath); unlink(mapPath) }

        let shown = try #require(try CLI.succeed("prog", "show", programPath, "--json").json() as? [String: Any])
        #expect(shown["id"] as? Int == Int(try program.info().id))
        #expect(shown["pinned"] as? [String] == [programPath])
        let dumped = try CLI.succeed("prog", "dump", programPath).output
        #expect(dumped == "   0: (b7) r0 = 0\n   1: (95) exit\n")

        let wrong = try CLI.run("prog", "show", mapPath)
        #expect(wrong.status != 0)
        #expect(wrong.error.contains("holds a map, not a program"))
    }

    @Test func dumpJSONListsEverySlot() throws {
        let program = try Program(ProgramParameters(type: .socketFilter, instructions: [
            Instruction(opcode: 0x18, destination: .r1, constant: 0x1_0000_0002),
            Instruction(opcode: 0xb7, constant: 0), Instruction(opcode: 0x95)], name: "cli_dump_json"))
        defer { program.close() }
        let lines = try #require(try CLI.succeed("prog", "dump", "\(try program.info().id)", "--json").json()
            as? [[String: Any]])
        #expect(lines.map { $0["pc"] as? Int } == [0, 2, 3])
        #expect(lines.map { $0["disasm"] as? String } == ["(18) r1 = 0x100000002", "(b7) r0 = 0", "(95) exit"])
    }

    @Test func signedDivisionGuardUsesTheAuxiliaryRegister() throws {
        // Signed division by a register makes the verifier guard the divisor with r11 (BPF_REG_AX).
        let instructions = try Assembly([
            .mov(.r0, 100), .mov(.r1, 7), .sdiv(.r0, .r1), .exit(),
        ]).instructions
        let program = try Program(ProgramParameters(type: .socketFilter, instructions: instructions, name: "cli_ax"))
        defer { program.close() }
        let id = "\(try program.info().id)"
        let expected = try CLI.bpftool("prog", "dump", "xlated", "id", id).output
        let ours = try CLI.succeed("prog", "dump", id).output
        #expect(ours.contains("r11"))
        // bpftool 7.1 predates ISA v4 and prints the signed division itself as `/=`;
        // every other line, the guard's r11 lines among them, must be its byte for byte.
        let ourLines = ours.split(separator: "\n")
        let expectedLines = expected.split(separator: "\n")
        #expect(ourLines.count == expectedLines.count)
        #expect(ourLines.filter { $0.contains("s/=") }.count == 1)
        for (mine, theirs) in zip(ourLines, expectedLines) {
            #expect((mine.contains("s/=") ? mine.replacingOccurrences(of: "s/=", with: "/=") : String(mine)) == theirs)
        }
    }

    @Test func unknownIDFailsWithTheKernelError() throws {
        // Ids count up from 1 and are never reused soon; the largest is free.
        let result = try CLI.run("prog", "show", "\(UInt32.max)")
        #expect(result.status != 0)
        #expect(result.error.contains("open program with id \(UInt32.max)"))
        #expect(result.error.contains("ENOENT"))
        #expect(result.output.isEmpty)
    }

    @Test func helpHasExamplesForEveryCommand() throws {
        let commands: [[String]] = [
            ["prog"], ["prog", "list"], ["prog", "show"], ["prog", "dump"],
            ["map"], ["map", "list"], ["map", "show"], ["map", "dump"], ["map", "lookup"], ["map", "update"],
            ["map", "delete"], ["link"], ["link", "list"], ["link", "show"], ["btf"], ["btf", "list"], ["btf", "dump"],
        ]
        for command in commands {
            let result = try CommandRun.run(CLI.binary, command + ["--help"])
            #expect(result.status == 0, "\(command)")
            #expect(result.output.contains("Examples:"), "\(command) --help has no examples")
            #expect(result.output.contains("swiftbpf \(command.joined(separator: " "))"), "\(command)")
        }
    }
}
