import BPFObject

/// What `swiftbpf inspect` prints, as text or JSON.
struct InspectReport: Encodable {
    struct Section: Encodable {
        var index: Int
        var name: String
        var type: String
        var size: UInt64
    }

    /// The `SHT_*` names of the section types objects contain.
    static let sectionTypeNames: [UInt32: String] = [
        0: "NULL", 1: "PROGBITS", 2: "SYMTAB", 3: "STRTAB", 4: "RELA", 8: "NOBITS", 9: "REL",
        18: "SYMTAB_SHNDX", 0x6fff_4c03: "LLVM_ADDRSIG",
    ]

    struct Program: Encodable {
        var name: String
        var section: String
        var type: String
        var attach_type: String?
        var instructions: Int
        var autoload: Bool
        var subprograms: [String]
        var error: String?
    }

    struct Map: Encodable {
        var name: String
        var kernel_name: String
        var type: String
        var key_size: UInt32
        var value_size: UInt32
        var max_entries: UInt32
        var map_flags: UInt32
        var pinning: String
        var `internal`: Bool
    }

    struct Extern: Encodable {
        var name: String
        var kind: String
        var weak: Bool
    }

    struct BTFCounts: Encodable {
        var types: Int
        var func_info: Int
        var line_info: Int
        var core_relocations: Int
    }

    var name: String
    var byte_order: String
    var license: String
    var kernel_version: UInt32
    var sections: [Section]
    var programs: [Program]
    var maps: [Map]
    var relocations: [String: Int]
    var core_relocations: [String: Int]
    var externs: [Extern]
    var btf: BTFCounts?

    init(_ spec: ObjectSpec) {
        name = spec.name
        byte_order = spec.byteOrder == .littleEndian ? "little-endian" : "big-endian"
        license = spec.license
        kernel_version = spec.kernelVersion
        sections = spec.elf.sections.filter { $0.index != 0 }.map {
            Section(index: $0.index, name: $0.name,
                    type: Self.sectionTypeNames[$0.type.rawValue] ?? "0x\(String($0.type.rawValue, radix: 16))",
                    size: $0.size)
        }
        programs = spec.programs.map { program in
            Program(name: program.name, section: program.sectionName, type: "\(program.type)",
                    attach_type: program.expectedAttachType.rawValue == 0 ? nil : "\(program.expectedAttachType)",
                    instructions: program.instructions.reduce(0) { $0 + $1.slotCount }, autoload: program.autoload,
                    subprograms: program.subprograms, error: program.loadError.map { "\($0)" })
        }
        maps = spec.maps.map { map in
            Map(name: map.name, kernel_name: map.kernelName, type: "\(map.type)", key_size: map.keySize,
                value_size: map.valueSize, max_entries: map.maxEntries, map_flags: map.flags.rawValue,
                pinning: "\(map.pinning)", internal: map.isInternal)
        }
        relocations = spec.relocationCounts
        var core: [String: Int] = [:]
        for (kind, count) in spec.coreRelocationCounts {
            core[CORERelocationKind(rawValue: kind)?.name ?? "kind \(kind)", default: 0] += count
        }
        core_relocations = core
        externs = spec.externs.map { extern in
            let kind = switch extern.kind {
            case .kconfig: "kconfig"
            case .typedKernelVariable: "ksym (typed)"
            case .untypedKernelSymbol: "ksym (untyped)"
            case .kernelFunction: "kfunc"
            }
            return Extern(name: extern.name, kind: kind, weak: extern.isWeak)
        }
        btf = spec.btf.map { btf in
            BTFCounts(types: btf.typeCount,
                      func_info: spec.btfExt?.functionInfos.reduce(0) { $0 + $1.records.count } ?? 0,
                      line_info: spec.btfExt?.lineInfos.reduce(0) { $0 + $1.records.count } ?? 0,
                      core_relocations: spec.btfExt?.coreRelocations.reduce(0) { $0 + $1.records.count } ?? 0)
        }
    }

    /// The report as aligned text.
    var text: String {
        var lines = ["object \(name) (\(byte_order)), license \"\(license)\", kernel version \(kernel_version)"]
        lines.append("\nsections:")
        for section in sections {
            lines.append("  [\(section.index)] \(section.name) \(section.type), \(section.size) bytes")
        }
        lines.append("\nprograms:")
        for program in programs {
            var line = "  \(program.name): \(program.type)"
            if let attach = program.attach_type { line += " (attach \(attach))" }
            line += ", section \(program.section), \(program.instructions) instructions"
            if !program.autoload { line += ", autoload off" }
            if !program.subprograms.isEmpty { line += ", subprograms \(program.subprograms.joined(separator: " "))" }
            if let error = program.error { line += "\n    cannot load: \(error)" }
            lines.append(line)
        }
        lines.append("\nmaps:")
        for map in maps {
            lines.append("  \(map.name) (\(map.kernel_name)): \(map.type), key \(map.key_size) B, value \(map.value_size) B, "
                + "max \(map.max_entries), flags 0x\(String(map.map_flags, radix: 16)), pinning \(map.pinning)")
        }
        lines.append("\nrelocations:")
        for (kind, count) in relocations.sorted(by: { $0.key < $1.key }) { lines.append("  \(kind): \(count)") }
        lines.append("\nCO-RE relocations:")
        for (kind, count) in core_relocations.sorted(by: { $0.key < $1.key }) { lines.append("  \(kind): \(count)") }
        lines.append("\nexterns:")
        for extern in externs { lines.append("  \(extern.name): \(extern.kind)\(extern.weak ? ", weak" : "")") }
        if let btf {
            lines.append("\nBTF: \(btf.types) types, \(btf.func_info) func_info, \(btf.line_info) line_info, "
                + "\(btf.core_relocations) CO-RE relocations")
        } else {
            lines.append("\nBTF: none")
        }
        return lines.joined(separator: "\n")
    }
}
