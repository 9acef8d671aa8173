import BPFInstructions
/// A parsed ELF64 file of either byte order.
///
/// Everything is validated when the value is created: section bounds, string
/// offsets, table entry sizes and indices. Once it exists, every accessor is
/// safe. The bytes are kept as they are; section data is a slice of them.
public struct ELFFile: Sendable {
    /// The file's bytes.
    public let bytes: [UInt8]
    /// The file header.
    public let header: ELFHeader
    /// The section headers, by index (index 0 is the null section).
    public let sections: [ELFSection]
    /// The symbol table (empty if the file has none); index 0 is the null symbol.
    public let symbols: [ELFSymbol]
    /// The index of the symbol table section, if there is one.
    public let symbolTableIndex: Int?
    /// Every REL and RELA section, in section order.
    public let relocationTables: [ELFRelocationTable]

    private typealias Cursor = ByteCursor<ELFError>

    /// Parses and validates `bytes` as an ELF64 file.
    public init(bytes: [UInt8]) throws(ELFError) {
        self.bytes = bytes
        let header = try Self.readHeader(bytes)
        self.header = header
        let sections = try Self.readSections(bytes, header: header)
        self.sections = sections

        var symbolTableIndex: Int?
        for section in sections where section.type == .symbolTable {
            guard symbolTableIndex == nil else {
                throw ELFError(.multipleSymbolTables, offset: Self.headerOffset(of: section.index, header))
            }
            symbolTableIndex = section.index
        }
        self.symbolTableIndex = symbolTableIndex
        if let symbolTableIndex {
            symbols = try Self.readSymbols(bytes, header: header, sections: sections, table: sections[symbolTableIndex])
        } else {
            symbols = []
        }

        var tables: [ELFRelocationTable] = []
        tables.reserveCapacity(sections.count)
        for section in sections where section.type == .relocations || section.type == .relocationsWithAddend {
            tables.append(try Self.readRelocations(bytes, header: header, sections: sections, table: section))
        }
        relocationTables = tables
    }

    /// The first section called `name`, if any.
    public func section(named name: String) -> ELFSection? {
        sections.first { $0.name == name }
    }

    /// The first symbol called `name` whose `st_shndx` is the section at `index`.
    public func symbol(named name: String, inSection index: Int) -> ELFSymbol? {
        // The section is compared first: an integer test spares most name comparisons.
        symbols.first { Int($0.sectionIndex) == index && $0.name == name }
    }

    /// The section at `index`, or nil if the index is out of range.
    public func section(at index: Int) -> ELFSection? {
        sections.indices.contains(index) ? sections[index] : nil
    }

    /// The file bytes of `section`: empty for NOBITS and NULL sections, which
    /// occupy no file space, and for a section that does not fit the file
    /// (impossible for the sections the initializer validated).
    public func data(of section: ELFSection) -> ArraySlice<UInt8> {
        guard section.type != .nobits, section.type != .null, let start = Int(exactly: section.fileOffset),
              let count = Int(exactly: section.size), start <= bytes.count, count <= bytes.count - start else {
            return []
        }
        return bytes[start..<(start + count)]
    }

    /// The relocation table that patches the section at `index`, if any.
    public func relocations(forSection index: Int) -> ELFRelocationTable? {
        relocationTables.first { $0.targetSectionIndex == index }
    }

    /// The NUL-terminated string at `offset` in the string table at `sectionIndex`.
    public func string(at offset: UInt32, inStringTable sectionIndex: Int) throws(ELFError) -> String {
        guard sections.indices.contains(sectionIndex) else {
            throw ELFError(.sectionIndexOutOfRange(UInt32(truncatingIfNeeded: sectionIndex)), offset: 0)
        }
        return try Self.string(bytes, at: offset, in: sections[sectionIndex], header: header)
    }

    // MARK: - Parsing

    private static func readHeader(_ bytes: [UInt8]) throws(ELFError) -> ELFHeader {
        guard bytes.count >= ELFHeader.size else {
            throw .truncated(offset: bytes.count, needed: ELFHeader.size - bytes.count)
        }
        guard bytes[0] == 0x7f, bytes[1] == 0x45, bytes[2] == 0x4c, bytes[3] == 0x46 else {
            throw ELFError(.badMagic, offset: 0)
        }
        guard bytes[4] == 2 else { throw ELFError(.unsupportedClass(bytes[4]), offset: 4) }
        let byteOrder: ByteOrder
        switch bytes[5] {
        case 1: byteOrder = .littleEndian
        case 2: byteOrder = .bigEndian
        default: throw ELFError(.unsupportedByteOrder(bytes[5]), offset: 5)
        }
        guard bytes[6] == 1 else { throw ELFError(.unsupportedVersion(UInt32(bytes[6])), offset: 6) }
        var cursor = Cursor(bytes: bytes, byteOrder: byteOrder)
        try cursor.skip(16)
        let type: UInt16 = try cursor.read()
        let machine: UInt16 = try cursor.read()
        let version: UInt32 = try cursor.read()
        guard version == 1 else { throw ELFError(.unsupportedVersion(version), offset: 20) }
        let entry: UInt64 = try cursor.read()
        _ = try cursor.read(UInt64.self)  // e_phoff: objects have no program headers to read
        let sectionHeaderOffset: UInt64 = try cursor.read()
        let flags: UInt32 = try cursor.read()
        _ = try cursor.read(UInt16.self)  // e_ehsize
        _ = try cursor.read(UInt16.self)  // e_phentsize
        _ = try cursor.read(UInt16.self)  // e_phnum
        let entrySize: UInt16 = try cursor.read()
        let count: UInt16 = try cursor.read()
        let nameIndex: UInt16 = try cursor.read()

        var header = ELFHeader(byteOrder: byteOrder, osABI: bytes[7], type: type, machine: machine, entry: entry,
                               flags: flags, sectionHeaderOffset: sectionHeaderOffset,
                               sectionCount: Int(count), sectionNameTableIndex: Int(nameIndex))
        guard sectionHeaderOffset != 0 else {
            header.sectionCount = 0
            header.sectionNameTableIndex = 0
            return header
        }
        guard let tableStart = Int(exactly: sectionHeaderOffset), tableStart <= bytes.count else {
            throw .truncated(offset: bytes.count, needed: ELFSection.headerSize)
        }
        guard entrySize == ELFSection.headerSize else {
            throw ELFError(.badEntrySize(expected: ELFSection.headerSize, found: UInt64(entrySize)), offset: 58)
        }
        // Extended numbering: counts that do not fit 16 bits live in section 0's header.
        if count == 0 || nameIndex == 0xffff {
            // tableStart is inside the file, so adding one header size cannot overflow.
            let base = tableStart
            var zero = try Cursor(bytes: bytes, byteOrder: byteOrder, range: base..<(base + ELFSection.headerSize))
            try zero.skip(32)
            let size: UInt64 = try zero.read()
            let link: UInt32 = try zero.read()
            if count == 0 {
                guard let total = Int(exactly: size) else { throw ELFError(.sectionOutOfBounds(section: 0), offset: base) }
                header.sectionCount = total
            }
            if nameIndex == 0xffff { header.sectionNameTableIndex = Int(link) }
        }
        let tableEnd = try headerStart(header.sectionCount, header)
        guard tableEnd <= bytes.count else {
            throw .truncated(offset: bytes.count, needed: tableEnd - bytes.count)
        }
        guard header.sectionCount == 0 || header.sectionNameTableIndex < header.sectionCount else {
            throw ELFError(.sectionIndexOutOfRange(UInt32(truncatingIfNeeded: header.sectionNameTableIndex)), offset: 62)
        }
        return header
    }

    private static func headerStart(_ index: Int, _ header: ELFHeader) throws(ELFError) -> Int {
        let (product, overflow1) = index.multipliedReportingOverflow(by: ELFSection.headerSize)
        guard !overflow1, let base = Int(exactly: header.sectionHeaderOffset) else {
            throw ELFError(.sectionIndexOutOfRange(UInt32(truncatingIfNeeded: index)), offset: 40)
        }
        let (start, overflow2) = base.addingReportingOverflow(product)
        guard !overflow2 else { throw ELFError(.sectionIndexOutOfRange(UInt32(truncatingIfNeeded: index)), offset: 40) }
        return start
    }

    /// The file offset of a section header, for error reports after validation.
    private static func headerOffset(of index: Int, _ header: ELFHeader) -> Int {
        (try? headerStart(index, header)) ?? 0
    }

    private static func readSections(_ bytes: [UInt8], header: ELFHeader) throws(ELFError) -> [ELFSection] {
        var sections: [ELFSection] = []
        // The header check proved the table fits in the file, so this count is bounded by its size.
        sections.reserveCapacity(header.sectionCount)
        for index in 0..<header.sectionCount {
            let start = try headerStart(index, header)
            var cursor = try Cursor(bytes: bytes, byteOrder: header.byteOrder, range: start..<(start + ELFSection.headerSize))
            let section = ELFSection(
                index: index, name: "", nameOffset: try cursor.read(), type: .init(rawValue: try cursor.read()),
                flags: try cursor.read(), address: try cursor.read(), fileOffset: try cursor.read(),
                size: try cursor.read(), link: try cursor.read(), info: try cursor.read(),
                alignment: try cursor.read(), entrySize: try cursor.read())
            if section.type != .nobits && section.type != .null {
                guard let offset = Int(exactly: section.fileOffset), let size = Int(exactly: section.size),
                      offset <= bytes.count, size <= bytes.count - offset else {
                    throw ELFError(.sectionOutOfBounds(section: index), offset: start + 24)
                }
            }
            sections.append(section)
        }
        guard !sections.isEmpty else { return sections }
        let names = sections[header.sectionNameTableIndex]
        for index in sections.indices where index != 0 || sections[index].nameOffset != 0 {
            sections[index].name = try string(bytes, at: sections[index].nameOffset, in: names, header: header)
        }
        return sections
    }

    private static func string(_ bytes: [UInt8], at offset: UInt32, in table: ELFSection,
                               header: ELFHeader) throws(ELFError) -> String {
        let tableStart = headerOffset(of: table.index, header)
        guard table.type == .stringTable else {
            throw ELFError(.wrongSectionType(section: table.index, type: table.type.rawValue), offset: tableStart)
        }
        // readSections proved the table's bytes are inside the file.
        let start = Int(truncatingIfNeeded: table.fileOffset)
        let size = Int(truncatingIfNeeded: table.size)
        let position = Int(offset)
        guard position < size else { throw ELFError(.stringOffsetOutOfRange(offset), offset: start) }
        let text = bytes.withUnsafeBufferPointer { buffer -> String?? in
            let tail = UnsafeBufferPointer(rebasing: buffer[(start + position)..<(start + size)])
            guard let terminator = tail.firstIndex(of: 0) else { return .none }
            return .some(decodedName(UnsafeBufferPointer(rebasing: tail[..<terminator])))
        }
        guard let text else { throw ELFError(.unterminatedString, offset: start + position) }
        guard let text else { throw ELFError(.invalidString, offset: start + position) }
        return text
    }

    /// `bytes` as UTF-8, or nil if they are not. Names are almost always
    /// ASCII, which needs no validation beyond the check for high bits.
    private static func decodedName(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        if bytes.allSatisfy({ $0 < 0x80 }) { return String(decoding: bytes, as: UTF8.self) }
        return String(validating: bytes, as: UTF8.self)
    }

    private static func linkedSection(_ link: UInt32, of table: ELFSection, in sections: [ELFSection],
                                      header: ELFHeader) throws(ELFError) -> ELFSection {
        guard let index = Int(exactly: link), sections.indices.contains(index) else {
            throw ELFError(.sectionIndexOutOfRange(link), offset: headerOffset(of: table.index, header) + 40)
        }
        return sections[index]
    }

    private static func checkEntrySize(_ table: ELFSection, expected: Int, header: ELFHeader) throws(ELFError) {
        guard table.entrySize == UInt64(expected), table.size % UInt64(expected) == 0 else {
            throw ELFError(.badEntrySize(expected: expected, found: table.entrySize),
                           offset: headerOffset(of: table.index, header) + 56)
        }
    }

    private static func readSymbols(_ bytes: [UInt8], header: ELFHeader, sections: [ELFSection],
                                    table: ELFSection) throws(ELFError) -> [ELFSymbol] {
        try checkEntrySize(table, expected: ELFSymbol.entrySize, header: header)
        let names = try linkedSection(table.link, of: table, in: sections, header: header)
        let start = Int(truncatingIfNeeded: table.fileOffset)
        var cursor = try Cursor(bytes: bytes, byteOrder: header.byteOrder,
                                range: start..<(start + Int(truncatingIfNeeded: table.size)))
        let extended = sections.first { $0.type == .symbolTableSectionIndices && $0.link == UInt32(table.index) }
        var extendedCursor: Cursor?
        if let extended {
            let extendedStart = Int(truncatingIfNeeded: extended.fileOffset)
            extendedCursor = try Cursor(bytes: bytes, byteOrder: header.byteOrder,
                                        range: extendedStart..<(extendedStart + Int(truncatingIfNeeded: extended.size)))
        }
        var symbols: [ELFSymbol] = []
        // The table lies inside the file (readSections checked), so this is bounded by the file size.
        symbols.reserveCapacity(cursor.remaining / ELFSymbol.entrySize)
        while cursor.remaining > 0 {
            let entryOffset = cursor.offset
            let nameOffset: UInt32 = try cursor.read()
            let info: UInt8 = try cursor.read()
            let other: UInt8 = try cursor.read()
            let sectionIndex: UInt16 = try cursor.read()
            let value: UInt64 = try cursor.read()
            let size: UInt64 = try cursor.read()
            // SHT_SYMTAB_SHNDX holds one word per symbol, read in step with the table.
            let extendedIndex: UInt32? = try extendedCursor?.read()
            let definingIndex: UInt32? = sectionIndex == ELFSymbol.sectionExtended
                ? extendedIndex : sectionIndex < ELFSymbol.sectionReservedStart ? UInt32(sectionIndex) : nil
            if let definingIndex, definingIndex >= sections.count || (sectionIndex == ELFSymbol.sectionExtended && definingIndex == 0) {
                throw ELFError(.sectionIndexOutOfRange(definingIndex), offset: entryOffset + 6)
            }
            if sectionIndex == ELFSymbol.sectionExtended && extendedIndex == nil {
                throw ELFError(.sectionIndexOutOfRange(UInt32(sectionIndex)), offset: entryOffset + 6)
            }
            let name: String
            do throws(ELFError) {
                name = nameOffset == 0 ? "" : try string(bytes, at: nameOffset, in: names, header: header)
            } catch {
                throw ELFError(error.reason, offset: entryOffset)
            }
            symbols.append(ELFSymbol(
                index: symbols.count, name: name, nameOffset: nameOffset,
                binding: .init(rawValue: info >> 4), type: .init(rawValue: info & 0xf),
                visibility: .init(rawValue: other & 0x3), other: other, sectionIndex: sectionIndex,
                extendedSectionIndex: sectionIndex == ELFSymbol.sectionExtended ? extendedIndex : nil,
                value: value, size: size))
        }
        return symbols
    }

    private static func readRelocations(_ bytes: [UInt8], header: ELFHeader, sections: [ELFSection],
                                        table: ELFSection) throws(ELFError) -> ELFRelocationTable {
        let hasAddend = table.type == .relocationsWithAddend
        let entrySize = hasAddend ? ELFRelocationEntries.relaSize : ELFRelocationEntries.relSize
        try checkEntrySize(table, expected: entrySize, header: header)
        let headerStart = headerOffset(of: table.index, header)
        let symbolTable = try linkedSection(table.link, of: table, in: sections, header: header)
        guard symbolTable.type == .symbolTable else {
            throw ELFError(.wrongSectionType(section: symbolTable.index, type: symbolTable.type.rawValue),
                           offset: headerStart + 40)
        }
        let target = try linkedSection(table.info, of: table, in: sections, header: header)
        let symbolCount = symbolTable.size / UInt64(ELFSymbol.entrySize)
        let start = Int(truncatingIfNeeded: table.fileOffset)
        // readSections proved the table lies inside the file and checkEntrySize that it holds whole
        // entries. Only the symbol indices are checked here; entries are decoded when read.
        let count = Int(truncatingIfNeeded: table.size) / entrySize
        var cursor = try Cursor(bytes: bytes, byteOrder: header.byteOrder, range: start..<(start + count * entrySize))
        while cursor.remaining > 0 {
            let entryOffset = cursor.offset
            let info: UInt64 = try cursor.peek(at: entryOffset + 8)
            let symbolIndex = UInt32(truncatingIfNeeded: info >> 32)
            guard UInt64(symbolIndex) < symbolCount else {
                throw ELFError(.symbolIndexOutOfRange(symbolIndex), offset: entryOffset + 8)
            }
            try cursor.skip(entrySize)
        }
        let entries = ELFRelocationEntries(bytes: bytes, start: start, count: count, byteOrder: header.byteOrder,
                                           hasAddend: hasAddend)
        return ELFRelocationTable(sectionIndex: table.index, targetSectionIndex: target.index,
                                  symbolTableIndex: symbolTable.index, entries: entries)
    }
}
