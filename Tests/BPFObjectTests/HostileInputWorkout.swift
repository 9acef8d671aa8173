import BPFInstructions
import BPFObject
import Foundation
import Synchronization

// This file is compiled twice: into BPFObjectTests (the hostile-object suite
// and the FailCase replay) and, through a symlink, into the FuzzTesting
// package's FuzzSupport module (the libFuzzer targets). One definition of what
// each entry point is fed and what its result must satisfy serves both, so a
// crash the fuzzer saves replays in the test suite exactly as it was found.

/// How one untrusted input fared at a parser entry point.
///
/// Every entry point returns a value or throws a typed error; the language
/// guarantees "one, never both, never neither". What it cannot guarantee is
/// that a value it returned keeps the promises its documentation makes, so a
/// broken promise is a third outcome, which a test or a fuzzer reports.
public enum HostileOutcome: Sendable {
    /// The input was accepted and every promise about the result held.
    case accepted
    /// The input was refused with a typed error.
    case rejected(any Error)
    /// The input was accepted but the result broke a documented promise.
    case brokenPromise(String)

    /// The broken promise, or nil.
    public var brokenPromise: String? {
        if case .brokenPromise(let message) = self { return message }
        return nil
    }

    fileprivate static func check(_ condition: Bool, _ message: @autoclosure () -> String) -> HostileOutcome {
        condition ? .accepted : .brokenPromise(message())
    }
}

/// The parser entry points that take untrusted bytes, each with the checks
/// its result must pass. The name of each case is the FailCases directory of
/// the fuzz target that feeds it.
public enum HostileEntryPoint: String, CaseIterable, Sendable {
    /// `ELFFile(bytes:)`.
    case elf = "FuzzELF"
    /// `BTF.parse(bytes:)`, then everything a valid spec promises.
    case btf = "FuzzBTF"
    /// `BTF.parse` then `BTFExt.parse`: the input is a little-endian 32-bit
    /// length, that many bytes of `.BTF`, then the `.BTF.ext` bytes.
    case btfExt = "FuzzBTFExt"
    /// `Instruction.decode`; the first byte picks the byte order.
    case instructions = "FuzzInstructions"
    /// `Inflate` and `Gzip`, and the kconfig and kallsyms parsers they feed.
    case inflate = "FuzzInflate"
    /// A whole object: ELF, its BTF, `.BTF.ext` and program sections, then `ObjectSpec`.
    case object = "FuzzObject"
    /// A TestObject without DWARF (``TestObjectFiles/damageable``) with one
    /// section damaged (see ``SectionDamage``), then as ``object``.
    case sections = "FuzzSections"

    /// Feeds `bytes` to this entry point.
    public func run(_ bytes: [UInt8]) -> HostileOutcome {
        switch self {
        case .elf: return HostileParsers.elf(bytes)
        case .btf: return HostileParsers.btf(bytes)
        case .btfExt: return HostileParsers.btfExt(framed: bytes)
        case .instructions: return HostileParsers.instructions(bytes)
        case .inflate: return HostileParsers.inflate(bytes)
        case .object: return HostileParsers.object(bytes)
        case .sections:
            guard let damaged = SectionDamage(bytes)?.apply(to: TestObjectFiles.damageable) else { return .accepted }
            return HostileParsers.object(damaged)
        }
    }
}

/// The checks behind ``HostileEntryPoint``.
public enum HostileParsers {
    /// Outputs larger than this are refused, so one input cannot take the memory of a whole run.
    static let inflateLimit = 1 << 20
    /// Specs with more types than this skip the C header dump.
    static let cHeaderTypeLimit = 256

    static func elf(_ bytes: [UInt8]) -> HostileOutcome {
        let file: ELFFile
        do { file = try ELFFile(bytes: bytes) } catch { return .rejected(error) }
        return elfPromises(file)
    }

    /// What a validated ELFFile promises: every section's bytes are in the
    /// file, every symbol and relocation refers to something that exists.
    private static func elfPromises(_ file: ELFFile) -> HostileOutcome {
        for section in file.sections where section.type != .nobits && section.type != .null {
            guard UInt64(file.data(of: section).count) == section.size else {
                return .brokenPromise("section \(section.index) data is not \(section.size) bytes")
            }
        }
        for symbol in file.symbols {
            if let index = symbol.definingSectionIndex, file.section(at: index) == nil {
                return .brokenPromise("symbol \(symbol.index) defined in missing section \(index)")
            }
        }
        for table in file.relocationTables {
            guard file.section(at: table.targetSectionIndex) != nil else {
                return .brokenPromise("relocation table \(table.sectionIndex) targets a missing section")
            }
            for entry in table.entries where Int(exactly: entry.symbolIndex).map({ $0 >= file.symbols.count }) ?? true {
                return .brokenPromise("relocation in table \(table.sectionIndex) names missing symbol \(entry.symbolIndex)")
            }
        }
        return .accepted
    }

    static func btf(_ bytes: [UInt8]) -> HostileOutcome {
        let spec: BTF
        do { spec = try BTF.parse(bytes: bytes) } catch { return .rejected(error) }
        return btfPromises(spec)
    }

    /// Decodes and resolves every type, and for a spec that validates checks
    /// what `validate()` promises: it dumps, copies and marshals, and the
    /// marshalled copy (in the other byte order) parses back to the same types.
    private static func btfPromises(_ spec: BTF) -> HostileOutcome {
        // One memo for every id: each type's alignment is measured once, as
        // the C header writer does, instead of once per type that contains it.
        var alignments = BTF.AlignmentMemo()
        var types: [BTFType?] = []
        for id in spec.ownTypeIDs {
            // Each may fail on a hostile spec; none may trap or loop.
            types.append(try? spec.type(id))
            _ = try? spec.resolve(id)
            _ = try? spec.size(of: id)
            _ = try? spec.alignment(of: id, memo: &alignments)
        }
        do { try spec.validate() } catch { return .rejected(error) }
        let copy: [UInt8]
        do {
            _ = try spec.rawDump()
            let otherOrder: ByteOrder = spec.byteOrder == .littleEndian ? .bigEndian : .littleEndian
            copy = try BTFBuilder(copyingAllOf: spec).marshal(byteOrder: otherOrder)
        } catch {
            return .brokenPromise("validated BTF failed to dump or marshal: \(error)")
        }
        // The C dump costs far more per type than everything else here; on
        // small specs, which is where mutations find new paths, it still runs.
        if spec.typeCount <= cHeaderTypeLimit { _ = try? spec.cHeader() }
        let reparsed: BTF
        do { reparsed = try BTF.parse(bytes: copy) } catch {
            return .brokenPromise("marshalled BTF does not parse back: \(error)")
        }
        // The raw dump prints every field of every decoded type, so comparing
        // the decoded types is the same check as comparing the two dumps,
        // without formatting the second one.
        guard reparsed.ownTypeIDs.count == types.count else {
            return .brokenPromise("marshalled BTF has \(reparsed.ownTypeIDs.count) types, not \(types.count)")
        }
        for (id, type) in zip(reparsed.ownTypeIDs, types) {
            let copied: BTFType
            do { copied = try reparsed.type(id) } catch {
                return .brokenPromise("marshalled BTF type \(id) does not decode: \(error)")
            }
            guard copied == type else { return .brokenPromise("marshalled BTF type \(id) differs") }
        }
        return .accepted
    }

    static func btfExt(framed bytes: [UInt8]) -> HostileOutcome {
        guard bytes.count >= 4 else { return .rejected(BTFError(.truncated(needed: 4 - bytes.count), offset: 0)) }
        let length = Int(UInt32(bytes[0]) | UInt32(bytes[1]) << 8 | UInt32(bytes[2]) << 16 | UInt32(bytes[3]) << 24)
        guard length <= bytes.count - 4 else { return .rejected(BTFError(.truncated(needed: length), offset: 4)) }
        do {
            let spec = try BTF.parse(bytes: Array(bytes[4..<(4 + length)]))
            _ = try BTFExt.parse(bytes: Array(bytes[(4 + length)...]), btf: spec)
            return .accepted
        } catch {
            return .rejected(error)
        }
    }

    static func instructions(_ bytes: [UInt8]) -> HostileOutcome {
        guard let selector = bytes.first else { return .accepted }
        let byteOrder: ByteOrder = selector & 1 == 0 ? .littleEndian : .bigEndian
        let encoding = bytes.dropFirst()
        let decoded: [Instruction]
        do { decoded = try Instruction.decode(encoding, byteOrder: byteOrder) } catch { return .rejected(error) }
        var reencoded: [UInt8] = []
        for instruction in decoded {
            instruction.encode(into: &reencoded, byteOrder: byteOrder)
        }
        _ = Disassembler().listing(decoded)
        return HostileOutcome.check(reencoded.elementsEqual(encoding), "decoded instructions encode differently")
    }

    static func inflate(_ bytes: [UInt8]) -> HostileOutcome {
        var outcome = HostileOutcome.accepted
        do {
            let output = try Inflate.decompress(bytes, outputLimit: inflateLimit)
            guard output.count <= inflateLimit else { return .brokenPromise("inflate output passed its limit") }
        } catch {
            outcome = .rejected(error)
        }
        do {
            let output = try Gzip.decompress(bytes, outputLimit: inflateLimit)
            guard output.count <= inflateLimit else { return .brokenPromise("gzip output passed its limit") }
            _ = try? KernelConfig(parsing: output)
        } catch {
            outcome = .rejected(error)
        }
        _ = try? KernelConfig(parsing: bytes)
        _ = try? KernelSymbols(parsing: bytes)
        return outcome
    }

    /// The object pipeline short of syscalls: each parser the loader uses on
    /// its own (ELF, every executable section's instructions, `.BTF`,
    /// `.BTF.ext`), then ``ObjectSpec`` building, which reads maps, globals
    /// and externs and links every program.
    ///
    /// When `thorough`, BTF also gets every check of ``btf(_:)`` (skipped
    /// for a `.BTF` that passed them before: see ``ProvenBTF``) and the programs are linked
    /// again with CO-RE relocations against the running kernel's BTF (a dry run: nothing is loaded). Otherwise BTF is only
    /// parsed and validated, as the loader does, which is far cheaper.
    public static func object(_ bytes: [UInt8], thorough: Bool = true) -> HostileOutcome {
        if case .brokenPromise(let message) = objectParts(bytes, checkingBTFPromises: thorough) {
            return .brokenPromise(message)
        }
        let spec: ObjectSpec
        do { spec = try ObjectSpec(bytes: bytes, name: "hostile") } catch { return .rejected(error) }
        let outcome = objectSpecPromises(spec)
        guard thorough, case .accepted = outcome, let kernelBTF else { return outcome }
        // A target of its own per input: its decoded-type cache starts empty
        // and is freed with it, so one input's outcome never depends on the
        // inputs before it, and LeakSanitizer sees every allocation CO-RE
        // keeps released by the end of the input.
        let kernelTarget = CORETarget(btf: kernelBTF, name: "vmlinux")
        // Each CO-RE record resolved on its own, then the programs linked with them applied.
        do { _ = try CORERelocationPass.dryRun(object: spec.elf, target: kernelTarget) } catch { return .rejected(error) }
        do { return objectSpecPromises(try spec.relinked(coreTarget: kernelTarget)) } catch { return .rejected(error) }
    }

    /// The running kernel's BTF, parsed once, for the CO-RE targets of
    /// thorough object runs; nil where there is none.
    public static let kernelBTF: BTF? = FileManager.default.contents(atPath: "/sys/kernel/btf/vmlinux")
        .flatMap { try? BTF.parse(bytes: [UInt8]($0)) }

    private static func objectParts(_ bytes: [UInt8], checkingBTFPromises: Bool) -> HostileOutcome {
        let file: ELFFile
        do { file = try ELFFile(bytes: bytes) } catch { return .rejected(error) }
        if case .brokenPromise(let message) = elfPromises(file) { return .brokenPromise(message) }
        var outcome = HostileOutcome.accepted
        for section in file.sections where section.flags & ELFSection.flagExecutable != 0 {
            do { _ = try Instruction.decode(file.data(of: section), byteOrder: file.header.byteOrder) } catch {
                outcome = .rejected(error)
            }
        }
        guard let btfSection = file.section(named: ".BTF") else { return outcome }
        let btfBytes = Array(file.data(of: btfSection))
        let spec: BTF
        do { spec = try BTF.parse(bytes: btfBytes) } catch { return .rejected(error) }
        // A proven .BTF passed btfPromises, validate() included, earlier in
        // this process; both depend on the bytes alone, so neither runs again.
        if !checkingBTFPromises {
            do { try spec.validate() } catch { return .rejected(error) }
        } else if !ProvenBTF.contains(btfBytes) {
            let btfOutcome = btfPromises(spec)
            if case .brokenPromise = btfOutcome { return btfOutcome }
            if case .accepted = btfOutcome { ProvenBTF.insert(btfBytes) }
        }
        guard let extSection = file.section(named: ".BTF.ext") else { return outcome }
        do { _ = try BTFExt.parse(bytes: Array(file.data(of: extSection)), btf: spec) } catch { return .rejected(error) }
        return outcome
    }

    /// What a built ``ObjectSpec`` promises of each program it calls
    /// loadable: relocations sit on an instruction of the right shape and
    /// name a map the spec has, and function and line info point inside the
    /// linked program.
    private static func objectSpecPromises(_ spec: ObjectSpec) -> HostileOutcome {
        let mapNames = Set(spec.maps.map(\.name))
        for program in spec.programs where program.loadError == nil {
            guard program.ownInstructionCount <= program.instructions.count else {
                return .brokenPromise("\(program.name): \(program.ownInstructionCount) own instructions of \(program.instructions.count)")
            }
            for relocation in program.relocations {
                guard program.instructions.indices.contains(relocation.instructionIndex) else {
                    return .brokenPromise("\(program.name): relocation at missing instruction \(relocation.instructionIndex)")
                }
                let instruction = program.instructions[relocation.instructionIndex]
                let fits = switch relocation.target {
                case .map(let name), .mapValue(let name, _): instruction.isWide && mapNames.contains(name)
                case .kernelSymbol: instruction.isWide
                case .kernelFunctionCall: instruction.callSource != nil
                }
                guard fits else {
                    return .brokenPromise("\(program.name): relocation \(relocation.target) on instruction \(relocation.instructionIndex) (\(instruction))")
                }
            }
            let slots = program.instructions.reduce(0) { $0 + $1.slotCount }
            let offsets = program.functionInfo.map(\.instructionOffset) + program.lineInfo.map(\.instructionOffset)
            if let outside = offsets.first(where: { Int($0) >= slots }) {
                return .brokenPromise("\(program.name): func or line info at slot \(outside) of \(slots)")
            }
        }
        return .accepted
    }
}

/// A damage to one section of one TestObject, read from fuzzer bytes:
/// byte 0 picks the object, byte 1 the section, byte 2 the kind of damage,
/// bytes 3-6 (little-endian) a position or size, and the rest is the payload.
public struct SectionDamage: Sendable {
    /// What is done to the section.
    public enum Kind: UInt8, CaseIterable, Sendable {
        /// XOR the payload into the section's bytes from the position.
        case xor
        /// Write the payload over the section's bytes from the position.
        case overwrite
        /// Set the section header's size to the position value.
        case resize
        /// Set the section header's file offset to the position value.
        case move
        /// Set the section header's link and info fields from the payload's first 8 bytes.
        case relink
    }

    /// The size of an ELF64 section header, whose fields the damage rewrites.
    static let sectionHeaderSize = 64

    let objectSelector: UInt8
    let sectionSelector: UInt8
    let kind: Kind
    let position: UInt32
    let payload: ArraySlice<UInt8>

    /// Reads a damage from `bytes`, or nil if they are too short.
    public init?(_ bytes: [UInt8]) {
        guard bytes.count >= 7 else { return nil }
        objectSelector = bytes[0]
        sectionSelector = bytes[1]
        kind = Kind.allCases[Int(bytes[2]) % Kind.allCases.count]
        position = UInt32(bytes[3]) | UInt32(bytes[4]) << 8 | UInt32(bytes[5]) << 16 | UInt32(bytes[6]) << 24
        payload = bytes[7...]
    }

    /// The damaged bytes of one of `objects`, or nil if there are none or the
    /// chosen one has no section headers to aim at.
    public func apply(to objects: [ELFFile]) -> [UInt8]? {
        guard !objects.isEmpty else { return nil }
        let file = objects[Int(objectSelector) % objects.count]
        var bytes = file.bytes
        guard file.sections.count > 1 else { return nil }
        let section = file.sections[1 + Int(sectionSelector) % (file.sections.count - 1)]
        let order = file.header.byteOrder
        guard let header = Int(exactly: file.header.sectionHeaderOffset).map({ $0 + section.index * Self.sectionHeaderSize })
        else { return nil }
        switch kind {
        case .xor, .overwrite:
            let data = file.data(of: section)
            guard !data.isEmpty else { return bytes }
            var target = data.startIndex + Int(position) % data.count
            for byte in payload where target < data.endIndex {
                bytes[target] = kind == .xor ? bytes[target] ^ byte : byte
                target += 1
            }
        case .resize:
            Self.store(UInt64(position), at: header + 32, in: &bytes, order: order)
        case .move:
            Self.store(UInt64(position), at: header + 24, in: &bytes, order: order)
        case .relink:
            let fields = Array(payload.prefix(8)) + [UInt8](repeating: 0, count: max(0, 8 - payload.count))
            bytes.replaceSubrange((header + 40)..<(header + 48), with: fields)
        }
        return bytes
    }

    /// Writes `value` as a 64-bit field in `order` at `offset`.
    static func store(_ value: UInt64, at offset: Int, in bytes: inout [UInt8], order: ByteOrder) {
        let stored = order == .littleEndian ? value.littleEndian : value.bigEndian
        withUnsafeBytes(of: stored) { bytes.replaceSubrange(offset..<(offset + 8), with: $0) }
    }
}

/// The TestObjects built for both byte orders, read once, in a fixed order
/// (bpfel then bpfeb, by name) so a saved damage replays on the same object.
public enum TestObjectFiles {
    /// The repository's `TestObjects/build`, found by walking up from this source file.
    public static let buildDirectory: String? = {
        var directory = #filePath
        while let slash = directory.lastIndex(of: "/"), slash != directory.startIndex {
            directory = String(directory[..<slash])
            let candidate = directory + "/TestObjects/build"
            if FileManager.default.fileExists(atPath: candidate + "/bpfel") { return candidate }
        }
        return nil
    }()

    /// The paths of every built object, bpfel first, each group sorted by name.
    public static let paths: [String] = objectPaths(under: "")

    /// The bytes of every object in ``paths``.
    public static let all: [[UInt8]] = paths.compactMap { FileManager.default.contents(atPath: $0).map { [UInt8]($0) } }

    /// The same objects without DWARF (`TestObjects/build/stripped/`, made by
    /// `llvm-objcopy --strip-debug`, which keeps `.BTF` and `.BTF.ext`), parsed
    /// once. Section damages aim at these: the loader never reads DWARF, and
    /// with it each copy would be 20-40 times larger and a third of its
    /// sections debug info and its relocations.
    public static let damageable: [ELFFile] = objectPaths(under: "stripped/").compactMap { path in
        FileManager.default.contents(atPath: path).flatMap { try? ELFFile(bytes: [UInt8]($0)) }
    }

    /// The `.o` files in `build/<prefix>bpfel` then `build/<prefix>bpfeb`, each sorted by name.
    private static func objectPaths(under prefix: String) -> [String] {
        guard let buildDirectory else { return [] }
        return ["bpfel", "bpfeb"].flatMap { target in
            let directory = buildDirectory + "/" + prefix + target
            return ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { $0.hasSuffix(".o") }
                .sorted().map { directory + "/" + $0 }
        }
    }
}

/// The latest `.BTF` sections that kept every promise ``HostileParsers``
/// checks of BTF. Those checks depend on the bytes alone and cost
/// more than the rest of an object's run, while most mutations of an object
/// (and every damage to another section of a TestObject) leave its `.BTF` as
/// it was: such an input's BTF is checked once, not on every run.
///
/// Bounded, so a long run's memory stays flat: once full, each new section
/// replaces the oldest. Only sections that passed are kept, so a broken
/// promise is found on every input that has it.
enum ProvenBTF {
    /// Enough for every TestObject's `.BTF` (both byte orders) and the corpus's recent variants.
    static let capacity = 512

    private struct Recent {
        var sections: [[UInt8]] = []
        var next = 0
    }

    private static let recent = Mutex(Recent())

    /// Whether `btf` is byte for byte a section that passed. Compared with
    /// memcmp: comparing 30 KB element by element in instrumented code costs
    /// more than the rest of a damaged object's run.
    static func contains(_ btf: [UInt8]) -> Bool {
        recent.withLock { recent in
            recent.sections.contains { proven in
                proven.count == btf.count && proven.withUnsafeBytes { provenBytes in
                    btf.withUnsafeBytes { bytes in
                        // Same lengths, so only two empty buffers lack an address.
                        guard let left = provenBytes.baseAddress, let right = bytes.baseAddress else { return true }
                        return memcmp(left, right, bytes.count) == 0
                    }
                }
            }
        }
    }

    /// Records that `btf` kept every promise.
    static func insert(_ btf: [UInt8]) {
        recent.withLock { recent in
            if recent.sections.count < capacity {
                recent.sections.append(btf)
            } else {
                recent.sections[recent.next] = btf
                recent.next = (recent.next + 1) % capacity
            }
        }
    }
}
