import BPFInstructions

/// The parsed parts of an object file the readers share: the ELF, its BTF,
/// and which section holds what. A class, because every reader keeps it:
/// handing it around then costs one reference, not a copy of each field.
final class ObjectFile {
    let elf: ELFFile
    let btf: BTF?
    let btfExt: BTFExt?
    /// Sections holding instructions, by index.
    let codeSections: [Int: ELFSection]
    /// Global data sections (`.data*`, `.rodata*`, `.bss*`) with contents, by index.
    let dataSections: [Int: ELFSection]
    /// Function symbols by section index, then by address: each code section
    /// takes its run (``functionSymbols(in:)``) without a scan of its own.
    private let functionSymbols: [ELFSymbol]
    /// The `.maps` section, if any.
    let btfMapsSection: ELFSection?
    /// The legacy `maps` section, if any.
    let legacyMapsSection: ELFSection?

    init(elf: ELFFile) throws(ObjectError) {
        self.elf = elf
        // One pass over the sections finds every one the readers need (the first of each name).
        var btfSection: ELFSection?
        var btfExtSection: ELFSection?
        var btfMapsSection: ELFSection?
        var legacyMapsSection: ELFSection?
        var code: [Int: ELFSection] = [:]
        var data: [Int: ELFSection] = [:]
        for section in elf.sections {
            // The length is at hand; most names (debug and relocation
            // sections) have none of the four lengths, so they skip the compares.
            switch section.name.utf8.count {
            case 4, 5, 8:
                switch section.name {
                case ".BTF": btfSection = btfSection ?? section
                case ".BTF.ext": btfExtSection = btfExtSection ?? section
                case ".maps": btfMapsSection = btfMapsSection ?? section
                case "maps": legacyMapsSection = legacyMapsSection ?? section
                default: break
                }
            default: break
            }
            guard section.size > 0 else { continue }
            if section.type == .progbits, section.flags & ELFSection.flagExecutable != 0 {
                code[section.index] = section
            } else if section.type == .progbits || section.type == .nobits, Self.isGlobalData(section.name) {
                data[section.index] = section
            }
        }
        codeSections = code
        dataSections = data
        functionSymbols = elf.symbols.filter { $0.type == .function }
            .sorted { ($0.sectionIndex, $0.value) < ($1.sectionIndex, $1.value) }
        self.btfMapsSection = btfMapsSection
        self.legacyMapsSection = legacyMapsSection
        var btf: BTF?
        if let section = btfSection {
            do { btf = try BTF.parse(bytes: Array(elf.data(of: section))) } catch { throw .btf(section: ".BTF", error) }
        }
        self.btf = btf
        if let btf, let section = btfExtSection {
            do { btfExt = try BTFExt.parse(bytes: Array(elf.data(of: section)), btf: btf) } catch {
                throw .btf(section: ".BTF.ext", error)
            }
        } else {
            btfExt = nil
        }
    }

    /// Whether a section name is one libbpf turns into a global data map:
    /// `.data`, `.rodata` or `.bss`, alone or followed by `.` and a suffix.
    ///
    /// It runs on every section of every object (debug sections included), so
    /// it compares UTF-8 bytes against static prefixes, allocating nothing.
    static func isGlobalData(_ name: String) -> Bool {
        var name = name
        return name.withUTF8 { bytes in
            guard bytes.first == UInt8(ascii: ".") else { return false }
            let stem = bytes.dropFirst()
            return isDataStem(stem, "data") || isDataStem(stem, "rodata") || isDataStem(stem, "bss")
        }
    }

    /// Whether `stem` is `prefix`, alone or followed by `.` and a suffix.
    private static func isDataStem(_ stem: Slice<UnsafeBufferPointer<UInt8>>, _ prefix: StaticString) -> Bool {
        let prefix = UnsafeBufferPointer(start: prefix.utf8Start, count: prefix.utf8CodeUnitCount)
        guard stem.starts(with: prefix) else { return false }
        return stem.count == prefix.count || stem[stem.startIndex + prefix.count] == UInt8(ascii: ".")
    }

    /// Whether a global data section is read-only for programs.
    static func isReadOnlyData(_ name: String) -> Bool {
        name == ".rodata" || name.hasPrefix(".rodata.")
    }

    /// The largest NOBITS section accepted: bigger than any array value the
    /// kernel allows (KMALLOC_MAX_SIZE), small enough to allocate for a hostile file.
    static let largestDataSection = 1 << 24

    /// The bytes of a section; zeros for NOBITS.
    func contents(of section: ELFSection) throws(ObjectError) -> [UInt8] {
        guard section.type == .nobits else { return Array(elf.data(of: section)) }
        guard let size = Int(exactly: section.size), size <= Self.largestDataSection else {
            throw .malformedSection(section: section.name, reason: "NOBITS size \(section.size) is implausible")
        }
        return [UInt8](repeating: 0, count: size)
    }

    /// The function symbols defined in the section at `index`, by address.
    func functionSymbols(in index: Int) -> ArraySlice<ELFSymbol> {
        guard let section = UInt16(exactly: index) else { return [] }
        // Binary search for the run's start: the array is sorted by section index first.
        var low = 0
        var high = functionSymbols.count
        while low < high {
            let middle = (low + high) / 2
            if functionSymbols[middle].sectionIndex < section { low = middle + 1 } else { high = middle }
        }
        return functionSymbols[low...].prefix { $0.sectionIndex == section }
    }

    /// The DATASEC named `name` in the object's BTF.
    func dataSection(named name: String) -> (id: BTFTypeID, section: BTFDataSection)? {
        guard let btf, let id = btf.typeID(named: name, kind: .dataSection),
              case .dataSection(let section)? = try? btf.type(id).definition else { return nil }
        return (id, section)
    }

    /// The name of a symbol, for error messages: its own, or its section's for section symbols.
    func displayName(of symbol: ELFSymbol) -> String {
        if !symbol.name.isEmpty { return symbol.name }
        return elf.section(at: Int(symbol.sectionIndex))?.name ?? "#\(symbol.index)"
    }

    /// A 32-bit word of `bytes` at `offset` in the file's byte order, or nil past the end.
    func word(_ bytes: ArraySlice<UInt8>, at offset: Int) -> UInt32? {
        guard offset >= 0, offset <= bytes.count - 4 else { return nil }
        let start = bytes.startIndex + offset
        let raw = (0..<4).map { UInt32(bytes[start + $0]) }
        return elf.header.byteOrder == .littleEndian
            ? raw[0] | raw[1] << 8 | raw[2] << 16 | raw[3] << 24
            : raw[3] | raw[2] << 8 | raw[1] << 16 | raw[0] << 24
    }
}
