import BPF

/// What `prog list` and `prog show` print about one program: bpftool's
/// fields, with its JSON key names.
struct ProgSummary: ObjectSummary {
    var id: UInt32
    var type: String
    var name: String
    var tag: String
    var gplCompatible: Bool
    var runTimeNanoseconds: UInt64?
    var runCount: UInt64?
    var loadedAt: Int64
    var uid: UInt32
    var bytesTranslated: Int
    var jited: Bool
    var bytesJited: UInt32
    var bytesMemlock: UInt64?
    var mapIDs: [UInt32]?
    var btfID: UInt32?
    var verifiedInstructions: UInt32?
    var pinned: [String]?

    private enum CodingKeys: String, CodingKey {
        case id, pinned, type, name, tag, uid, jited
        case gplCompatible = "gpl_compatible"
        case runTimeNanoseconds = "run_time_ns"
        case runCount = "run_cnt"
        case loadedAt = "loaded_at"
        case bytesTranslated = "bytes_xlated"
        case bytesJited = "bytes_jited"
        case bytesMemlock = "bytes_memlock"
        case mapIDs = "map_ids"
        case btfID = "btf_id"
        case verifiedInstructions = "verified_insns"
    }

    /// The kernel's view of `program`.
    init(_ program: Program) throws {
        let info = try program.info()
        id = info.id
        type = info.type.description
        name = info.name
        tag = String(info.tag, radix: 16).leftPadded(to: 16)
        gplCompatible = info.isGPLCompatible
        // bpftool shows the statistics only once the kernel has counted something.
        runTimeNanoseconds = info.runTimeNanoseconds > 0 ? info.runTimeNanoseconds : nil
        runCount = info.runTimeNanoseconds > 0 ? info.runCount : nil
        loadedAt = BootTime(nanosecondsSinceBoot: info.loadTime).epochSeconds
        uid = info.createdByUID
        bytesTranslated = info.translatedInstructions.count
        jited = info.jitedSize > 0
        bytesJited = info.jitedSize
        bytesMemlock = try DescriptorInfo(program.descriptor).memlock
        mapIDs = info.mapIDs.isEmpty ? nil : info.mapIDs
        btfID = info.btfID > 0 ? info.btfID : nil
        verifiedInstructions = info.verifiedInstructions > 0 ? info.verifiedInstructions : nil
    }

    /// bpftool's text layout: a header line, then indented detail lines.
    var text: String {
        var header = "\(id): \(type)  "
        if !name.isEmpty { header += "name \(name)  " }
        header += "tag \(tag)"
        if gplCompatible { header += "  gpl" }
        if let runTimeNanoseconds, let runCount { header += " run_time_ns \(runTimeNanoseconds) run_cnt \(runCount)" }
        var lines = [header]
        lines.append("\tloaded_at \(BootTime(epochSeconds: loadedAt).text)  uid \(uid)")
        var sizes = "\txlated \(bytesTranslated)B  "
        sizes += jited ? "jited \(bytesJited)B" : "not jited"
        if let bytesMemlock { sizes += "  memlock \(bytesMemlock)B" }
        if let mapIDs { sizes += "  map_ids " + mapIDs.map(String.init).joined(separator: ",") }
        lines.append(sizes)
        if let btfID { lines.append("\tbtf_id \(btfID)") }
        if let verifiedInstructions { lines.append("\tverified_insns \(verifiedInstructions)") }
        return lines.joined(separator: "\n")
    }
}

extension String {
    /// The string with zeros in front, up to `width` characters.
    func leftPadded(to width: Int) -> String {
        String(repeating: "0", count: Swift.max(0, width - count)) + self
    }
}
