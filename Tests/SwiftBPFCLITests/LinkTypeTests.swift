import BPF
import BPFInstructions
import BPFObject
import CBPFTestSupport
import Foundation
import Glibc
import Testing

/// Real links of each type this kernel lets root create, read back through
/// ``LinkInfo``, `swiftbpf link show` and `bpftool link show` as the oracle.
/// Interface and netfilter links live in a private network namespace.
///
/// Not covered, because this kernel refuses to create them or they need more
/// than a test can set up: tracing links (fentry/fexit are refused with EPERM),
/// kprobe_multi (EOPNOTSUPP: no fprobe), struct_ops and netkit.
@Suite(.serialized) struct LinkTypeTests {
    static func load(_ type: ProgramType, _ name: String, returning value: Int32 = 0,
                     expectedAttachType: AttachType = AttachType(rawValue: 0), attachBTFID: UInt32 = 0) throws -> Program {
        try Program(ProgramParameters(type: type, instructions: [Instruction(opcode: 0xb7, constant: Int64(value)),
                                                                  Instruction(opcode: 0x95)],
                                      name: name, expectedAttachType: expectedAttachType, attachBTFID: attachBTFID))
    }

    /// A copy of /bin/true in a directory of its own, so uprobes on it reach no running process.
    static func privateBinary() throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("swiftbpf-uprobe-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let file = directory.appendingPathComponent("probed").path
        try FileManager.default.copyItem(atPath: "/bin/true", toPath: file)
        return file
    }

    static let vmlinux: Result<BTF, any Error> = Result {
        try BTF.parse(bytes: Array(try Data(contentsOf: URL(fileURLWithPath: "/sys/kernel/btf/vmlinux"))))
    }

    /// `swiftbpf link show ID --json` and the same from bpftool: every field bpftool
    /// prints, we print with the same value (bpftool 7.1 predates some link types, whose
    /// type it shows as a number; those fields it does not print are checked by the caller).
    @discardableResult
    static func expectAgreement(_ link: Link, sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any] {
        let id = try link.info().id
        let ours = try #require(try CLI.succeed("link", "show", "\(id)", "--json").json() as? [String: Any],
                                sourceLocation: sourceLocation)
        let oracle = try #require(try CLI.bpftool("-j", "link", "show", "id", "\(id)").json() as? [String: Any],
                                  sourceLocation: sourceLocation)
        for (key, expected) in oracle where key != "pinned" {
            if key == "type", expected is NSNumber { continue }
            let mine = ours[key]
            #expect(mine != nil, "bpftool prints \(key) = \(expected); we do not", sourceLocation: sourceLocation)
            if let mine {
                #expect("\(mine)" == "\(expected)", "\(key): ours \(mine), bpftool \(expected)", sourceLocation: sourceLocation)
            }
        }
        return ours
    }

    /// Two tcx links on a veth; the objects made in the namespace, kept for the checks after it.
    struct AttachedPair {
        var index: UInt32
        var programs: [Program]
        var links: [Link]
        var query: AttachedPrograms
        var egress: AttachedPrograms
    }

    @Test func tcxLinksAreQueriedWithTheirLinkIDs() throws {
        let (pair, namespace) = try PrivateNetwork.run {
            let index = try PrivateNetwork.interfaceIndex("veth0")
            let programs = [try Self.load(.schedClassifier, "tcx_first"), try Self.load(.schedClassifier, "tcx_second")]
            let links = try programs.map { try Link(program: $0, target: .interface(index: index), attachType: .tcxIngress) }
            return AttachedPair(index: index, programs: programs, links: links,
                                query: try Program.query(.interface(index: index), attachType: .tcxIngress),
                                egress: try Program.query(.interface(index: index), attachType: .tcxEgress))
        }
        defer {
            for link in pair.links { link.close() }
            for program in pair.programs { program.close() }
            close(namespace)
        }
        #expect(pair.query.ids == (try pair.programs.map { try $0.info().id }))
        #expect(pair.query.linkIDs == (try pair.links.map { try $0.info().id }))
        #expect(pair.query.programAttachFlags.count == 2)
        #expect(pair.query.linkAttachFlags.count == 2)
        #expect(pair.query.revision >= 3, "two attaches from revision 1")
        #expect(pair.egress.ids.isEmpty)

        let info = try pair.links[0].info()
        #expect(info.type == .tcx)
        #expect(info.target == .tcx(interfaceIndex: pair.index, attachType: .tcxIngress))
        let shown = try Self.expectAgreement(pair.links[0])
        #expect(shown["ifindex"] as? Int == Int(pair.index))
        #expect(shown["attach_type"] as? String == AttachType.tcxIngress.description)
        let text = try CLI.succeed("link", "show", "\(info.id)").output
        #expect(text.contains("\tifindex \(pair.index)  attach_type \(AttachType.tcxIngress)"))
    }

    @Test func xdpLinkOnAVeth() throws {
        let ((index, program, link), namespace) = try PrivateNetwork.run {
            let index = try PrivateNetwork.interfaceIndex("veth0")
            let program = try Self.load(.xdp, "xdp_pass", returning: 2)
            return (index, program, try Link(program: program, target: .interface(index: index), attachType: .xdp))
        }
        defer { link.close(); program.close(); close(namespace) }
        let info = try link.info()
        #expect(info.type == .xdp)
        #expect(info.target == .xdp(interfaceIndex: index))
        let shown = try Self.expectAgreement(link)
        #expect(shown["ifindex"] as? Int == Int(index))
        #expect(try CLI.succeed("link", "show", "\(info.id)").output.contains("\tifindex \(index)"))
    }

    @Test func netfilterLinkInAPrivateNamespace() throws {
        let hook = NetfilterHook(protocolFamily: 2, hook: 1, priority: -128)
        let ((program, link), namespace) = try PrivateNetwork.run {
            let program = try Self.load(.netfilter, "nf_accept", returning: 1, expectedAttachType: .netfilter)
            return (program, try Link(program: program, target: .descriptor(0), attachType: .netfilter,
                                      options: LinkOptions(netfilter: hook)))
        }
        defer { link.close(); program.close(); close(namespace) }
        let info = try link.info()
        #expect(info.type == .netfilter)
        #expect(info.target == .netfilter(hook))
        let shown = try Self.expectAgreement(link)
        #expect(shown["pf"] as? Int == 2)
        #expect(shown["hook"] as? Int == 1)
        #expect(shown["prio"] as? Int == -128)
        #expect(try CLI.succeed("link", "show", "\(info.id)").output.contains("\tnetfilter_ipv4 local_in  prio -128"))
    }

    @Test func taskIteratorLink() throws {
        let btf = try Self.vmlinux.get()
        let target = try #require(btf.typeID(named: "bpf_iter_task", kind: .function))
        let program = try Self.load(.tracing, "iter_tasks", expectedAttachType: .traceIter, attachBTFID: target)
        defer { program.close() }
        let link = try Link(program: program, target: .descriptor(0), attachType: .traceIter)
        defer { link.close() }
        let info = try link.info()
        #expect(info.type == .iterator)
        #expect(info.target == .iterator(IteratorLinkTarget(name: "task", scope: .all)))
        let shown = try Self.expectAgreement(link)
        #expect(shown["target_name"] as? String == "task")
        #expect(try CLI.succeed("link", "show", "\(info.id)").output.contains("\ttarget_name task"))
    }

    @Test func rawTracepointLink() throws {
        let btf = try Self.vmlinux.get()
        let target = try #require(btf.typeID(named: "btf_trace_sys_enter", kind: .typedef))
        let program = try Self.load(.tracing, "tp_btf_enter", expectedAttachType: .traceRawTP, attachBTFID: target)
        defer { program.close() }
        let link = try Link(program: program, target: .descriptor(0), attachType: .traceRawTP)
        defer { link.close() }
        let info = try link.info()
        #expect(info.type == .rawTracepoint)
        #expect(info.target == .rawTracepoint(name: "sys_enter", cookie: 0))
        let shown = try Self.expectAgreement(link)
        #expect(shown["tp_name"] as? String == "sys_enter")
        #expect(try CLI.succeed("link", "show", "\(info.id)").output.contains("\ttp 'sys_enter'"))
    }

    @Test func perfEventLinkOnASoftwareEvent() throws {
        let event = swiftbpf_open_page_fault_event()
        try #require(event >= 0, "perf_event_open: errno \(-event)")
        defer { close(event) }
        let program = try Self.load(.perfEvent, "perf_faults")
        defer { program.close() }
        let link = try Link(program: program, target: .descriptor(event), attachType: .perfEvent)
        defer { link.close() }
        let info = try link.info()
        #expect(info.type == .perfEvent)
        #expect(info.target == .perfEvent(.event(type: 1, config: 2, cookie: 0)))
        let shown = try Self.expectAgreement(link)
        #expect(shown["event_type"] as? String == "software")
        #expect(shown["event_config"] as? String == "page-faults")
        #expect(try CLI.succeed("link", "show", "\(info.id)").output.contains("\tevent software:page-faults"))
        let listed = try #require(try CLI.succeed("link", "list", "--json").json() as? [[String: Any]])
        #expect(listed.contains { $0["id"] as? Int == Int(info.id) && $0["event_type"] as? String == "software" })
    }

    /// Uprobes on a private copy of a binary, so no running process is probed.
    @Test func uprobeMultiLinkOnAPrivateFile() throws {
        let file = try Self.privateBinary()
        defer { try? FileManager.default.removeItem(atPath: (file as NSString).deletingLastPathComponent) }
        let program = try Self.load(.kprobe, "uprobes", expectedAttachType: .traceUprobeMulti)
        defer { program.close() }
        let probes = ProbeMultiLinkTarget(path: file, locations: [0x1000, 0x1010], cookies: [7, 8], count: 2, isReturn: false)
        let link = try Link(program: program, target: .descriptor(0), attachType: .traceUprobeMulti,
                            options: LinkOptions(uprobes: probes))
        defer { link.close() }
        let info = try link.info()
        #expect(info.type == .uprobeMulti)
        #expect(info.target == .uprobeMulti(probes))
        let shown = try Self.expectAgreement(link)
        #expect(shown["path"] as? String == file)
        #expect(shown["func_cnt"] as? Int == 2)
        #expect((shown["funcs"] as? [[String: Any]])?.compactMap { $0["cookie"] as? Int } == [7, 8])
        #expect(try CLI.succeed("link", "show", "\(info.id)").output.contains("\tuprobe.multi  path \(file)  func_cnt 2"))

        let mismatched = ProbeMultiLinkTarget(path: file, locations: [0x1000], cookies: [1, 2], count: 1, isReturn: false)
        let error = #expect(throws: BPFError.self) {
            try Link(program: program, target: .descriptor(0), attachType: .traceUprobeMulti,
                     options: LinkOptions(uprobes: mismatched))
        }
        #expect(error?.errno == .invalidArgument)
    }

    /// A perf-event link on a uprobe made through the uprobe PMU: its file name comes back
    /// through the second info call that reads names.
    @Test func perfEventLinkOnAUprobe() throws {
        let file = try Self.privateBinary()
        defer { try? FileManager.default.removeItem(atPath: (file as NSString).deletingLastPathComponent) }
        let typeText = try String(contentsOfFile: "/sys/bus/event_source/devices/uprobe/type", encoding: .utf8)
        let pmu = try #require(Int32(typeText.trimmingCharacters(in: .whitespacesAndNewlines)))
        let event = swiftbpf_open_uprobe_event(pmu, file, 0x1000)
        try #require(event >= 0, "perf_event_open(uprobe): errno \(-event)")
        defer { close(event) }
        let program = try Self.load(.kprobe, "perf_uprobe")
        defer { program.close() }
        let link = try Link(program: program, target: .descriptor(event), attachType: .perfEvent)
        defer { link.close() }
        let info = try link.info()
        #expect(info.target == .perfEvent(.uprobe(file: file, offset: 0x1000, isReturn: false, cookie: 0,
                                                   referenceCounterOffset: 0)))
        let shown = try Self.expectAgreement(link)
        #expect(shown["file"] as? String == file)
        #expect(shown["offset"] as? Int == 0x1000)
        #expect(try CLI.succeed("link", "show", "\(info.id)").output.contains("\tuprobe \(file)+0x1000"))
    }
}
