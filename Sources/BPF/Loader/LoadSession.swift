import BPFInstructions
import BPFObject
import Glibc

/// One load of an object: the kernel objects created so far, so a failure
/// can release them all.
struct LoadSession {
    let options: LoadOptions
    private var maps: [String: Map] = [:]
    private var templates: [Map] = []
    private var programs: [String: Program] = [:]
    private var btf: KernelBTF?
    private var btfLoadError: BPFError?
    private var mappings: [String: GlobalDataMapping] = [:]
    private var createdPins: [String] = []
    /// Where each line info string of the object's BTF is in the BTF loaded
    /// into the kernel, when the BTF was rebuilt; nil when offsets were kept.
    private var lineStringOffsets: [UInt32: UInt32]?

    /// Poisoned kfunc calls use this base plus the extern's index, as libbpf does,
    /// so a verifier log naming `unknown#2002000NNN` points at extern NNN.
    static let poisonedCallBase: Int64 = 2_002_000_000

    init(options: LoadOptions) { self.options = options }

    mutating func run(_ original: ObjectSpec) throws(LoaderError) -> LoadedObject {
        var spec = original
        if original.programs.contains(where: { isSelected($0) && $0.coreRelocationCount > 0 }) {
            let target: CORETarget
            if let custom = options.coreTarget {
                target = custom
            } else {
                target = try RunningKernel.coreTarget(at: options.kernelBTFPath).get()
            }
            do { spec = try spec.relinked(coreTarget: target) } catch { throw .object(error) }
        }
        // Indices, not copies: a ProgramSpec holds many arrays to retain and release.
        let selected = spec.programs.indices.filter { isSelected(spec.programs[$0]) }
        for index in selected {
            if let error = spec.programs[index].loadError {
                throw .program(name: spec.programs[index].name, section: spec.programs[index].sectionName, error)
            }
        }
        let externs = try ExternValues(spec: spec, kernelBTFPath: options.kernelBTFPath)
        if let kconfig = spec.maps.firstIndex(where: { $0.origin == .kconfig }) {
            spec.maps[kconfig].initialValue = externs.kconfigValue
        }
        loadBTF(spec, selectedPrograms: selected)
        maps.reserveCapacity(spec.maps.count)
        programs.reserveCapacity(selected.count)
        try createMaps(spec)
        for index in selected {
            programs[spec.programs[index].name] = try loadProgram(spec.programs[index], spec: spec, externs: externs)
        }
        try fillSlots(spec)
        let loaded = LoadedObject(spec: spec, maps: maps, programs: programs, btf: btf, btfLoadError: btfLoadError,
                                  mappings: mappings)
        for template in templates { template.close() }
        maps = [:]
        programs = [:]
        templates = []
        mappings = [:]
        btf = nil
        return loaded
    }

    /// Whether `program` is loaded: named in the options, or autoloaded when they name none.
    private func isSelected(_ program: ProgramSpec) -> Bool {
        options.programNames?.contains(program.name) ?? program.autoload
    }

    /// Closes everything created and removes the pins this load made.
    mutating func releaseAll() {
        for mapping in mappings.values { mapping.unmap() }
        for program in programs.values { program.close() }
        for map in maps.values { map.close() }
        for template in templates { template.close() }
        btf?.close()
        for path in createdPins { unlink(path) }
        maps = [:]
        programs = [:]
        templates = []
        mappings = [:]
        btf = nil
        createdPins = []
    }

    // MARK: - BTF

    /// Loads the object's BTF, fixed up for the kernel. On a kernel that takes
    /// every BTF kind the original bytes are patched in place, keeping string
    /// offsets; otherwise the BTF is rebuilt, sanitized, and the line info text
    /// re-encoded in its string section (for the programs at
    /// `selectedPrograms` in `spec.programs`). Like libbpf, a kernel that
    /// refuses the BTF only costs the BTF, not the load.
    private mutating func loadBTF(_ spec: ObjectSpec, selectedPrograms: [Int]) {
        guard let original = spec.btf else { return }
        if KernelBTFFeatures.probed == .all, spec.byteOrder == .host {
            guard let bytes = try? spec.loadableBTFBytes() else { return }
            do { btf = try KernelBTF(bytes: bytes) } catch { btfLoadError = error }
            return
        }
        guard var builder = try? spec.loadableBTF() else { return }
        builder.sanitize(for: KernelBTFFeatures.probed)
        var texts: [UInt32: String] = [:]
        for index in selectedPrograms {
            for line in spec.programs[index].lineInfo {
                for offset in [line.fileNameOffset, line.lineOffset] where texts[offset] == nil {
                    texts[offset] = (try? original.string(at: offset)) ?? ""
                }
            }
        }
        guard let (bytes, offsets) = try? builder.marshal(byteOrder: .host, appendingStrings: Array(texts.values))
        else { return }
        do { btf = try KernelBTF(bytes: bytes) } catch {
            btfLoadError = error
            return
        }
        var moved: [UInt32: UInt32] = [:]
        for (old, text) in texts { moved[old] = offsets[text] ?? 0 }
        lineStringOffsets = moved
    }

    // MARK: - Maps

    private mutating func createMaps(_ spec: ObjectSpec) throws(LoaderError) {
        for mapSpec in spec.maps {
            var innerTemplate: Map?
            if let inner = mapSpec.innerMap {
                let template = try create(inner, displayName: mapSpec.name + " (inner map template)")
                templates.append(template)
                innerTemplate = template
            }
            let map = try createOrReuse(mapSpec, innerMap: innerTemplate)
            maps[mapSpec.name] = map
            if mapSpec.isInternal {
                do {
                    let mapping = try GlobalDataMapping(map: map, writable: !mapSpec.flags.contains(.readOnlyProgram))
                    mappings[mapSpec.name] = mapping
                } catch {
                    throw .map(name: mapSpec.name, phase: "map its value", error)
                }
            }
        }
    }

    private mutating func createOrReuse(_ spec: MapSpec, innerMap: Map?) throws(LoaderError) -> Map {
        guard spec.pinning == .byName, let root = options.pinRoot else {
            let map = try create(spec, innerMap: innerMap, displayName: spec.name)
            try fill(map, spec)
            return map
        }
        let path = root + "/" + spec.name
        if let existing = try? Map.open(pinnedAt: path) {
            do {
                try MapPinCompatibility.check(existing, against: spec, maxEntries: try effectiveMaxEntries(spec), path: path)
            } catch {
                existing.close()
                throw error
            }
            return existing
        }
        let map = try create(spec, innerMap: innerMap, displayName: spec.name)
        try fill(map, spec)
        do { try map.pin(at: path) } catch {
            map.close()
            throw .map(name: spec.name, phase: "pin at \(path)", error)
        }
        createdPins.append(path)
        return map
    }

    private func effectiveMaxEntries(_ spec: MapSpec) throws(LoaderError) -> UInt32 {
        guard spec.type == .perfEventArray, spec.maxEntries == 0 else { return spec.maxEntries }
        do { return UInt32(truncatingIfNeeded: try PossibleCPUs.count()) } catch {
            throw .map(name: spec.name, phase: "count possible CPUs", error)
        }
    }

    /// Map types whose BTF key and value types the kernel ignores or refuses; libbpf drops them.
    private static let typesWithoutBTF: Set<MapType> = [
        .perfEventArray, .cgroupArray, .stackTrace, .arrayOfMaps, .hashOfMaps, .devmap, .devmapHash,
        .cpumap, .xskmap, .sockmap, .sockhash, .queue, .stack, .arena,
    ]

    private func create(_ spec: MapSpec, innerMap: Map? = nil, displayName: String) throws(LoaderError) -> Map {
        var parameters = MapParameters(
            type: spec.type, keySize: spec.keySize, valueSize: spec.valueSize,
            maxEntries: try effectiveMaxEntries(spec), flags: spec.flags, name: spec.kernelName, innerMap: innerMap,
            numaNode: spec.numaNode, mapExtra: spec.mapExtra)
        if let btf, !Self.typesWithoutBTF.contains(spec.type),
           spec.btfKeyTypeID != 0 || spec.btfValueTypeID != 0 {
            parameters.btf = btf
            parameters.btfKeyTypeID = spec.btfKeyTypeID
            parameters.btfValueTypeID = spec.btfValueTypeID
            // The error is dropped for the retry without BTF, so it is not diagnosed.
            if let map = try? Map(parameters, diagnosingFailure: false) { return map }
            parameters.btf = nil
            parameters.btfKeyTypeID = 0
            parameters.btfValueTypeID = 0
        }
        do { return try Map(parameters) } catch { throw .map(name: displayName, phase: "create", error) }
    }

    /// Stores a global data map's initial value and freezes read-only ones.
    private func fill(_ map: Map, _ spec: MapSpec) throws(LoaderError) {
        guard let value = spec.initialValue else { return }
        do {
            try map.storeSingleValue(value)
            if spec.isFrozenAfterLoad { try map.freeze() }
        } catch {
            map.close()
            throw .map(name: spec.name, phase: "store the initial value", error)
        }
    }

    private func fillSlots(_ spec: ObjectSpec) throws(LoaderError) {
        for mapSpec in spec.maps where !mapSpec.slots.isEmpty {
            guard let map = maps[mapSpec.name] else { continue }
            for slot in mapSpec.slots {
                let descriptor: OwnedDescriptor
                switch slot.target {
                case .program(let name):
                    guard let program = programs[name] else { continue }
                    descriptor = program.descriptor
                case .map(let name):
                    guard let target = maps[name] else {
                        throw .map(name: mapSpec.name, phase: "fill slot \(slot.index)",
                                   BPFError(.system("lookup"), errno: .noSuchEntry, context: "no map named '\(name)'"))
                    }
                    descriptor = target.descriptor
                }
                do {
                    try descriptor.withRawValue { fd throws(BPFError) in
                        try map.update(slot.index, Int32(fd))
                    }
                } catch {
                    throw .map(name: mapSpec.name, phase: "fill slot \(slot.index)", error)
                }
            }
        }
    }

    // MARK: - Programs

    private func loadProgram(_ spec: ProgramSpec, spec object: ObjectSpec,
                             externs: ExternValues) throws(LoaderError) -> Program {
        // Encoded once; relocated instructions are patched in the bytes, so no
        // copy of the instruction values is made.
        var code = spec.instructions.encoded()
        var offsets = ByteOffsetCursor(instructions: spec.instructions)
        // Relocated instructions that still name r11 (only in a hostile object).
        var patchedAuxiliary: [Int] = []
        // The fd array: a program uses few maps, so a linear search for a
        // map's descriptor beats a table.
        var descriptors: [OwnedDescriptor] = []
        for relocation in spec.relocations {
            let index = relocation.instructionIndex
            guard spec.instructions.indices.contains(index) else { continue }
            var instruction = spec.instructions[index]
            switch relocation.target {
            case .map(let name), .mapValue(let name, _):
                guard let map = maps[name] else {
                    throw .program(name: spec.name, section: spec.sectionName,
                                   .badRelocation(section: spec.sectionName, instructionOffset: index, symbol: name,
                                                  reason: "the map was not created"))
                }
                let slot: Int32
                if let known = descriptors.firstIndex(where: { $0 === map.descriptor }) {
                    slot = Int32(truncatingIfNeeded: known)
                } else {
                    slot = Int32(truncatingIfNeeded: descriptors.count)
                    descriptors.append(map.descriptor)
                }
                if case .mapValue(_, let offset) = relocation.target {
                    instruction.source = LoadImmediateSource.mapIndexValue.register
                    instruction.constant = Int64(offset) << 32 | Int64(slot)
                } else {
                    instruction.source = LoadImmediateSource.mapIndex.register
                    instruction.constant = Int64(slot)
                }
            case .kernelSymbol(let name):
                switch externs.symbols[name] {
                case .btfID(let id)?:
                    instruction.source = LoadImmediateSource.btfID.register
                    instruction.constant = Int64(id)
                case .address(let address)?:
                    instruction.source = LoadImmediateSource.constant.register
                    instruction.constant = Int64(bitPattern: address)
                case .missing?, nil:
                    instruction.source = LoadImmediateSource.constant.register
                    instruction.constant = 0
                }
            case .kernelFunctionCall(let name):
                switch externs.symbols[name] {
                case .btfID(let id)?:
                    instruction.source = CallSource.kernelFunction.register
                    instruction.constant = Int64(id)
                    instruction.offset = 0
                default:
                    let externIndex = object.externs.firstIndex { $0.name == name } ?? 0
                    instruction = Instruction(.init(.jump, .call, source: .constant),
                                              constant: Self.poisonedCallBase + Int64(externIndex))
                }
            }
            if instruction.namesAuxiliaryRegister { patchedAuxiliary.append(index) }
            // Calls are never wide, so a poisoned call overwrites a call; were a
            // hostile object to relocate an ld_imm64 so, its second slot stays
            // and the verifier refuses the half instruction.
            _ = instruction.overwrite(&code, at: offsets.byteOffset(of: index))
        }

        var parameters = ProgramParameters(
            type: spec.type, instructions: [], license: object.license, name: spec.name,
            expectedAttachType: spec.expectedAttachType, flags: spec.flags,
            kernelVersion: object.kernelVersion != 0 ? object.kernelVersion : RunningKernel.versionCode,
            descriptorArray: descriptors, logLevel: options.logLevel)
        if let btf, !spec.functionInfo.isEmpty {
            parameters.btf = btf
            parameters.functionInfo = Self.encode(spec.functionInfo)
            parameters.functionInfoRecordSize = 8
            parameters.lineInfo = Self.encode(spec.lineInfo, movingStrings: lineStringOffsets)
            parameters.lineInfoRecordSize = spec.lineInfo.isEmpty ? 0 : 16
        }
        if let section = spec.section, section.attachesByBTF {
            parameters.attachBTFID = try attachTarget(of: spec, section)
        }
        // Program.init(_:) refuses r11 after patching; so does this, the patched instructions being in `code`.
        let auxiliaryRegister = spec.instructions.indices.first { index in
            spec.instructions[index].namesAuxiliaryRegister
                && (patchedAuxiliary.contains(index) || !spec.relocations.contains { $0.instructionIndex == index })
        }
        if let auxiliaryRegister {
            throw .programLoad(name: spec.name, section: spec.sectionName,
                               Program.auxiliaryRegisterError(parameters, instructionIndex: auxiliaryRegister))
        }
        do {
            return try Program(parameters, code: code, diagnosingFailure: true)
        } catch {
            if let log = error.log?.text, let explanation = spec.corePoisonReport?.explanation(forVerifierLog: log) {
                throw .coreRelocationRejected(name: spec.name, section: spec.sectionName, explanation: explanation, error)
            }
            throw .programLoad(name: spec.name, section: spec.sectionName, error)
        }
    }

    /// The vmlinux BTF id a tracing, LSM or iterator program attaches to.
    private func attachTarget(of spec: ProgramSpec, _ section: ProgramSection) throws(LoaderError) -> UInt32 {
        guard let target = section.attachTarget else {
            throw .attachTarget(program: spec.name, target: "", reason: "the section names no attach target")
        }
        let kernel = try RunningKernel.btf(at: options.kernelBTFPath).get()
        let (name, kind): (String, BTFKind) = switch section.expectedAttachType {
        case .traceRawTP: ("btf_trace_" + target, .typedef)
        case .lsmMac, .lsmCgroup: ("bpf_lsm_" + target, .function)
        case .traceIter: ("bpf_iter_" + target, .function)
        default: (target, .function)
        }
        guard let id = kernel.typeID(named: name, kind: kind) else {
            throw .attachTarget(program: spec.name, target: target, reason: "\(kind) '\(name)' is not in the kernel's BTF")
        }
        return id
    }

    /// `.BTF.ext` records in the kernel's layout (host byte order).
    private static func encode(_ records: [BTFFunctionInfo]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(records.count * 8)
        for record in records {
            withUnsafeBytes(of: record.instructionOffset) { bytes.append(contentsOf: $0) }
            withUnsafeBytes(of: record.type) { bytes.append(contentsOf: $0) }
        }
        return bytes
    }

    /// Line info records, their string offsets moved through `movedStrings` when the BTF was rebuilt.
    private static func encode(_ records: [BTFLineInfo], movingStrings movedStrings: [UInt32: UInt32]?) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(records.count * 16)
        for record in records {
            let fileName = movedStrings.map { $0[record.fileNameOffset] ?? 0 } ?? record.fileNameOffset
            let line = movedStrings.map { $0[record.lineOffset] ?? 0 } ?? record.lineOffset
            let words = (record.instructionOffset, fileName, line, record.line << 10 | record.column)
            withUnsafeBytes(of: words) { bytes.append(contentsOf: $0) }
        }
        return bytes
    }
}

/// Byte offsets of a program's instructions in their encoding, walked from
/// the last one asked for: a program's relocations come mostly in ascending
/// order, so finding them all takes about one pass and no table.
private struct ByteOffsetCursor {
    let instructions: [Instruction]
    private var index = 0
    private var byteOffset = 0

    init(instructions: [Instruction]) { self.instructions = instructions }

    /// The byte offset of the instruction at `target`, which must be a valid index.
    mutating func byteOffset(of target: Int) -> Int {
        while index < target {
            byteOffset += instructions[index].slotCount * Instruction.slotSize
            index += 1
        }
        while index > target {
            index -= 1
            byteOffset -= instructions[index].slotCount * Instruction.slotSize
        }
        return byteOffset
    }
}
