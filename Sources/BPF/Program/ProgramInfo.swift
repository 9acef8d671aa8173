import BPFObject

/// What the kernel reports about a program (`struct bpf_prog_info`).
public struct ProgramInfo: Sendable, Hashable {
    /// The program's type.
    public var type: ProgramType
    /// The machine-wide id.
    public var id: UInt32
    /// The name.
    public var name: String
    /// The program's tag: a hash of its instructions.
    public var tag: UInt64
    /// The ids of the maps the program uses.
    public var mapIDs: [UInt32]
    /// The instructions after the verifier's rewrites, little-endian, 8 bytes a slot.
    public var translatedInstructions: [UInt8]
    /// The size of the JIT-compiled code in bytes.
    public var jitedSize: UInt32
    /// The id of the program's BTF, or 0.
    public var btfID: UInt32
    /// Whether the license is GPL-compatible.
    public var isGPLCompatible: Bool
    /// Total run time in nanoseconds, counted while statistics are enabled.
    public var runTimeNanoseconds: UInt64
    /// Runs, counted while statistics are enabled.
    public var runCount: UInt64
    /// Instructions the verifier processed.
    public var verifiedInstructions: UInt32
    /// Load time in nanoseconds since boot.
    public var loadTime: UInt64
    /// The user id of the process that loaded the program.
    public var createdByUID: UInt32

    init(_ descriptor: OwnedDescriptor, instructions: Bool) throws(BPFError) {
        var record = ProgramInfoRecord()
        try descriptor.withRawValue { fd throws(BPFError) in
            try ObjectInfo.fetch(fd, into: &record, context: "read program info")
        }
        var mapIDs = [UInt32](repeating: 0, count: Int(record.mapIDCount))
        var translated = [UInt8](repeating: 0, count: instructions ? Int(record.translatedLength) : 0)
        if !mapIDs.isEmpty || !translated.isEmpty {
            var second = ProgramInfoRecord()
            try descriptor.withRawValue { fd throws(BPFError) in
                let outcome = mapIDs.withUnsafeMutableBytes { ids in
                    translated.withUnsafeMutableBytes { code in
                        second.mapIDCount = UInt32(truncatingIfNeeded: ids.count / 4)
                        second.mapIDs = UInt64(UInt(bitPattern: ids.baseAddress))
                        second.translatedLength = UInt32(truncatingIfNeeded: code.count)
                        second.translatedInstructions = UInt64(UInt(bitPattern: code.baseAddress))
                        return Result { () throws(BPFError) in
                            try ObjectInfo.fetch(fd, into: &second, context: "read program instructions and maps")
                        }
                    }
                }
                try outcome.get()
            }
            mapIDs = Array(mapIDs.prefix(Int(second.mapIDCount)))
            translated = Array(translated.prefix(Int(second.translatedLength)))
        }
        type = ProgramType(rawValue: record.type)
        id = record.id
        name = record.name.string
        tag = UInt64(bigEndian: record.tag)
        self.mapIDs = mapIDs
        translatedInstructions = translated
        jitedSize = record.jitedLength
        btfID = record.btfID
        isGPLCompatible = record.gplCompatible & 1 != 0
        runTimeNanoseconds = record.runTime
        runCount = record.runCount
        verifiedInstructions = record.verifiedInstructions
        loadTime = record.loadTime
        createdByUID = record.createdByUID
    }
}

/// `struct bpf_prog_info` up to `attach_btf_id`.
package struct ProgramInfoRecord: Sendable {
    package var type: UInt32 = 0
    package var id: UInt32 = 0
    /// `tag[8]`, kept as the bytes in memory order.
    package var tag: UInt64 = 0
    package var jitedLength: UInt32 = 0
    package var translatedLength: UInt32 = 0
    package var jitedInstructions: UInt64 = 0
    package var translatedInstructions: UInt64 = 0
    package var loadTime: UInt64 = 0
    package var createdByUID: UInt32 = 0
    package var mapIDCount: UInt32 = 0
    package var mapIDs: UInt64 = 0
    package var name = ObjectName()
    package var ifindex: UInt32 = 0
    /// Bit 0: `gpl_compatible`.
    package var gplCompatible: UInt32 = 0
    package var netnsDevice: UInt64 = 0
    package var netnsInode: UInt64 = 0
    package var jitedKernelSymbolCount: UInt32 = 0
    package var jitedFunctionLengthCount: UInt32 = 0
    package var jitedKernelSymbols: UInt64 = 0
    package var jitedFunctionLengths: UInt64 = 0
    package var btfID: UInt32 = 0
    package var funcInfoRecordSize: UInt32 = 0
    package var funcInfo: UInt64 = 0
    package var funcInfoCount: UInt32 = 0
    package var lineInfoCount: UInt32 = 0
    package var lineInfo: UInt64 = 0
    package var jitedLineInfo: UInt64 = 0
    package var jitedLineInfoCount: UInt32 = 0
    package var lineInfoRecordSize: UInt32 = 0
    package var jitedLineInfoRecordSize: UInt32 = 0
    package var programTagCount: UInt32 = 0
    package var programTags: UInt64 = 0
    package var runTime: UInt64 = 0
    package var runCount: UInt64 = 0
    package var recursionMisses: UInt64 = 0
    package var verifiedInstructions: UInt32 = 0
    package var attachBTFObjectID: UInt32 = 0
    package var attachBTFID: UInt32 = 0

    package init() {}
}
