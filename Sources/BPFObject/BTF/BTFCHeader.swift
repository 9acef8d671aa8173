extension BTF {
    /// A C header declaring this spec's types (and its base's), in the
    /// manner of `bpftool btf dump file X format c`, for `#include` in BPF
    /// programs compiled with clang.
    ///
    /// Structs, unions, enums and typedefs are emitted in an order C accepts,
    /// with explicit padding where the BTF layout differs from the natural one
    /// and `__attribute__((packed))` where members sit off their alignment.
    /// Functions and variables are not declared.
    public func cHeader() throws(BTFError) -> String {
        var writer = BTFCHeaderWriter(btf: self)
        return try writer.write()
    }
}

/// Writes ``BTF/cHeader()``: names every tag and typedef uniquely, then emits
/// each definition after what it needs.
struct BTFCHeaderWriter {
    private let btf: BTF
    private var output = ""
    /// The C name chosen for each named struct, union, enum, forward and typedef.
    private var names: [BTFTypeID: String] = [:]
    private var emitted: Set<BTFTypeID> = []
    private var inProgress: Set<BTFTypeID> = []
    /// Anonymous enums are declared once at the top level and used as their integer type.
    private var anonymousEnums: Set<BTFTypeID> = []
    private var depth = 0
    private var requiredAnonymous: Set<BTFTypeID> = []
    /// The anonymous structs and unions whose bodies are being written out, innermost last.
    private var inlining: Set<BTFTypeID> = []
    /// The most text an anonymous body may expand to: nested anonymous types
    /// shared by many members would otherwise grow exponentially.
    private let expansionLimit: Int
    /// Padding members are numbered across the whole header, so nested anonymous members never clash.
    private var paddingCount = 0
    /// Alignments measured so far, shared by every member and struct the header lays out.
    private var alignments = BTF.AlignmentMemo()

    /// How deeply types may nest before the spec is called cyclic. Real C
    /// stays far below; the bound keeps hostile input from exhausting the stack.
    private static let maximumDepth = 512

    init(btf: BTF) {
        self.btf = btf
        // Real headers are smaller than their BTF; this leaves ample room.
        self.expansionLimit = 64 * btf.bytes.count + (1 << 20)
    }

    mutating func write() throws(BTFError) -> String {
        try assignNames()
        output += """
            #ifndef __SWIFTBPF_BTF_H__
            #define __SWIFTBPF_BTF_H__

            #ifndef BPF_NO_PRESERVE_ACCESS_INDEX
            #pragma clang attribute push (__attribute__((preserve_access_index)), apply_to = record)
            #endif


            """
        let ids = 1..<btf.nextTypeID
        for id in ids {
            switch try btf.type(id).definition {
            case .structure, .union, .forward:
                if let name = names[id] { output += "\(try tagKeyword(id)) \(name);\n" }
            default: break
            }
        }
        output += "\n"
        for id in ids {
            let type = try btf.type(id)
            switch type.definition {
            case .enumeration(let enumeration), .enumeration64(let enumeration):
                if type.name.isEmpty { anonymousEnums.insert(id) }
                output += try enumDefinition(id, enumeration) + ";\n\n"
            default: break
            }
        }
        for id in ids {
            switch try btf.type(id).definition {
            case .structure, .union: if names[id] != nil { try define(id) }
            case .typedef: try declareTypedef(id)
            default: break
            }
        }
        output += """
            #ifndef BPF_NO_PRESERVE_ACCESS_INDEX
            #pragma clang attribute pop
            #endif

            #endif /* __SWIFTBPF_BTF_H__ */

            """
        return output
    }

    // MARK: - Names

    /// Gives duplicates `___2`, `___3`… suffixes: tags (struct, union, enum)
    /// share one namespace, typedefs and enumerators another.
    private mutating func assignNames() throws(BTFError) {
        var tagOwners: [String: (keyword: String, id: BTFTypeID)] = [:]
        var tagCounts: [String: Int] = [:]
        // The compiler defines this one itself, with its own (target-specific) layout.
        var ordinaryCounts: [String: Int] = ["__builtin_va_list": 1]
        // Definitions claim their names before forward declarations, which then share them.
        var forwards: [BTFTypeID] = []
        for id in 1..<btf.nextTypeID {
            let type = try btf.type(id)
            guard !type.name.isEmpty else { continue }
            switch type.definition {
            case .forward:
                forwards.append(id)
            case .structure, .union, .enumeration, .enumeration64:
                if tagOwners[type.name] == nil { tagOwners[type.name] = (try tagKeyword(id), id) }
                names[id] = Self.unique(type.name, counts: &tagCounts)
            case .typedef:
                names[id] = Self.unique(type.name, counts: &ordinaryCounts)
            default: break
            }
        }
        for id in forwards {
            let name = try btf.name(of: id)
            if let owner = tagOwners[name], owner.keyword == (try tagKeyword(id)) {
                names[id] = names[owner.id]
            } else {
                if tagOwners[name] == nil { tagOwners[name] = (try tagKeyword(id), id) }
                names[id] = Self.unique(name, counts: &tagCounts)
            }
        }
        // Enumerators share the ordinary namespace with typedefs.
        enumeratorNames = [:]
        for id in 1..<btf.nextTypeID {
            switch try btf.type(id).definition {
            case .enumeration(let enumeration), .enumeration64(let enumeration):
                enumeratorNames[id] = enumeration.values.map { Self.unique($0.name, counts: &ordinaryCounts) }
            default: break
            }
        }
    }

    private var enumeratorNames: [BTFTypeID: [String]] = [:]

    private static func unique(_ name: String, counts: inout [String: Int]) -> String {
        let count = counts[name, default: 0] + 1
        counts[name] = count
        return count == 1 ? name : "\(name)___\(count)"
    }

    private func tagKeyword(_ id: BTFTypeID) throws(BTFError) -> String {
        switch try btf.type(id).definition {
        case .union, .forward(isUnion: true): "union"
        case .enumeration, .enumeration64: "enum"
        default: "struct"
        }
    }

    // MARK: - Ordering

    /// Makes sure `id` can be used: fully defined when `complete`, else at least declared.
    private mutating func require(_ id: BTFTypeID, complete: Bool) throws(BTFError) {
        guard id != 0 else { return }
        depth += 1
        defer { depth -= 1 }
        guard depth < Self.maximumDepth else { throw BTFError(.resolutionTooDeep(id)) }
        let type = try btf.type(id)
        switch type.definition {
        case .const(let target), .volatile(let target), .restrict(let target), .typeTag(let target):
            try require(target, complete: complete)
        case .pointer(let target):
            try require(target, complete: false)
        case .array(let array):
            try require(array.element, complete: true)
        case .typedef(let target):
            try declareTypedef(id)
            if complete { try require(target, complete: true) }
        case .structure(let composite), .union(let composite):
            if names[id] == nil {
                // Anonymous bodies are inlined wherever used; their needs are met once.
                guard requiredAnonymous.insert(id).inserted else { return }
                for member in composite.members { try require(member.type, complete: true) }
            } else if complete {
                try define(id)
            }
        case .functionPrototype(let prototype):
            try require(prototype.returnType, complete: false)
            for parameter in prototype.parameters { try require(parameter.type, complete: false) }
        default:
            break
        }
    }

    private mutating func declareTypedef(_ id: BTFTypeID) throws(BTFError) {
        guard !emitted.contains(id), !inProgress.contains(id), case .typedef(let target) = try btf.type(id).definition,
              let name = names[id] else { return }
        inProgress.insert(id)
        try require(target, complete: false)
        inProgress.remove(id)
        emitted.insert(id)
        output += "typedef \(try declaration(of: target, declarator: name, indent: 0));\n\n"
    }

    private mutating func define(_ id: BTFTypeID) throws(BTFError) {
        guard !emitted.contains(id), !inProgress.contains(id) else { return }
        switch try btf.type(id).definition {
        case .structure(let composite), .union(let composite): try defineComposite(id, composite)
        default: break
        }
    }

    private mutating func defineComposite(_ id: BTFTypeID, _ composite: BTFComposite) throws(BTFError) {
        inProgress.insert(id)
        for member in composite.members { try require(member.type, complete: true) }
        inProgress.remove(id)
        emitted.insert(id)
        output += try compositeBody(id, composite, indent: 0) + ";\n\n"
    }

    // MARK: - Text

    private func indentation(_ level: Int) -> String {
        String(repeating: "\t", count: level)
    }

    private func enumDefinition(_ id: BTFTypeID, _ enumeration: BTFEnumeration) throws(BTFError) -> String {
        var text = "enum"
        if let name = names[id] { text += " \(name)" }
        text += " {\n"
        let valueNames = enumeratorNames[id] ?? []
        for (index, value) in enumeration.values.enumerated() {
            let name = index < valueNames.count ? valueNames[index] : value.name
            let literal = enumeration.isSigned || value.value >= 0
                ? "\(value.value)" : "\(UInt64(bitPattern: value.value))ULL"
            text += "\t\(name) = \(literal == "-9223372036854775808" ? "(-9223372036854775807LL - 1)" : literal),\n"
        }
        text += "}"
        // A 1- or 2-byte enum needs packing to keep its size.
        if enumeration.size < 4 { text += " __attribute__((packed))" }
        return text
    }

    private mutating func compositeBody(_ id: BTFTypeID, _ composite: BTFComposite, indent: Int) throws(BTFError) -> String {
        let isUnion = try tagKeyword(id) == "union"
        let packed = isUnion ? false : try isPacked(composite)
        var text = isUnion ? "union" : "struct"
        if let name = names[id] { text += " \(name)" }
        text += " {\n"
        // Wrapping arithmetic: hostile sizes may give a nonsensical layout, never a trap.
        var endBit: UInt64 = 0
        for member in composite.members {
            let wanted = UInt64(member.bitOffset)
            if !isUnion && wanted > endBit {
                let natural: UInt64
                if member.bitfieldSize == 0 {
                    let alignment = packed ? 1 : try UInt64(btf.alignment(of: member.type, memo: &alignments))
                    natural = ((endBit &+ 7) / 8 &+ alignment &- 1) / alignment &* alignment &* 8
                } else {
                    // A bitfield continues at the current bit unless it would straddle a unit of its type.
                    let unit = UInt64(try btf.size(of: member.type)) &* 8
                    let straddles = !packed && unit > 0 && endBit / unit != (endBit &+ UInt64(member.bitfieldSize) &- 1) / unit
                    natural = straddles ? (endBit &+ unit &- 1) / unit &* unit : endBit
                }
                if wanted > natural { text += padding(from: endBit, to: wanted, indent: indent + 1) }
            }
            var declarator = try declaration(of: member.type, declarator: member.name, indent: indent + 1)
            if member.bitfieldSize != 0 { declarator += ": \(member.bitfieldSize)" }
            text += indentation(indent + 1) + declarator + ";\n"
            guard text.utf8.count <= expansionLimit else { throw BTFError(.sizeOverflow(id)) }
            let memberEnd = member.bitfieldSize != 0
                ? wanted &+ UInt64(member.bitfieldSize)
                : wanted &+ UInt64((try? btf.size(of: member.type)) ?? 0) &* 8
            endBit = isUnion ? max(endBit, memberEnd) : memberEnd
        }
        if !isUnion {
            let alignment = packed ? 1 : UInt64(try btf.alignment(of: id, memo: &alignments))
            let natural = ((endBit &+ 7) / 8 &+ alignment &- 1) / alignment &* alignment
            if UInt64(composite.size) > natural {
                text += padding(from: endBit, to: UInt64(composite.size) * 8, indent: indent + 1)
            }
        }
        text += indentation(indent) + "}"
        if packed { text += " __attribute__((packed))" }
        return text
    }

    /// Members that move the layout from bit `start` to bit `end`: unnamed
    /// char bitfields for partial bytes (they neither straddle nor add
    /// alignment) and a char array for whole bytes.
    private mutating func padding(from start: UInt64, to end: UInt64, indent: Int) -> String {
        var text = ""
        var position = start
        guard start < end else { return text }
        if position % 8 != 0 && position / 8 != end / 8 {
            text += indentation(indent) + "unsigned char: \(8 - position % 8);\n"
            position = (position + 7) / 8 * 8
        }
        if position / 8 < end / 8 {
            paddingCount += 1
            text += indentation(indent) + "char __pad\(paddingCount)[\(end / 8 - position / 8)];\n"
            position = end / 8 * 8
        }
        if position < end {
            text += indentation(indent) + "unsigned char: \(end - position);\n"
        }
        return text
    }

    /// Whether a plain member sits off its natural alignment or the size is not a multiple of it.
    private mutating func isPacked(_ composite: BTFComposite) throws(BTFError) -> Bool {
        var largest: UInt32 = 1
        for member in composite.members {
            let alignment = UInt32(try btf.alignment(of: member.type, memo: &alignments))
            if member.bitfieldSize == 0, member.bitOffset % (alignment * 8) != 0 { return true }
            largest = max(largest, alignment)
        }
        return composite.size % largest != 0
    }

    /// `type declarator` in C syntax, e.g. `int (*handler)(struct sk_buff *)`.
    private mutating func declaration(of id: BTFTypeID, declarator: String, indent: Int) throws(BTFError) -> String {
        func joined(_ base: String, _ declarator: String) -> String {
            declarator.isEmpty ? base : "\(base) \(declarator)"
        }
        guard id != 0 else { return joined("void", declarator) }
        depth += 1
        defer { depth -= 1 }
        guard depth < Self.maximumDepth else { throw BTFError(.resolutionTooDeep(id)) }
        let type = try btf.type(id)
        switch type.definition {
        case .int(let integer):
            return joined(Self.integerSpelling(type.name, integer), declarator)
        case .float:
            return joined(type.name, declarator)
        case .pointer(let target):
            let pointee = try btf.resolve(target)
            let wrapped: String
            if pointee != 0, [.array, .functionPrototype].contains(try btf.kind(of: pointee)) {
                wrapped = "(*\(declarator))"
            } else {
                wrapped = "*\(declarator)"
            }
            return try declaration(of: target, declarator: wrapped, indent: indent)
        case .const(let target), .volatile(let target), .restrict(let target):
            let qualifier = type.kind == .const ? "const" : type.kind == .volatile ? "volatile" : "restrict"
            if target != 0, try btf.kind(of: target) == .pointer {
                return try declaration(of: target, declarator: "\(qualifier) \(declarator)", indent: indent)
            }
            if target != 0, try btf.kind(of: btf.resolve(target)) == .functionPrototype {
                return try declaration(of: target, declarator: declarator, indent: indent)
            }
            return "\(qualifier) " + (try declaration(of: target, declarator: declarator, indent: indent))
        case .typeTag(let target):
            return try declaration(of: target, declarator: declarator, indent: indent)
        case .array(let array):
            return try declaration(of: array.element, declarator: "\(declarator)[\(array.count)]", indent: indent)
        case .typedef:
            return joined(names[id] ?? type.name, declarator)
        case .structure(let composite), .union(let composite):
            if let name = names[id] { return joined("\(try tagKeyword(id)) \(name)", declarator) }
            // C cannot spell an anonymous type that contains itself. Stopping at
            // the first repeat keeps such a (hostile) spec from nesting bodies,
            // ever wider, all the way down to the depth bound.
            guard inlining.insert(id).inserted else { throw BTFError(.resolutionTooDeep(id)) }
            defer { inlining.remove(id) }
            return joined(try compositeBody(id, composite, indent: indent), declarator)
        case .forward:
            return joined("\(try tagKeyword(id)) \(names[id] ?? type.name)", declarator)
        case .enumeration(let enumeration), .enumeration64(let enumeration):
            if let name = names[id], !anonymousEnums.contains(id) { return joined("enum \(name)", declarator) }
            return joined(Self.integerSpelling(size: enumeration.size, signed: enumeration.isSigned), declarator)
        case .functionPrototype(let prototype):
            var parameters: [String] = []
            for (index, parameter) in prototype.parameters.enumerated() {
                if index == prototype.parameters.count - 1, parameter.type == 0, parameter.name.isEmpty {
                    parameters.append("...")
                } else {
                    parameters.append(try declaration(of: parameter.type, declarator: "", indent: indent))
                }
            }
            let list = parameters.isEmpty ? "void" : parameters.joined(separator: ", ")
            return try declaration(of: prototype.returnType, declarator: "\(declarator)(\(list))", indent: indent)
        case .function, .variable, .dataSection, .declarationTag:
            throw BTFError(.unexpectedKind(id, type.kind))
        }
    }

    private static let cIntegerNames: Set<String> = [
        "_Bool", "char", "signed char", "unsigned char", "short int", "short unsigned int", "int", "unsigned int",
        "long int", "long unsigned int", "long long int", "long long unsigned int", "__int128", "__int128 unsigned",
    ]

    /// The BTF name when it is a C spelling, else one chosen from the size and signedness.
    private static func integerSpelling(_ name: String, _ integer: BTFInteger) -> String {
        if cIntegerNames.contains(name) { return name }
        if integer.encoding.contains(.bool) { return "_Bool" }
        return integerSpelling(size: integer.size, signed: integer.encoding.contains(.signed))
    }

    private static func integerSpelling(size: UInt32, signed: Bool) -> String {
        let base = switch size {
        case 1: "char"
        case 2: "short"
        case 8: "long long"
        case 16: "__int128"
        default: "int"
        }
        return signed ? (size == 1 ? "signed char" : base) : "unsigned \(base)"
    }
}
