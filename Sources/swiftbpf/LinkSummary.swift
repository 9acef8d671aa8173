import BPF
import BPFObject

/// What `link list` and `link show` print about one link, with bpftool's
/// JSON key names and text layout.
struct LinkSummary: ObjectSummary {
    var id: UInt32
    var type: String
    var programID: UInt32
    var pinned: [String]?
    /// The type-specific fields in bpftool's order and with its keys.
    private var fields: [LinkFieldEntry] = []
    /// The type-specific text lines after the header, each made of parts joined by two spaces.
    private var lines: [[String]] = []

    /// The kernel's view of `link`.
    init(_ link: Link) throws {
        let info = try link.info()
        id = info.id
        type = info.type.description
        programID = info.programID
        describe(info.target)
    }

    /// bpftool's text layout: `ID: TYPE  prog N`, then the target's lines.
    var text: String {
        (["\(id): \(type)  prog \(programID)"] + lines.map { "\t" + $0.joined(separator: "  ") })
            .joined(separator: "\n")
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: LinkFieldKey.self)
        try container.encode(id, forKey: LinkFieldKey("id"))
        try container.encode(type, forKey: LinkFieldKey("type"))
        try container.encode(programID, forKey: LinkFieldKey("prog_id"))
        for field in fields { try container.encode(field.value, forKey: LinkFieldKey(field.key)) }
        if let pinned { try container.encode(pinned, forKey: LinkFieldKey("pinned")) }
    }

    private mutating func add(_ key: String, _ value: LinkField) {
        fields.append(LinkFieldEntry(key, value))
    }

    private mutating func describe(_ target: LinkInfo.Target) {
        switch target {
        case .rawTracepoint(let name, let cookie):
            add("tp_name", .text(name))
            add("cookie", .unsigned(cookie))
            lines.append(["tp '\(name)'"] + (cookie != 0 ? ["cookie \(cookie)"] : []))
        case .tracing(let attachType, let objectID, let btfID, let cookie):
            add("attach_type", .text(attachType.description))
            add("target_obj_id", .unsigned(UInt64(objectID)))
            add("target_btf_id", .unsigned(UInt64(btfID)))
            add("cookie", .unsigned(cookie))
            lines.append(["attach_type \(attachType)"])
            lines.append(["target_obj_id \(objectID)", "target_btf_id \(btfID)"] + (cookie != 0 ? ["cookie \(cookie)"] : []))
        case .cgroup(let cgroupID, let attachType):
            add("cgroup_id", .unsigned(cgroupID))
            add("attach_type", .text(attachType.description))
            lines.append(["cgroup_id \(cgroupID)", "attach_type \(attachType)"])
        case .iterator(let iterator):
            describe(iterator)
        case .networkNamespace(let inode, let attachType):
            add("netns_ino", .unsigned(UInt64(inode)))
            add("attach_type", .text(attachType.description))
            lines.append(["netns_ino \(inode)", "attach_type \(attachType)"])
        case .xdp(let interfaceIndex):
            lines.append([interface(interfaceIndex)])
        case .structOps(let mapID):
            add("map_id", .unsigned(UInt64(mapID)))
            lines.append(["map_id \(mapID)"])
        case .netfilter(let hook):
            add("pf", .unsigned(UInt64(hook.protocolFamily)))
            add("hook", .unsigned(UInt64(hook.hook)))
            add("prio", .signed(Int64(hook.priority)))
            add("flags", .unsigned(UInt64(hook.flags)))
            lines.append(["netfilter_\(hook.familyName) \(hook.hookName)", "prio \(hook.priority)"]
                + (hook.flags & 1 != 0 ? ["ip_defrag"] : []))
        case .kprobeMulti(let probes):
            describeKprobes(probes)
        case .uprobeMulti(let probes):
            describeUprobes(probes)
        case .perfEvent(let event):
            describe(event)
        case .tcx(let interfaceIndex, let attachType), .netkit(let interfaceIndex, let attachType):
            lines.append([interface(interfaceIndex), "attach_type \(attachType)"])
            add("attach_type", .text(attachType.description))
        case .sockmap(let mapID, let attachType):
            add("map_id", .unsigned(UInt64(mapID)))
            add("attach_type", .text(attachType.description))
            lines.append(["map_id \(mapID)", "attach_type \(attachType)"])
        case .other(let details):
            add("details", .text(details.map { hexByte($0) }.joined(separator: " ")))
        }
    }

    /// `ifindex N`. Newer bpftool adds the interface's name as looked up in its own
    /// network namespace; the kernel does not say which namespace the interface is
    /// in, so that name can belong to another interface, and is left out here.
    private mutating func interface(_ index: UInt32) -> String {
        add("ifindex", .unsigned(UInt64(index)))
        return "ifindex \(index)"
    }

    private mutating func describe(_ iterator: IteratorLinkTarget) {
        add("target_name", .text(iterator.name))
        var parts = ["target_name \(iterator.name)"]
        switch iterator.scope {
        case .all:
            break
        case .map(let mapID):
            add("map_id", .unsigned(UInt64(mapID)))
            parts.append("map_id \(mapID)")
        case .cgroup(let cgroupID, let order):
            let orders = ["order_unspec", "self_only", "descendants_pre", "descendants_post", "ancestors_up"]
            let orderName = Int(exactly: order).flatMap { orders.indices.contains($0) ? orders[$0] : nil } ?? "\(order)"
            add("cgroup_id", .unsigned(cgroupID))
            add("order", .text(orderName))
            parts += ["cgroup_id \(cgroupID)", "order \(orderName)"]
        case .task(let threadID, let processID):
            if threadID != 0 { add("tid", .unsigned(UInt64(threadID))); parts.append("tid \(threadID)") }
            if processID != 0 { add("pid", .unsigned(UInt64(processID))); parts.append("pid \(processID)") }
        }
        lines.append(parts)
    }

    private mutating func describeKprobes(_ probes: ProbeMultiLinkTarget) {
        let names = (try? KallsymsLines(WholeFile.bytes("/proc/kallsyms")).names(at: Set(probes.locations))) ?? [:]
        add("retprobe", .flag(probes.isReturn))
        add("func_cnt", .unsigned(UInt64(probes.count)))
        add("missed", .unsigned(probes.missed))
        var functions: [[LinkFieldEntry]] = []
        lines.append([probes.isReturn ? "kretprobe.multi" : "kprobe.multi", "func_cnt \(probes.count)"]
            + (probes.missed != 0 ? ["missed \(probes.missed)"] : []))
        for (index, address) in probes.locations.enumerated() {
            let name = names[address] ?? ""
            var entry = [LinkFieldEntry("addr", .unsigned(address)), LinkFieldEntry("func", .text(name))]
            if probes.cookies.indices.contains(index) { entry.append(LinkFieldEntry("cookie", .unsigned(probes.cookies[index]))) }
            functions.append(entry)
            lines.append([hexAddress(address), name])
        }
        add("funcs", .records(functions))
    }

    private mutating func describeUprobes(_ probes: ProbeMultiLinkTarget) {
        add("retprobe", .flag(probes.isReturn))
        add("path", .text(probes.path))
        add("func_cnt", .unsigned(UInt64(probes.count)))
        add("pid", .unsigned(UInt64(probes.processID)))
        lines.append([probes.isReturn ? "uretprobe.multi" : "uprobe.multi", "path \(probes.path)",
                      "func_cnt \(probes.count)"] + (probes.processID != 0 ? ["pid \(probes.processID)"] : []))
        var functions: [[LinkFieldEntry]] = []
        for (index, offset) in probes.locations.enumerated() {
            var entry = [LinkFieldEntry("offset", .unsigned(offset))]
            var parts = ["offset \(hexAddress(offset))"]
            if probes.referenceCounterOffsets.indices.contains(index) {
                entry.append(LinkFieldEntry("ref_ctr_offset", .unsigned(probes.referenceCounterOffsets[index])))
                parts.append("ref_ctr_offset \(hexAddress(probes.referenceCounterOffsets[index]))")
            }
            if probes.cookies.indices.contains(index) {
                entry.append(LinkFieldEntry("cookie", .unsigned(probes.cookies[index])))
                parts.append("cookie \(probes.cookies[index])")
            }
            functions.append(entry)
            lines.append(parts)
        }
        add("funcs", .records(functions))
    }

    private mutating func describe(_ event: PerfEventLinkTarget) {
        switch event {
        case .uprobe(let file, let offset, let isReturn, let cookie, let counter):
            add("retprobe", .flag(isReturn))
            add("file", .text(file))
            add("offset", .unsigned(UInt64(offset)))
            add("ref_ctr_offset", .unsigned(counter))
            add("cookie", .unsigned(cookie))
            lines.append(["\(isReturn ? "uretprobe" : "uprobe") \(file)+\(hexAddress(UInt64(offset)))"]
                + (cookie != 0 ? ["cookie \(cookie)"] : []))
        case .kprobe(let function, let offset, let address, let isReturn, let missed, let cookie):
            add("retprobe", .flag(isReturn))
            add("addr", .unsigned(address))
            add("func", .text(function))
            add("offset", .unsigned(UInt64(offset)))
            add("missed", .unsigned(missed))
            add("cookie", .unsigned(cookie))
            lines.append(["\(isReturn ? "kretprobe" : "kprobe") \(hexAddress(address)) \(function)+\(hexAddress(UInt64(offset)))"]
                + (missed != 0 ? ["missed \(missed)"] : []) + (cookie != 0 ? ["cookie \(cookie)"] : []))
        case .tracepoint(let name, let cookie):
            add("tracepoint", .text(name))
            add("cookie", .unsigned(cookie))
            lines.append(["tracepoint \(name)"] + (cookie != 0 ? ["cookie \(cookie)"] : []))
        case .event(let type, let config, let cookie):
            let typeName = PerfEventLinkTarget.eventTypeName(type)
            let configName = Self.eventConfigName(type: type, config: config)
            add("event_type", .text(typeName))
            add("event_config", .text(configName))
            add("cookie", .unsigned(cookie))
            lines.append(["event \(typeName):\(configName)"] + (cookie != 0 ? ["cookie \(cookie)"] : []))
        case .unknown(let type):
            add("perf_event_type", .unsigned(UInt64(type)))
            lines.append(["perf_event_type \(type)"])
        }
    }

    /// bpftool's names for hardware and software event configs; others print as their number.
    private static func eventConfigName(type: UInt32, config: UInt64) -> String {
        let names: [String]
        switch type {
        case 0:
            names = ["cpu-cycles", "instructions", "cache-references", "cache-misses", "branch-instructions",
                     "branch-misses", "bus-cycles", "stalled-cycles-frontend", "stalled-cycles-backend", "ref-cycles"]
        case 1:
            names = ["cpu-clock", "task-clock", "page-faults", "context-switches", "cpu-migrations", "minor-faults",
                     "major-faults", "alignment-faults", "emulation-faults", "dummy", "bpf-output", "cgroup-switches"]
        default:
            names = []
        }
        return Int(exactly: config).flatMap { names.indices.contains($0) ? names[$0] : nil } ?? "\(config)"
    }

    private func hexAddress(_ value: UInt64) -> String { "0x" + String(value, radix: 16) }

    private func hexByte(_ value: UInt8) -> String {
        let digits = String(value, radix: 16)
        return digits.count == 1 ? "0" + digits : digits
    }
}
