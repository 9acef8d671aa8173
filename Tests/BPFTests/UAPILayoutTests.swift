import CBPFTestSupport
import Testing

@testable import BPF

private typealias Create = MapCreateAttributes
private typealias Element = MapElementAttributes
private typealias Batch = MapBatchAttributes
private typealias Load = ProgramLoadAttributes
private typealias Pin = ObjectPinAttributes
private typealias Attach = ProgramAttachAttributes
private typealias Test = TestRunAttributes
private typealias ID = ObjectIDAttributes
private typealias Info = ObjectInfoAttributes
private typealias Query = ProgramQueryAttributes
private typealias BTFLoad = BTFLoadAttributes
private typealias LinkCreate = LinkCreateAttributes
private typealias LinkUpdate = LinkUpdateAttributes
private typealias NetfilterLink = NetfilterLinkCreateAttributes
private typealias UprobeLink = UprobeMultiLinkCreateAttributes
private typealias Word = SingleWordAttributes
private typealias MapInfoC = MapInfoRecord
private typealias ProgInfo = ProgramInfoRecord
private typealias BTFInfoC = BTFInfoRecord

/// The attribute and info structs sent to bpf(2) match the kernel's layout:
/// field by field against <linux/bpf.h> (compiled by C), and against the
/// running kernel's BTF for every field, including those newer than the header.
@Suite("uapi layout")
struct UAPILayoutTests {
    /// One mirrored field: the C group and path, and where Swift puts it.
    struct Field: CustomStringConvertible {
        var group: String
        var path: String
        var offset: Int
        var size: Int
        var description: String { "\(group).\(path) at \(offset) (\(size) bytes)" }
    }

    private static func field<Root, Value>(
        _ group: String, _ path: String, _ keyPath: KeyPath<Root, Value>
    ) -> Field {
        Field(group: group, path: path, offset: MemoryLayout<Root>.offset(of: keyPath) ?? -1, size: MemoryLayout<Value>.size)
    }

    /// Where each group starts in the kernel's BTF: a named member of
    /// `union bpf_attr`, the anonymous member holding an anchor field, or an info struct.
    private static let roots: [String: (container: String, anchor: String?)] = [
        "map_create": ("UNION bpf_attr", "map_type"), "map_element": ("UNION bpf_attr", "next_key"),
        "batch": ("UNION bpf_attr", nil), "prog_load": ("UNION bpf_attr", "prog_type"),
        "obj_pin": ("UNION bpf_attr", "pathname"), "prog_attach": ("UNION bpf_attr", "attach_bpf_fd"),
        "test": ("UNION bpf_attr", nil), "object_id": ("UNION bpf_attr", "start_id"),
        "info": ("UNION bpf_attr", nil), "query": ("UNION bpf_attr", nil),
        "btf_load": ("UNION bpf_attr", "btf_log_buf"), "link_create": ("UNION bpf_attr", nil),
        "link_update": ("UNION bpf_attr", nil), "link_detach": ("UNION bpf_attr", nil),
        "enable_stats": ("UNION bpf_attr", nil), "bpf_map_info": ("STRUCT bpf_map_info", nil),
        "bpf_prog_info": ("STRUCT bpf_prog_info", nil), "bpf_btf_info": ("STRUCT bpf_btf_info", nil),
        "bpf_link_info": ("STRUCT bpf_link_info", nil), "link_create_netfilter": ("UNION bpf_attr", nil),
        "link_create_uprobe_multi": ("UNION bpf_attr", nil),
    ]

    static let swiftFields: [Field] = {
        var fields = [
            field("map_create", "map_type", \Create.mapType), field("map_create", "key_size", \Create.keySize),
            field("map_create", "value_size", \Create.valueSize), field("map_create", "max_entries", \Create.maxEntries),
            field("map_create", "map_flags", \Create.mapFlags), field("map_create", "inner_map_fd", \Create.innerMapFD),
            field("map_create", "numa_node", \Create.numaNode), field("map_create", "map_name", \Create.mapName),
            field("map_create", "map_ifindex", \Create.mapIfindex), field("map_create", "btf_fd", \Create.btfFD),
            field("map_create", "btf_key_type_id", \Create.btfKeyTypeID),
            field("map_create", "btf_value_type_id", \Create.btfValueTypeID),
            field("map_create", "btf_vmlinux_value_type_id", \Create.btfVMLinuxValueTypeID),
            field("map_create", "map_extra", \Create.mapExtra),
            field("map_create", "value_type_btf_obj_fd", \Create.valueTypeBTFObjectFD),
            field("map_create", "map_token_fd", \Create.mapTokenFD),

            field("map_element", "map_fd", \Element.mapFD), field("map_element", "key", \Element.key),
            field("map_element", "value", \Element.value), field("map_element", "next_key", \Element.value),
            field("map_element", "flags", \Element.flags),

            field("batch", "batch.in_batch", \Batch.inBatch), field("batch", "batch.out_batch", \Batch.outBatch),
            field("batch", "batch.keys", \Batch.keys), field("batch", "batch.values", \Batch.values),
            field("batch", "batch.count", \Batch.count), field("batch", "batch.map_fd", \Batch.mapFD),
            field("batch", "batch.elem_flags", \Batch.elementFlags), field("batch", "batch.flags", \Batch.flags),

            field("prog_load", "prog_type", \Load.programType), field("prog_load", "insn_cnt", \Load.instructionCount),
            field("prog_load", "insns", \Load.instructions), field("prog_load", "license", \Load.license),
            field("prog_load", "log_level", \Load.logLevel), field("prog_load", "log_size", \Load.logSize),
            field("prog_load", "log_buf", \Load.logBuffer), field("prog_load", "kern_version", \Load.kernelVersion),
            field("prog_load", "prog_flags", \Load.programFlags), field("prog_load", "prog_name", \Load.programName),
            field("prog_load", "prog_ifindex", \Load.programIfindex),
            field("prog_load", "expected_attach_type", \Load.expectedAttachType),
            field("prog_load", "prog_btf_fd", \Load.programBTFFD),
            field("prog_load", "func_info_rec_size", \Load.funcInfoRecordSize),
            field("prog_load", "func_info", \Load.funcInfo), field("prog_load", "func_info_cnt", \Load.funcInfoCount),
            field("prog_load", "line_info_rec_size", \Load.lineInfoRecordSize),
            field("prog_load", "line_info", \Load.lineInfo), field("prog_load", "line_info_cnt", \Load.lineInfoCount),
            field("prog_load", "attach_btf_id", \Load.attachBTFID),
            field("prog_load", "attach_prog_fd", \Load.attachProgramFD),
            field("prog_load", "attach_btf_obj_fd", \Load.attachProgramFD),
            field("prog_load", "core_relo_cnt", \Load.coreRelocationCount),
            field("prog_load", "fd_array", \Load.fdArray), field("prog_load", "core_relos", \Load.coreRelocations),
            field("prog_load", "core_relo_rec_size", \Load.coreRelocationRecordSize),
            field("prog_load", "log_true_size", \Load.logTrueSize),
            field("prog_load", "prog_token_fd", \Load.programTokenFD),
            field("prog_load", "fd_array_cnt", \Load.fdArrayCount),

            field("obj_pin", "pathname", \Pin.pathname), field("obj_pin", "bpf_fd", \Pin.bpfFD),
            field("obj_pin", "file_flags", \Pin.fileFlags), field("obj_pin", "path_fd", \Pin.pathFD),

            field("prog_attach", "target_fd", \Attach.targetFD), field("prog_attach", "target_ifindex", \Attach.targetFD),
            field("prog_attach", "attach_bpf_fd", \Attach.attachBPFFD),
            field("prog_attach", "attach_type", \Attach.attachType),
            field("prog_attach", "attach_flags", \Attach.attachFlags),
            field("prog_attach", "replace_bpf_fd", \Attach.replaceBPFFD),
            field("prog_attach", "relative_fd", \Attach.relativeFD),
            field("prog_attach", "expected_revision", \Attach.expectedRevision),

            field("test", "test.prog_fd", \Test.programFD), field("test", "test.retval", \Test.returnValue),
            field("test", "test.data_size_in", \Test.dataSizeIn), field("test", "test.data_size_out", \Test.dataSizeOut),
            field("test", "test.data_in", \Test.dataIn), field("test", "test.data_out", \Test.dataOut),
            field("test", "test.repeat", \Test.repeatCount), field("test", "test.duration", \Test.duration),
            field("test", "test.ctx_size_in", \Test.contextSizeIn),
            field("test", "test.ctx_size_out", \Test.contextSizeOut),
            field("test", "test.ctx_in", \Test.contextIn), field("test", "test.ctx_out", \Test.contextOut),
            field("test", "test.flags", \Test.flags), field("test", "test.cpu", \Test.cpu),
            field("test", "test.batch_size", \Test.batchSize),

            field("object_id", "start_id", \ID.id), field("object_id", "prog_id", \ID.id),
            field("object_id", "map_id", \ID.id), field("object_id", "btf_id", \ID.id),
            field("object_id", "link_id", \ID.id), field("object_id", "next_id", \ID.nextID),
            field("object_id", "open_flags", \ID.openFlags),
            field("object_id", "fd_by_id_token_fd", \ID.fdByIDTokenFD),

            field("info", "info.bpf_fd", \Info.bpfFD), field("info", "info.info_len", \Info.infoLength),
            field("info", "info.info", \Info.info),

            field("query", "query.target_fd", \Query.targetFD), field("query", "query.attach_type", \Query.attachType),
            field("query", "query.query_flags", \Query.queryFlags),
            field("query", "query.attach_flags", \Query.attachFlags),
            field("query", "query.prog_ids", \Query.programIDs), field("query", "query.prog_cnt", \Query.count),
            field("query", "query.prog_attach_flags", \Query.programAttachFlags),
            field("query", "query.link_ids", \Query.linkIDs),
            field("query", "query.link_attach_flags", \Query.linkAttachFlags),
            field("query", "query.revision", \Query.revision),

            field("btf_load", "btf", \BTFLoad.btf), field("btf_load", "btf_log_buf", \BTFLoad.btfLogBuffer),
            field("btf_load", "btf_size", \BTFLoad.btfSize), field("btf_load", "btf_log_size", \BTFLoad.btfLogSize),
            field("btf_load", "btf_log_level", \BTFLoad.btfLogLevel),
            field("btf_load", "btf_log_true_size", \BTFLoad.btfLogTrueSize),
            field("btf_load", "btf_flags", \BTFLoad.btfFlags), field("btf_load", "btf_token_fd", \BTFLoad.btfTokenFD),

            field("link_create", "link_create.prog_fd", \LinkCreate.programFD),
            field("link_create", "link_create.target_fd", \LinkCreate.targetFD),
            field("link_create", "link_create.target_ifindex", \LinkCreate.targetFD),
            field("link_create", "link_create.attach_type", \LinkCreate.attachType),
            field("link_create", "link_create.flags", \LinkCreate.flags),
            field("link_create", "link_create.target_btf_id", \LinkCreate.targetBTFIDOrRelative),
            field("link_create", "link_create.tracing.target_btf_id", \LinkCreate.targetBTFIDOrRelative),
            field("link_create", "link_create.tracing.cookie", \LinkCreate.cookieOrExpectedRevision),
            field("link_create", "link_create.cgroup.relative_fd", \LinkCreate.targetBTFIDOrRelative),
            field("link_create", "link_create.cgroup.expected_revision", \LinkCreate.cookieOrExpectedRevision),
            field("link_create", "link_create.tcx.relative_fd", \LinkCreate.targetBTFIDOrRelative),
            field("link_create", "link_create.tcx.expected_revision", \LinkCreate.cookieOrExpectedRevision),

            field("link_update", "link_update.link_fd", \LinkUpdate.linkFD),
            field("link_update", "link_update.new_prog_fd", \LinkUpdate.newProgramFD),
            field("link_update", "link_update.flags", \LinkUpdate.flags),
            field("link_update", "link_update.old_prog_fd", \LinkUpdate.oldProgramFD),
            field("link_detach", "link_detach.link_fd", \Word.word),
            field("enable_stats", "enable_stats.type", \Word.word),

            field("bpf_map_info", "type", \MapInfoC.type), field("bpf_map_info", "id", \MapInfoC.id),
            field("bpf_map_info", "key_size", \MapInfoC.keySize), field("bpf_map_info", "value_size", \MapInfoC.valueSize),
            field("bpf_map_info", "max_entries", \MapInfoC.maxEntries),
            field("bpf_map_info", "map_flags", \MapInfoC.mapFlags), field("bpf_map_info", "name", \MapInfoC.name),
            field("bpf_map_info", "ifindex", \MapInfoC.ifindex),
            field("bpf_map_info", "btf_vmlinux_value_type_id", \MapInfoC.btfVMLinuxValueTypeID),
            field("bpf_map_info", "netns_dev", \MapInfoC.netnsDevice),
            field("bpf_map_info", "netns_ino", \MapInfoC.netnsInode), field("bpf_map_info", "btf_id", \MapInfoC.btfID),
            field("bpf_map_info", "btf_key_type_id", \MapInfoC.btfKeyTypeID),
            field("bpf_map_info", "btf_value_type_id", \MapInfoC.btfValueTypeID),
            field("bpf_map_info", "btf_vmlinux_id", \MapInfoC.btfVMLinuxID),
            field("bpf_map_info", "map_extra", \MapInfoC.mapExtra),

            field("bpf_btf_info", "btf", \BTFInfoC.btf), field("bpf_btf_info", "btf_size", \BTFInfoC.btfSize),
            field("bpf_btf_info", "id", \BTFInfoC.id), field("bpf_btf_info", "name", \BTFInfoC.name),
            field("bpf_btf_info", "name_len", \BTFInfoC.nameLength),
            field("bpf_btf_info", "kernel_btf", \BTFInfoC.kernelBTF),
        ]
        // The union is read through LinkInfoLayout's offsets, so those are what is checked.
        for (path, entry) in LinkInfoLayout.all {
            fields.append(Field(group: "bpf_link_info", path: path, offset: entry.offset, size: entry.size))
        }
        fields += [
            field("link_create_netfilter", "link_create.prog_fd", \NetfilterLink.programFD),
            field("link_create_netfilter", "link_create.target_fd", \NetfilterLink.targetFD),
            field("link_create_netfilter", "link_create.attach_type", \NetfilterLink.attachType),
            field("link_create_netfilter", "link_create.flags", \NetfilterLink.flags),
            field("link_create_netfilter", "link_create.netfilter.pf", \NetfilterLink.protocolFamily),
            field("link_create_netfilter", "link_create.netfilter.hooknum", \NetfilterLink.hook),
            field("link_create_netfilter", "link_create.netfilter.priority", \NetfilterLink.priority),
            field("link_create_netfilter", "link_create.netfilter.flags", \NetfilterLink.netfilterFlags),
            field("link_create_uprobe_multi", "link_create.prog_fd", \UprobeLink.programFD),
            field("link_create_uprobe_multi", "link_create.target_fd", \UprobeLink.targetFD),
            field("link_create_uprobe_multi", "link_create.attach_type", \UprobeLink.attachType),
            field("link_create_uprobe_multi", "link_create.flags", \UprobeLink.flags),
            field("link_create_uprobe_multi", "link_create.uprobe_multi.path", \UprobeLink.path),
            field("link_create_uprobe_multi", "link_create.uprobe_multi.offsets", \UprobeLink.offsets),
            field("link_create_uprobe_multi", "link_create.uprobe_multi.ref_ctr_offsets",
                  \UprobeLink.referenceCounterOffsets),
            field("link_create_uprobe_multi", "link_create.uprobe_multi.cookies", \UprobeLink.cookies),
            field("link_create_uprobe_multi", "link_create.uprobe_multi.cnt", \UprobeLink.count),
            field("link_create_uprobe_multi", "link_create.uprobe_multi.flags", \UprobeLink.uprobeFlags),
            field("link_create_uprobe_multi", "link_create.uprobe_multi.pid", \UprobeLink.processID),
        ]
        let programInfo: [(String, PartialKeyPath<ProgInfo>)] = [
            ("type", \.type), ("id", \.id), ("tag", \.tag), ("jited_prog_len", \.jitedLength),
            ("xlated_prog_len", \.translatedLength), ("jited_prog_insns", \.jitedInstructions),
            ("xlated_prog_insns", \.translatedInstructions), ("load_time", \.loadTime),
            ("created_by_uid", \.createdByUID), ("nr_map_ids", \.mapIDCount), ("map_ids", \.mapIDs),
            ("name", \.name), ("ifindex", \.ifindex), ("netns_dev", \.netnsDevice), ("netns_ino", \.netnsInode),
            ("nr_jited_ksyms", \.jitedKernelSymbolCount), ("nr_jited_func_lens", \.jitedFunctionLengthCount),
            ("jited_ksyms", \.jitedKernelSymbols), ("jited_func_lens", \.jitedFunctionLengths), ("btf_id", \.btfID),
            ("func_info_rec_size", \.funcInfoRecordSize), ("func_info", \.funcInfo), ("nr_func_info", \.funcInfoCount),
            ("nr_line_info", \.lineInfoCount), ("line_info", \.lineInfo), ("jited_line_info", \.jitedLineInfo),
            ("nr_jited_line_info", \.jitedLineInfoCount), ("line_info_rec_size", \.lineInfoRecordSize),
            ("jited_line_info_rec_size", \.jitedLineInfoRecordSize), ("nr_prog_tags", \.programTagCount),
            ("prog_tags", \.programTags), ("run_time_ns", \.runTime), ("run_cnt", \.runCount),
            ("recursion_misses", \.recursionMisses), ("verified_insns", \.verifiedInstructions),
            ("attach_btf_obj_id", \.attachBTFObjectID), ("attach_btf_id", \.attachBTFID),
            // A one-bit field: C cannot take its offset, so only the kernel's BTF checks it.
            ("gpl_compatible", \.gplCompatible),
        ]
        for (path, keyPath) in programInfo {
            let size = type(of: keyPath).valueType is ObjectName.Type ? 16 : Self.size(of: type(of: keyPath).valueType)
            fields.append(Field(group: "bpf_prog_info", path: path,
                                offset: MemoryLayout<ProgInfo>.offset(of: keyPath) ?? -1, size: size))
        }
        return fields
    }()

    private static func size(of type: Any.Type) -> Int {
        func measure<T>(_: T.Type) -> Int { MemoryLayout<T>.size }
        return _openExistential(type, do: measure)
    }

    private static func cFields() -> [Field] {
        var count = 0
        guard let table = swiftbpf_uapi_layout(&count) else { return [] }
        return (0..<count).map { index in
            let entry = table[index]
            return Field(group: String(cString: entry.group), path: String(cString: entry.field),
                         offset: entry.offset, size: entry.size)
        }
    }

    @Test func everyFieldTheHeaderKnowsMatches() throws {
        let swift = Dictionary(Self.swiftFields.map { ("\($0.group).\($0.path)", $0) }, uniquingKeysWith: { first, _ in first })
        let c = Self.cFields()
        #expect(c.count > 150)
        for field in c {
            let mirror = try #require(swift["\(field.group).\(field.path)"], "no Swift mirror for \(field)")
            #expect(mirror.offset == field.offset, "\(field) but Swift has offset \(mirror.offset)")
            #expect(mirror.size == field.size, "\(field) but Swift has size \(mirror.size)")
        }
    }

    @Test func everyFieldMatchesTheRunningKernel() throws {
        let btf = try KernelBTFDump.vmlinux.get()
        for field in Self.swiftFields {
            let root = try #require(Self.roots[field.group], "no root for \(field.group)")
            let container = try #require(btf.id(of: root.container), "\(root.container) not in vmlinux BTF")
            var base = 0
            var typeID = container
            if let anchor = root.anchor {
                let anonymous = try #require(btf.anonymousMember(containing: anchor, in: container))
                base = anonymous.bitOffset / 8
                typeID = anonymous.typeID
            }
            let kernel = try #require(btf.layout(of: field.path, in: typeID), "\(field.path) not in the kernel's \(field.group)")
            #expect(base + kernel.offset == field.offset, "kernel has \(field.path) at \(base + kernel.offset); Swift: \(field)")
            #expect(kernel.size == field.size, "kernel has \(field.path) of \(kernel.size) bytes; Swift: \(field)")
        }
    }

    /// Every stored Swift field is checked: each struct's mirrored offsets
    /// cover all its fields but padding.
    @Test func everySwiftFieldIsMirrored() {
        // The link info union is read by offset: its size must be the kernel's 64 bytes.
        #expect(MemoryLayout<LinkInfoRecord>.size == 64)
        let structs: [(String, Any)] = [
            ("map_create", MapCreateAttributes()), ("map_element", MapElementAttributes()),
            ("batch", MapBatchAttributes()), ("prog_load", ProgramLoadAttributes()), ("obj_pin", ObjectPinAttributes()),
            ("prog_attach", ProgramAttachAttributes()), ("test", TestRunAttributes()), ("object_id", ObjectIDAttributes()),
            ("info", ObjectInfoAttributes()), ("query", ProgramQueryAttributes()), ("btf_load", BTFLoadAttributes()),
            ("link_create", LinkCreateAttributes()), ("link_update", LinkUpdateAttributes()),
            ("link_create_netfilter", NetfilterLinkCreateAttributes()),
            ("link_create_uprobe_multi", UprobeMultiLinkCreateAttributes()),
            ("bpf_map_info", MapInfoRecord()), ("bpf_prog_info", ProgramInfoRecord()), ("bpf_btf_info", BTFInfoRecord()),
        ]
        for (group, value) in structs {
            let stored = Mirror(reflecting: value).children.filter { $0.label != "padding" }.count
            let mirrored = Set(Self.swiftFields.filter { $0.group == group }.map(\.offset)).count
            #expect(stored == mirrored, "\(group): \(stored) stored fields, \(mirrored) checked")
        }
    }
}
