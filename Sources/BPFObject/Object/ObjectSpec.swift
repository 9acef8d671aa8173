import BPFInstructions

/// Everything a BPF object file declares, read without any system call
/// other than reading the file: its maps, its programs linked with their
/// subprograms, its externs, and every relocation resolved as far as it can
/// be without a kernel.
///
/// What only the kernel can supply (map descriptors, kernel BTF ids, kallsyms
/// addresses, CO-RE field offsets) is left as ``ProgramRelocation``s for the
/// loader.
public struct ObjectSpec: Sendable {
    /// The object's name: the file name up to its first `.`, as libbpf names objects.
    public var name: String
    /// The byte order of the instructions and data.
    public var byteOrder: ByteOrder
    /// The `license` section (empty when absent).
    public var license: String
    /// The `version` section, or 0.
    public var kernelVersion: UInt32
    /// The maps, user maps first (`.maps`, then `maps`), then global data, then `.kconfig`.
    public var maps: [MapSpec]
    /// The programs in section order, then symbol order.
    public var programs: [ProgramSpec]
    /// The externs (`__kconfig`, `__ksym`).
    public var externs: [ExternSpec]
    /// The global variables of the data sections.
    public var variables: [GlobalVariable]
    /// The object's BTF as in the file, if it has `.BTF`.
    public let btf: BTF?
    /// The `.BTF.ext` records, if any.
    public let btfExt: BTFExt?
    /// The ELF file.
    public let elf: ELFFile
    /// How many relocations of each kind the code sections have (`map`, `map value`, `call`…).
    ///
    /// Counted when asked: a load never needs them.
    public var relocationCounts: [String: Int] { Self.countRelocations(codeSections.values) }
    /// How many CO-RE relocation records of each kind `.BTF.ext` has, by `bpf_core_relo_kind` number.
    public var coreRelocationCounts: [UInt32: Int] {
        var counts: [UInt32: Int] = [:]
        for section in btfExt?.coreRelocations ?? [] {
            for record in section.records { counts[record.kind, default: 0] += 1 }
        }
        return counts
    }

    let codeSections: [Int: CodeSection]

    /// Reads the object file at `path`; the object is named after the file.
    public init(contentsOf path: String) throws(ObjectError) {
        let bytes: [UInt8]
        do {
            bytes = try SystemFile.read(path, limit: 1 << 30)
        } catch {
            switch error {
            case .errno(let errno): throw .unreadable(path: path, errno: errno)
            case .tooLarge: throw .malformedSection(section: path, reason: "the file is larger than 1 GiB")
            }
        }
        let utf8 = path.utf8
        let fileName = utf8.lastIndex(of: UInt8(ascii: "/")).map { utf8[utf8.index(after: $0)...] } ?? utf8[...]
        let stem = fileName.prefix { $0 != UInt8(ascii: ".") }
        try self.init(bytes: bytes, name: String(Substring(stem)))
    }

    /// Reads an object from its bytes; `name` prefixes the kernel names of its internal maps.
    public init(bytes: [UInt8], name: String) throws(ObjectError) {
        let elf: ELFFile
        do { elf = try ELFFile(bytes: bytes) } catch { throw .elf(error) }
        let file = try ObjectFile(elf: elf)
        self.name = name
        self.elf = elf
        btf = file.btf
        btfExt = file.btfExt
        byteOrder = elf.header.byteOrder
        license = try Self.license(file)
        kernelVersion = elf.section(named: "version").flatMap { file.word(elf.data(of: $0), at: 0) } ?? 0

        // Maps, and where their symbols are, for relocations.
        var maps: [MapSpec] = []
        var mapsAtOffset: [Int: [UInt64: String]] = [:]
        for (section, reader) in [(file.btfMapsSection, try BTFMapReader(file: file).maps()),
                                  (file.legacyMapsSection, try LegacyMapReader(file: file).maps())] {
            guard let section else { continue }
            for entry in reader {
                maps.append(entry.spec)
                mapsAtOffset[section.index, default: [:]][entry.offset] = entry.spec.name
            }
        }
        var dataMapNames: [Int: String] = [:]
        dataMapNames.reserveCapacity(file.dataSections.count)
        for (index, section) in file.dataSections { dataMapNames[index] = section.name }
        maps += try GlobalDataReader(file: file, objectName: name).maps()
        let (externs, kconfigMap) = try ExternReader(file: file, objectName: name).externs()
        if let kconfigMap { maps.append(kconfigMap) }
        self.maps = maps
        self.externs = externs
        variables = Self.variables(file)

        // Code: sections, their references, then each program linked.
        var sections: [Int: CodeSection] = [:]
        sections.reserveCapacity(file.codeSections.count)
        let externsByName = Dictionary(externs.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        for (index, section) in file.codeSections {
            var code = try CodeSection(section: section, file: file)
            try code.collectReferences(file: file, externs: externsByName, mapsAtOffset: mapsAtOffset,
                                       dataMapNames: dataMapNames)
            sections[index] = code
        }
        codeSections = sections
        programs = try Self.programs(sections, btf: file.btf, btfExt: file.btfExt, coreTarget: nil)
        Self.refuseStructOps(&programs, in: elf)
    }

    /// The map called `name`.
    public func map(named name: String) -> MapSpec? { maps.first { $0.name == name } }

    /// The program called `name`.
    public func program(named name: String) -> ProgramSpec? { programs.first { $0.name == name } }

    /// The global variable called `name`.
    public func variable(named name: String) -> GlobalVariable? { variables.first { $0.name == name } }

    /// Sets the initial value of a `.data`/`.rodata` variable before load.
    ///
    /// - Throws: ``ObjectError/unknownVariable(_:)``, a size mismatch against
    ///   the variable's BTF type, or ``ObjectError/variableNotWritable(name:section:)``
    ///   for `.bss` variables (which start zeroed; write them after load).
    public mutating func setVariable(_ name: String, to bytes: [UInt8]) throws(ObjectError) {
        guard let variable = variable(named: name) else { throw .unknownVariable(name) }
        guard bytes.count == variable.size else {
            throw .variableSizeMismatch(name: name, expected: variable.size, actual: bytes.count)
        }
        guard !variable.isZeroInitialized, let index = maps.firstIndex(where: { $0.name == variable.section }),
              var value = maps[index].initialValue, variable.offset + variable.size <= value.count else {
            throw .variableNotWritable(name: name, section: variable.section)
        }
        value.replaceSubrange(variable.offset..<(variable.offset + variable.size), with: bytes)
        maps[index].initialValue = value
    }

    /// Sets a variable from a fixed-layout Swift value whose size must equal the variable's.
    public mutating func setVariable<Value: BitwiseCopyable>(_ name: String, to value: Value) throws(ObjectError) {
        let bytes = withUnsafeBytes(of: value) { Array($0) }
        try setVariable(name, to: bytes)
    }

    /// The programs linked again, with CO-RE relocations applied against `coreTarget`.
    ///
    /// This is the pipeline's CO-RE step: it runs per code section before
    /// subprograms are linked, as libbpf does.
    ///
    /// A section whose relocation fails (a malformed or ambiguous record)
    /// marks its programs with the error, so that only loading them fails;
    /// a failure in `.text`, whose subprograms any program may call, throws.
    /// Unsatisfiable accesses poison their instruction and are explained in
    /// each program's ``ProgramSpec/corePoisonReport``.
    public func relinked(coreTarget: CORETarget) throws(ObjectError) -> ObjectSpec {
        var copy = self
        copy.programs = try Self.programs(codeSections, btf: btf, btfExt: btfExt, coreTarget: coreTarget)
        Self.refuseStructOps(&copy.programs, in: elf)
        return copy
    }

    /// struct_ops maps are not read yet: their programs cannot be loaded meaningfully without them.
    private static func refuseStructOps(_ programs: inout [ProgramSpec], in elf: ELFFile) {
        guard programs.contains(where: { $0.type == .structOps }),
              let structOps = elf.sections.first(where: { $0.name == ".struct_ops" || $0.name == ".struct_ops.link" })
        else { return }
        for index in programs.indices where programs[index].type == .structOps {
            programs[index].loadError = .unsupported(section: structOps.name, feature: "a struct_ops map")
        }
    }

    // MARK: - Phases

    private static func license(_ file: ObjectFile) throws(ObjectError) -> String {
        guard let section = file.elf.section(named: "license") else { return "" }
        let bytes = file.elf.data(of: section)
        guard let end = bytes.firstIndex(of: 0) else {
            throw .malformedSection(section: "license", reason: "the license string has no terminating NUL")
        }
        return String(decoding: bytes[..<end], as: UTF8.self)
    }

    private static func variables(_ file: ObjectFile) -> [GlobalVariable] {
        guard let btf = file.btf else { return [] }
        var variables: [GlobalVariable] = []
        for section in file.dataSections.values.sorted(by: { $0.index < $1.index }) {
            guard let (_, dataSection) = file.dataSection(named: section.name) else { continue }
            for entry in dataSection.variables {
                guard let type = try? btf.type(entry.type), case .variable(let valueType, let linkage) = type.definition,
                      let size = try? btf.size(of: valueType) else { continue }
                let symbolOffset = file.elf.symbol(named: type.name, inSection: section.index)?.value
                guard let offset = Int(exactly: symbolOffset ?? UInt64(entry.offset)),
                      offset <= Int(truncatingIfNeeded: section.size) - size else { continue }
                variables.append(GlobalVariable(
                    name: type.name, section: section.name, offset: offset,
                    size: size, btfTypeID: entry.type, isStatic: linkage == .static))
            }
        }
        return variables
    }

    private static func countRelocations(_ sections: some Sequence<CodeSection>) -> [String: Int] {
        var counts: [String: Int] = [:]
        for section in sections {
            for (position, reference) in section.references {
                let kind: String
                switch reference {
                case .call where section.instructions[position].isWide: kind = "function address"
                case .call: kind = "call"
                case .functionAddress: kind = "function address"
                case .unresolvedCall: kind = "unresolved call"
                case .kernel(.map): kind = "map"
                case .kernel(.mapValue(let map, _)): kind = map == ".kconfig" ? "kconfig" : "map value"
                case .kernel(.kernelSymbol): kind = "ksym"
                case .kernel(.kernelFunctionCall): kind = "kfunc call"
                }
                counts[kind, default: 0] += 1
            }
        }
        return counts
    }

    /// Every global function of every code section but `.text` is a program.
    static func programs(_ sections: [Int: CodeSection], btf: BTF?, btfExt: BTFExt?,
                         coreTarget: CORETarget?) throws(ObjectError) -> [ProgramSpec] {
        var linkable = sections
        var coreResults: [CORERelocationResult] = []
        var coreErrors: [Int: ObjectError] = [:]
        if let coreTarget, let btf, let btfExt {
            let pass = CORERelocationPass(localBTF: btf, target: coreTarget)
            for index in sections.keys.sorted() {
                guard var section = linkable[index],
                      let records = btfExt.coreRelocations.first(where: { $0.sectionName == section.name }) else { continue }
                do {
                    coreResults += try CORERelocationStep.apply(records.records, to: &section, pass: pass)
                    linkable[index] = section
                } catch {
                    guard section.name != ".text" else { throw error }
                    coreErrors[index] = error
                }
            }
        }
        let linker = ProgramLinker(sections: linkable, btfExt: btfExt, recordsPieces: !coreResults.isEmpty)
        var programs: [ProgramSpec] = []
        for index in linkable.keys.sorted() {
            guard let section = linkable[index], section.name != ".text" else { continue }
            let autoload = !section.name.hasPrefix("?")
            let sectionName = autoload ? section.name : String(section.name.dropFirst())
            let staticFunction = section.functions.first { !$0.isGlobal }
            for function in section.functions where function.isGlobal {
                var program = ProgramSpec(
                    name: function.name, sectionName: sectionName, section: ProgramSection.classify(sectionName),
                    autoload: autoload, instructions: [], relocations: [],
                    functionInfo: [], lineInfo: [], ownInstructionCount: function.range.count, subprograms: [],
                    coreRelocationCount: 0, corePoisonReport: nil, loadError: nil)
                if let staticFunction {
                    program.instructions = Array(section.instructions[function.range])
                    program.loadError = .staticFunctionInProgramSection(section: sectionName, symbol: staticFunction.name)
                } else {
                    do {
                        let linked = try linker.link(function, in: section)
                        program.instructions = linked.instructions
                        program.relocations = linked.relocations
                        program.functionInfo = linked.functionInfo
                        program.lineInfo = linked.lineInfo
                        program.subprograms = linked.subprograms
                        program.coreRelocationCount = linked.coreRelocationCount
                        var report = COREPoisonReport(program: function.name)
                        for piece in linked.pieces {
                            report.collect(coreResults, section: piece.section, slots: piece.slots,
                                           programStart: piece.programSlot)
                        }
                        program.corePoisonReport = report.explanations.isEmpty ? nil : report
                        if let error = coreErrors[index] {
                            program.loadError = error
                        } else if linked.coreRelocationCount > 0, coreTarget == nil {
                            program.loadError = .coreRelocationsNotApplied(section: sectionName,
                                                                           count: linked.coreRelocationCount)
                        }
                    } catch {
                        program.instructions = Array(section.instructions[function.range])
                        program.loadError = error
                    }
                }
                if program.section == nil, program.loadError == nil {
                    program.loadError = .unknownSection(program: function.name, section: sectionName)
                }
                programs.append(program)
            }
        }
        return programs
    }
}
