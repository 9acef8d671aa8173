import BPFObject
import COREOracles
import Foundation
import Testing

/// `swiftbpf inspect OBJ --core [--target-btf FILE]` and its alias `swiftbpf
/// core`, run as the built binary. Expected values come from oracles that
/// never use our engine: the C compiler's offsetof/sizeof/enum constants
/// (core_targets/*_oracle.c) and the relocations libbpf applies (its debug log).
@Suite struct InspectCORECommandTests {
    /// One relocation row of the JSON listing.
    struct Row {
        var fields: [String: Any]
        var program: String? { fields["program"] as? String }
        var instruction: Int? { fields["instruction"] as? Int }
        var status: String? { fields["status"] as? String }
        var value: UInt64? { (fields["value"] as? NSNumber)?.uint64Value }
        var reason: String? { fields["reason"] as? String }
        var candidate: String? { fields["candidate"] as? String }
        var kind: String? { fields["kind"] as? String }
    }

    /// Runs `swiftbpf arguments` and expects success.
    static func swiftbpf(_ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> CommandRun {
        let run = try CommandRun.run(CLI.binary, arguments)
        #expect(run.status == 0, "swiftbpf \(arguments.joined(separator: " ")): \(run.error)",
                sourceLocation: sourceLocation)
        return run
    }

    /// How many CO-RE records the summary (`swiftbpf inspect --json`, read through ObjectSpec) counts.
    static func recordCount(_ object: String) throws -> Int {
        let summary = try #require(try CLI.succeed("inspect", object, "--json").json() as? [String: Any])
        let btf = try #require(summary["btf"] as? [String: Any])
        return try #require(btf["core_relocations"] as? Int)
    }

    /// `swiftbpf inspect OBJ --core --json [--target-btf FILE]`: the listing's target and rows.
    static func listing(_ object: String, target: String? = nil) throws -> (target: String, rows: [Row]) {
        let run = try swiftbpf(["inspect", object, "--core", "--json"] + (target.map { ["--target-btf", $0] } ?? []))
        let json = try #require(try run.json() as? [String: Any])
        #expect(Set(json.keys) == ["object", "target", "relocations"])
        #expect(json["object"] as? String == object)
        let rows = try #require(json["relocations"] as? [[String: Any]])
        return (try #require(json["target"] as? String), rows.map(Row.init))
    }

    /// The one relocation of each program that has exactly one.
    static func single(_ rows: [Row]) -> [String: Row] {
        Dictionary(grouping: rows) { $0.program ?? "" }.compactMapValues { $0.count == 1 ? $0[0] : nil }
    }

    /// Every row names its program and instruction, and carries a value or a reason, never both.
    static func expectWellFormed(_ rows: [Row], sourceLocation: SourceLocation = #_sourceLocation) {
        let always: Set = ["program", "subprogram", "instruction", "section", "section_instruction", "kind", "access",
                           "access_string", "local_type_id", "status", "rejected_candidates"]
        let kinds = Set(CORERelocationKind.allCases.map(\.name))
        for row in rows {
            let keys = Set(row.fields.keys)
            #expect(always.isSubset(of: keys), "\(keys)", sourceLocation: sourceLocation)
            #expect(keys.subtracting(always).isSubset(of: ["value", "local_value", "candidate", "reason"]),
                    "\(keys)", sourceLocation: sourceLocation)
            #expect(kinds.contains(row.kind ?? ""), sourceLocation: sourceLocation)
            switch row.status {
            case "relocated":
                #expect(keys.isSuperset(of: ["value", "local_value"]) && !keys.contains("reason"),
                        sourceLocation: sourceLocation)
            case "poisoned", "failed":
                #expect(!keys.contains("value") && row.reason?.isEmpty == false, sourceLocation: sourceLocation)
            default:
                Issue.record("status \(String(describing: row.status))", sourceLocation: sourceLocation)
            }
        }
    }

    /// What libbpf patched, poisoned or failed, keyed like our rows: `program insn`.
    static func libbpf(_ object: String, target: String?) throws -> [String: COREFixtures.LibbpfRelocation.Action] {
        var actions: [String: COREFixtures.LibbpfRelocation.Action] = [:]
        for relocation in try COREFixtures.libbpfRelocations(object, target: target) {
            actions["\(relocation.program) \(relocation.instruction)"] = relocation.action
        }
        return actions
    }

    /// Our rows keyed like ``libbpf(_:target:)``; libbpf logs both slots of a poisoned ld_imm64.
    static func ours(_ rows: [Row], matching libbpf: [String: COREFixtures.LibbpfRelocation.Action])
        -> [String: COREFixtures.LibbpfRelocation.Action] {
        var actions: [String: COREFixtures.LibbpfRelocation.Action] = [:]
        for row in rows {
            let key = "\(row.program ?? "?") \(row.instruction ?? -1)"
            switch row.status {
            case "relocated": actions[key] = row.value.map { .patched($0) }
            case "poisoned":
                actions[key] = .poisoned
                let second = "\(row.program ?? "?") \((row.instruction ?? -1) + 1)"
                if libbpf[second] == .poisoned { actions[second] = .poisoned }
            default: actions[key] = .failed
            }
        }
        return actions
    }

    @Test func vmlinuxValuesAreTheKernelsLayoutAndLibbpfs() throws {
        let object = try COREFixtures.object("core_vmlinux")
        let (target, rows) = try Self.listing(object)
        #expect(target == "vmlinux")
        #expect(rows.count == (try Self.recordCount(object)))
        Self.expectWellFormed(rows)

        // The values the C compiler gives for vmlinux.h, generated from this kernel's BTF.
        let layout = try COREFixtures.vmlinuxLayout().filter { !$0.key.hasPrefix("results.") }
        let single = Self.single(rows)
        #expect(layout.count == 6)
        for (program, text) in layout {
            let row = try #require(single[program], "\(program)")
            #expect(row.status == "relocated", "\(program)")
            #expect(row.value == UInt64(text), "\(program)")
            #expect(row.instruction == 0, "\(program)")
        }
        // The candidate is the kernel's type, under the id bpftool gives it.
        let taskID = try #require(try COREFixtures.bpftoolTypeID("STRUCT", "task_struct", in: "/sys/kernel/btf/vmlinux"))
        #expect(single["task_pid_offset"]?.candidate == "vmlinux [\(taskID)] struct task_struct")
        // A ___flavor type whose field the kernel lacks: an exists check gives 0, the guarded read is poisoned.
        #expect(single["old_gone_exists"]?.value == 0)
        #expect(single["old_gone_exists"]?.kind == "field_exists")

        // Program, instruction and value (or poison) equal libbpf's, relocation for relocation.
        let libbpf = try Self.libbpf(object, target: nil)
        #expect(Self.ours(rows, matching: libbpf) == libbpf)
    }

    @Test func customTargetValuesAreTheCompilersLayoutAndLibbpfs() throws {
        let object = try COREFixtures.object("core_kinds")
        let targetFile = try COREFixtures.targetObject()
        let (target, rows) = try Self.listing(object, target: targetFile)
        #expect(target == targetFile)
        #expect(rows.count == (try Self.recordCount(object)))
        Self.expectWellFormed(rows)
        let single = Self.single(rows)

        // offsetof/sizeof/enum values of target_types.h, from the C compiler.
        let layout = try COREFixtures.targetLayout()
        for program in ["counter_offset", "counter_size", "anon_high_offset", "arr_y_offset", "tail_offset",
                        "chain_size", "sample_size", "green_value", "blue_value"] {
            let expected = try #require(layout[program].flatMap { UInt64($0) }, "\(program)")
            #expect(single[program]?.value == expected, "\(program)")
        }
        let hugeHigh = try #require(layout["huge_high"].flatMap { UInt64($0) })
        let hugeLow = try #require(layout["huge_low"].flatMap { UInt64($0) })
        #expect(single["huge_low"]?.value == hugeHigh << 32 | hugeLow)
        for (program, value) in COREFixtures.declarationFacts {
            #expect(single[program]?.value == value, "\(program)")
        }
        let sampleID = try #require(try COREFixtures.bpftoolTypeID("STRUCT", "swiftbpf_core_sample", in: targetFile))
        #expect(single["target_type_id"]?.value == UInt64(sampleID))
        #expect(single["counter_offset"]?.candidate == "\(targetFile) [\(sampleID)] struct swiftbpf_core_sample")

        let libbpf = try Self.libbpf(object, target: targetFile)
        #expect(Self.ours(rows, matching: libbpf) == libbpf)
    }

    /// A poisoned relocation says, in words, what is missing and which candidate did not have it.
    @Test func poisonedRelocationGivesItsReason() throws {
        let object = try COREFixtures.object("core_kinds")
        let targetFile = try COREFixtures.targetObject()
        let (_, rows) = try Self.listing(object, target: targetFile)
        let sampleID = try #require(try COREFixtures.bpftoolTypeID("STRUCT", "swiftbpf_core_sample", in: targetFile))
        let row = try #require(rows.first { $0.program == "read_missing" })
        #expect(row.status == "poisoned")
        #expect(row.reason == "field 'struct swiftbpf_core_sample___local.missing' not found in target BTF "
            + "(candidate \(targetFile) [\(sampleID)] struct swiftbpf_core_sample: "
            + "struct swiftbpf_core_sample has no field 'missing')")
        let poisonedAt = try COREFixtures.libbpfRelocations(object, target: targetFile)
            .filter { $0.program == "read_missing" && $0.action == .poisoned }.map(\.instruction)
        #expect(poisonedAt == [try #require(row.instruction)])

        let text = try CLI.succeed("inspect", object, "--core", "--target-btf", targetFile).output
        let line = try #require(text.split(separator: "\n").first { $0.hasPrefix("program read_missing, insn ") })
        #expect(line.hasPrefix("program read_missing, insn \(try #require(row.instruction)) (section socket, insn "))
        #expect(line.hasSuffix(": field_byte_offset struct swiftbpf_core_sample___local.missing (0:3): poisoned: "
                               + (row.reason ?? "")))
    }

    /// A strict match (type_matches) that fails names the member at fault, not just "no".
    @Test func failedStrictMatchNamesTheMember() throws {
        let targetFile = try COREFixtures.targetObject()
        let (_, rows) = try Self.listing(try COREFixtures.object("core_kinds"), target: targetFile)
        let row = try #require(Self.single(rows)["mismatch_matches"])
        let id = try #require(try COREFixtures.bpftoolTypeID("STRUCT", "swiftbpf_core_mismatch", in: targetFile))
        #expect(row.value == 0)
        #expect(row.fields["rejected_candidates"] as? [String] == [
            "\(targetFile) [\(id)] struct swiftbpf_core_mismatch: struct swiftbpf_core_mismatch has no member 'absent'"])

        // vmlinux.h, compiled by clang, spells some integers differently from the kernel's gcc-built BTF.
        let (_, kernelRows) = try Self.listing(try COREFixtures.object("core_relocations"))
        let match = try #require(kernelRows.first { $0.kind == "type_matches" })
        let reason = try #require((match.fields["rejected_candidates"] as? [String])?.first)
        let taskID = try #require(try COREFixtures.bpftoolTypeID("STRUCT", "task_struct", in: "/sys/kernel/btf/vmlinux"))
        #expect(reason.hasPrefix("vmlinux [\(taskID)] struct task_struct: member '"))
        #expect(reason.hasSuffix(" in the target (a strict match also compares names)"))
    }

    /// Two candidates that disagree: no value, and the reason names both (libbpf refuses the load too).
    @Test func ambiguousRelocationFailsWithBothCandidates() throws {
        let object = try COREFixtures.compiled("ambiguous.c")
        let targetFile = try COREFixtures.targetObject()
        #expect(try COREFixtures.libbpfRelocations(object, target: targetFile).contains { $0.action == .failed })
        let (_, rows) = try Self.listing(object, target: targetFile)
        Self.expectWellFormed(rows)
        let row = try #require(rows.first)
        #expect(rows.count == 1)
        #expect(row.status == "failed")
        let reason = try #require(row.reason)
        #expect(reason.hasPrefix("ambiguous candidates: "))
        for name in ["swiftbpf_core_dup", "swiftbpf_core_dup___other"] {
            let id = try #require(try COREFixtures.bpftoolTypeID("STRUCT", name, in: targetFile))
            #expect(reason.contains("\(targetFile) [\(id)] struct \(name)"), "\(reason)")
        }
    }

    /// `swiftbpf core` is the same command as `inspect --core`, in text and in JSON.
    @Test(arguments: [[], ["--json"]])
    func coreSubcommandPrintsTheSameListing(extra: [String]) throws {
        let object = try COREFixtures.object("core_kinds")
        let targetFile = try COREFixtures.targetObject()
        let inspect = try Self.swiftbpf(["inspect", object, "--core", "--target-btf", targetFile] + extra)
        let core = try Self.swiftbpf(["core", object, "--target-btf", targetFile] + extra)
        expectSameLines(core.output, inspect.output, "swiftbpf core vs inspect --core")
        let count = try Self.recordCount(object)
        #expect(inspect.output.hasPrefix(extra.isEmpty ? "\(object): \(count) CO-RE relocations against \(targetFile)\n" : "{"))
    }

    /// Kinds per listing equal the summary's counts, which ObjectSpec reads separately from `.BTF.ext`.
    @Test func listedKindsMatchTheSummaryCounts() throws {
        let object = try COREFixtures.object("core_kinds")
        let (_, rows) = try Self.listing(object, target: try COREFixtures.targetObject())
        let summary = try #require(try CLI.succeed("inspect", object, "--json").json() as? [String: Any])
        let counts = try #require(summary["core_relocations"] as? [String: Int])
        #expect(Dictionary(grouping: rows) { $0.kind ?? "" }.mapValues(\.count) == counts)
        #expect(counts.count == 13)
    }

    @Test func targetWithoutCoreIsAUsageError() throws {
        let run = try CLI.run("inspect", CLI.testObject("core_kinds"), "--target-btf", "/sys/kernel/btf/vmlinux")
        #expect(run.status == 64)
        #expect(run.error.contains("--target-btf applies only to the CO-RE listing: add --core"))
        #expect(run.output.isEmpty)
    }

    @Test func unreadableTargetIsReported() throws {
        let missing = "/nonexistent/swiftbpf-\(UUID().uuidString).btf"
        let run = try CLI.run("inspect", try COREFixtures.object("core_kinds"), "--core", "--target-btf", missing)
        #expect(run.status == 1)
        #expect(run.error.contains("cannot read \(missing): No such file or directory"))
    }
}
