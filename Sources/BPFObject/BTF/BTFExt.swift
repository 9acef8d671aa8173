import BPFInstructions
/// The `.BTF.ext` section of an object: per-section function, line and
/// CO-RE relocation records that refer to the object's `.BTF`.
///
/// Records are kept as decoded from the file: instruction offsets in bytes
/// from the start of their ELF section, and string offsets into the `.BTF`
/// string section. The loader and the CO-RE code interpret them.
public struct BTFExt: Hashable, Sendable {
    /// The byte order of the data (from the magic).
    public var byteOrder: ByteOrder
    /// `bpf_func_info` records per section.
    public var functionInfos: [BTFExtSection<BTFFunctionInfo>]
    /// `bpf_line_info` records per section.
    public var lineInfos: [BTFExtSection<BTFLineInfo>]
    /// `bpf_core_relo` records per section (empty when the header has no CO-RE part).
    public var coreRelocations: [BTFExtSection<BTFCoreRelocationRecord>]

    typealias Cursor = ByteCursor<BTFError>

    /// The header size before CO-RE relocations were added.
    private static let baseHeaderSize: UInt32 = 24
    /// The header size with the CO-RE relocation offset and length.
    private static let coreHeaderSize: UInt32 = 32

    /// Parses `.BTF.ext` bytes, resolving section names in `btf`'s strings.
    public static func parse(bytes: [UInt8], btf: BTF) throws(BTFError) -> BTFExt {
        var cursor = try BTF.headerCursor(bytes)
        let byteOrder = cursor.byteOrder
        try cursor.skip(1)  // flags
        let headerLength: UInt32 = try cursor.read()
        guard headerLength >= baseHeaderSize, UInt64(headerLength) <= UInt64(bytes.count) else {
            throw BTFError(.badHeader, offset: 4)
        }
        let functionRange = try range(&cursor, headerLength: headerLength, total: bytes.count)
        let lineRange = try range(&cursor, headerLength: headerLength, total: bytes.count)
        let coreRange = headerLength >= coreHeaderSize
            ? try range(&cursor, headerLength: headerLength, total: bytes.count) : nil

        let reader = SectionReader(bytes: bytes, byteOrder: byteOrder, btf: btf)
        return BTFExt(
            byteOrder: byteOrder,
            functionInfos: try reader.sections(in: functionRange, minimumRecordSize: 8) { record throws(BTFError) in
                BTFFunctionInfo(instructionOffset: try record.read(), type: try record.read())
            },
            lineInfos: try reader.sections(in: lineRange, minimumRecordSize: 16) { record throws(BTFError) in
                let instructionOffset: UInt32 = try record.read()
                let fileNameOffset: UInt32 = try record.read()
                let lineOffset: UInt32 = try record.read()
                let lineAndColumn: UInt32 = try record.read()
                return BTFLineInfo(instructionOffset: instructionOffset, fileNameOffset: fileNameOffset,
                                   lineOffset: lineOffset, line: lineAndColumn >> 10, column: lineAndColumn & 0x3ff)
            },
            coreRelocations: try coreRange.map { range throws(BTFError) in
                try reader.sections(in: range, minimumRecordSize: 16) { record throws(BTFError) in
                    BTFCoreRelocationRecord(instructionOffset: try record.read(), type: try record.read(),
                                            accessStringOffset: try record.read(), kind: try record.read())
                }
            } ?? [])
    }

    /// Reads an offset/length pair (relative to the end of the header) and checks it fits.
    private static func range(_ cursor: inout Cursor, headerLength: UInt32, total: Int) throws(BTFError) -> Range<Int> {
        let fieldOffset = cursor.offset
        let offset: UInt32 = try cursor.read()
        let length: UInt32 = try cursor.read()
        let start = UInt64(headerLength) + UInt64(offset)
        let end = start + UInt64(length)
        guard end <= UInt64(total) else { throw BTFError(.badHeader, offset: fieldOffset) }
        return Int(start)..<Int(end)
    }

    /// Reads the `rec_size`-prefixed list of per-section record groups that each part of `.BTF.ext` holds.
    private struct SectionReader {
        let bytes: [UInt8]
        let byteOrder: ByteOrder
        let btf: BTF

        func sections<Record>(in range: Range<Int>, minimumRecordSize: UInt32,
                              decode: (inout Cursor) throws(BTFError) -> Record) throws(BTFError) -> [BTFExtSection<Record>] {
            guard !range.isEmpty else { return [] }
            var cursor = try Cursor(bytes: bytes, byteOrder: byteOrder, range: range)
            let recordSize: UInt32 = try cursor.read()
            guard recordSize >= minimumRecordSize, recordSize % 4 == 0 else {
                throw BTFError(.badRecordSize(recordSize), offset: range.lowerBound)
            }
            var sections: [BTFExtSection<Record>] = []
            // Every group consumes at least its 8-byte header, so this loop is bounded by the range.
            while cursor.remaining > 0 {
                let groupOffset = cursor.offset
                let nameOffset: UInt32 = try cursor.read()
                let count: UInt32 = try cursor.read()
                guard UInt64(count) * UInt64(recordSize) <= UInt64(cursor.remaining) else {
                    throw .truncated(offset: cursor.offset, needed: Int(clamping: UInt64(count) * UInt64(recordSize)))
                }
                let name: String
                do throws(BTFError) { name = try btf.string(at: nameOffset) } catch {
                    throw BTFError(error.reason, offset: groupOffset)
                }
                var records: [Record] = []
                // The guard above bounds the count by the bytes left.
                records.reserveCapacity(Int(count))
                for _ in 0..<count {
                    // decode reads the minimum record size at most, which is within the
                    // record; the rest of a larger record (newer fields) is skipped.
                    let recordStart = cursor.offset
                    records.append(try decode(&cursor))
                    try cursor.skip(Int(recordSize) - (cursor.offset - recordStart))
                }
                sections.append(BTFExtSection(sectionName: name, records: records))
            }
            return sections
        }
    }
}

/// The records of one ELF section in a `.BTF.ext` part.
public struct BTFExtSection<Record: Hashable & Sendable>: Hashable, Sendable {
    /// The ELF section the records describe (e.g. `socket`, `.text`).
    public var sectionName: String
    /// The records, in file order.
    public var records: [Record]
}

/// A `bpf_func_info` record: where a function starts and its FUNC type.
public struct BTFFunctionInfo: Hashable, Sendable {
    /// The byte offset of the function's first instruction in its section.
    public var instructionOffset: UInt32
    /// The function's FUNC type.
    public var type: BTFTypeID
}

/// A `bpf_line_info` record: the source line of an instruction.
public struct BTFLineInfo: Hashable, Sendable {
    /// The byte offset of the instruction in its section.
    public var instructionOffset: UInt32
    /// The string offset of the source file name.
    public var fileNameOffset: UInt32
    /// The string offset of the source line's text.
    public var lineOffset: UInt32
    /// The line number.
    public var line: UInt32
    /// The column number.
    public var column: UInt32
}

/// A `bpf_core_relo` record: an instruction to adjust for the target kernel's types.
public struct BTFCoreRelocationRecord: Hashable, Sendable {
    /// The byte offset of the instruction in its section.
    public var instructionOffset: UInt32
    /// The root type of the access, in the object's BTF.
    public var type: BTFTypeID
    /// The string offset of the access specification (e.g. `0:1:2`).
    public var accessStringOffset: UInt32
    /// The relocation kind (`enum bpf_core_relo_kind`).
    public var kind: UInt32

    /// Creates a record, as clang would emit it.
    public init(instructionOffset: UInt32, type: BTFTypeID, accessStringOffset: UInt32, kind: UInt32) {
        self.instructionOffset = instructionOffset
        self.type = type
        self.accessStringOffset = accessStringOffset
        self.kind = kind
    }
}
