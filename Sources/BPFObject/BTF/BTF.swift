import BPFInstructions
import Glibc

/// A parsed BTF blob (`.BTF` of an object, or a kernel's `/sys/kernel/btf/*`).
///
/// Parsing is one pass that checks the header, the string section and every
/// type record's bounds and kind, and records where each record starts in a
/// flat array. Types are decoded only when asked for, and the name index is
/// built on the first lookup by name. This keeps a parse of the kernel's
/// 100,000+ types cheap in time and memory.
///
/// Split BTF (a kernel module's) is parsed on top of its base: type ids and
/// string offsets continue where the base's end.
public final class BTF: Sendable {
    /// The byte order of the data (from the magic).
    public let byteOrder: ByteOrder
    /// The base spec of split BTF, or nil.
    public let base: BTF?
    /// The id of this spec's first own type: 1, or one past the base's last type.
    public let firstTypeID: BTFTypeID
    /// The header's flags byte.
    public let flags: UInt8

    let bytes: [UInt8]
    let typesRange: Range<Int>
    let stringsRange: Range<Int>
    /// String offsets below this belong to the base.
    let stringBase: UInt32
    /// The absolute byte offset of each own type record, in id order.
    let typeOffsets: [UInt32]
    private let nameIndex = PthreadMutex<BTFNameIndex?>(nil)

    /// The BTF magic as stored in the header's first field.
    public static let magic: UInt16 = 0xeb9f
    static let headerSize = 24
    /// How many modifiers or typedefs a resolution follows before calling it a loop.
    static let maximumResolutionDepth = 32

    typealias Cursor = ByteCursor<BTFError>

    private init(bytes: [UInt8], byteOrder: ByteOrder, base: BTF?, flags: UInt8, typesRange: Range<Int>,
                 stringsRange: Range<Int>, typeOffsets: [UInt32]) {
        self.bytes = bytes
        self.byteOrder = byteOrder
        self.base = base
        self.flags = flags
        self.typesRange = typesRange
        self.stringsRange = stringsRange
        self.typeOffsets = typeOffsets
        self.firstTypeID = base?.nextTypeID ?? 1
        self.stringBase = base?.stringLimit ?? 0
    }

    /// Parses `bytes` as BTF, on top of `base` for split BTF.
    ///
    /// The byte order comes from the magic. Every record's extent, kind and
    /// name offset is checked; member names and type references are checked
    /// when a type is decoded.
    public static func parse(bytes: [UInt8], base: BTF? = nil) throws(BTFError) -> BTF {
        var cursor = try headerCursor(bytes)
        let byteOrder = cursor.byteOrder
        let flags: UInt8 = try cursor.read()
        let headerLength: UInt32 = try cursor.read()
        let typeOffset: UInt32 = try cursor.read()
        let typeLength: UInt32 = try cursor.read()
        let stringOffset: UInt32 = try cursor.read()
        let stringLength: UInt32 = try cursor.read()
        guard headerLength >= headerSize else { throw BTFError(.badHeader, offset: 4) }
        let typesRange = try sectionRange(headerLength, typeOffset, typeLength, in: bytes, fieldOffset: 8)
        let stringsRange = try sectionRange(headerLength, stringOffset, stringLength, in: bytes, fieldOffset: 16)

        if stringsRange.isEmpty {
            guard base != nil else { throw BTFError(.badStringSection, offset: stringsRange.lowerBound) }
        } else {
            guard bytes[stringsRange.upperBound - 1] == 0, base != nil || bytes[stringsRange.lowerBound] == 0 else {
                throw BTFError(.badStringSection, offset: stringsRange.lowerBound)
            }
        }
        let stringLimit = UInt64(base?.stringLimit ?? 0) + UInt64(stringsRange.count)
        guard stringLimit <= UInt64(UInt32.max) else { throw BTFError(.badHeader, offset: 16) }

        let typeOffsets = try indexTypes(bytes, byteOrder: byteOrder, range: typesRange,
                                         stringLimit: UInt32(stringLimit))
        let firstID = UInt64(base?.nextTypeID ?? 1)
        guard firstID + UInt64(typeOffsets.count) <= UInt64(UInt32.max) else {
            throw BTFError(.tooManyTypes, offset: typesRange.lowerBound)
        }
        return BTF(bytes: bytes, byteOrder: byteOrder, base: base, flags: flags, typesRange: typesRange,
                   stringsRange: stringsRange, typeOffsets: typeOffsets)
    }

    /// A cursor in the byte order the magic shows, placed after the magic and
    /// the version; `.BTF` and `.BTF.ext` share this start.
    static func headerCursor(_ bytes: [UInt8]) throws(BTFError) -> Cursor {
        let probe = Cursor(bytes: bytes, byteOrder: .littleEndian)
        let rawMagic: UInt16 = try probe.peek(at: 0)
        let byteOrder: ByteOrder
        switch rawMagic {
        case magic: byteOrder = .littleEndian
        case magic.byteSwapped: byteOrder = .bigEndian
        default: throw BTFError(.badMagic(rawMagic), offset: 0)
        }
        var cursor = Cursor(bytes: bytes, byteOrder: byteOrder)
        try cursor.skip(2)
        let version: UInt8 = try cursor.read()
        guard version == 1 else { throw BTFError(.unsupportedVersion(version), offset: 2) }
        return cursor
    }

    private static func sectionRange(_ headerLength: UInt32, _ offset: UInt32, _ length: UInt32, in bytes: [UInt8],
                                     fieldOffset: Int) throws(BTFError) -> Range<Int> {
        let start = UInt64(headerLength) + UInt64(offset)
        let end = start + UInt64(length)
        guard end <= UInt64(bytes.count), let lower = Int(exactly: start), let upper = Int(exactly: end) else {
            throw BTFError(.badHeader, offset: fieldOffset)
        }
        return lower..<upper
    }

    /// Walks the type section once, checking each record and noting where it starts.
    private static func indexTypes(_ bytes: [UInt8], byteOrder: ByteOrder, range: Range<Int>,
                                   stringLimit: UInt32) throws(BTFError) -> [UInt32] {
        guard range.upperBound <= Int(UInt32.max) else { throw BTFError(.badHeader, offset: 12) }
        let swapped = byteOrder != ByteOrder.host
        // The hot loop of every parse: one unsafe view, with explicit bounds checks per record.
        let result: Result<[UInt32], BTFError> = bytes.withUnsafeBytes { raw in
            func word(_ position: Int) -> UInt32 {
                let value = raw.loadUnaligned(fromByteOffset: position, as: UInt32.self)
                return swapped ? value.byteSwapped : value
            }
            var offsets: [UInt32] = []
            var position = range.lowerBound
            // Each record is at least 12 bytes, so this runs at most (length / 12) times.
            while position < range.upperBound {
                guard range.upperBound - position >= 12 else {
                    return .failure(.truncated(offset: position, needed: 12))
                }
                let nameOffset = word(position)
                let info = word(position + 4)
                let rawKind = UInt8(truncatingIfNeeded: info >> 24) & 0x1f
                guard let kind = BTFKind(rawValue: rawKind) else {
                    return .failure(BTFError(.unknownKind(rawKind), offset: position + 4))
                }
                guard nameOffset < stringLimit else {
                    return .failure(BTFError(.stringOffsetOutOfRange(nameOffset), offset: position))
                }
                let length = 12 + kind.fixedTrailerSize + Int(info & 0xffff) * kind.entrySize
                guard length <= range.upperBound - position else {
                    return .failure(.truncated(offset: position, needed: length))
                }
                offsets.append(UInt32(truncatingIfNeeded: position))
                position += length
            }
            return .success(offsets)
        }
        return try result.get()
    }

    // MARK: - Ids and strings

    /// One past the last type id of this spec (and its base).
    public var nextTypeID: BTFTypeID { firstTypeID + BTFTypeID(truncatingIfNeeded: typeOffsets.count) }

    /// The ids of this spec's own types (not the base's).
    public var ownTypeIDs: Range<BTFTypeID> { firstTypeID..<nextTypeID }

    /// The number of types, the base's included, not counting `void`.
    public var typeCount: Int { Int(nextTypeID) - 1 }

    /// One past the last valid string offset.
    var stringLimit: UInt32 { stringBase + UInt32(truncatingIfNeeded: stringsRange.count) }

    /// The string at `offset` in the string section (the base's, for small offsets of split BTF).
    public func string(at offset: UInt32) throws(BTFError) -> String {
        guard let text = withStringBytes(at: offset, { String(decoding: $0, as: UTF8.self) }) else {
            throw BTFError(.stringOffsetOutOfRange(offset))
        }
        return text
    }

    /// Calls `body` with the bytes of the string at `offset`, without its NUL, or returns nil if out of range.
    func withStringBytes<T>(at offset: UInt32, _ body: (UnsafeBufferPointer<UInt8>) -> T) -> T? {
        if offset < stringBase { return base?.withStringBytes(at: offset, body) }
        let local = Int(offset - stringBase)
        guard local < stringsRange.count else { return nil }
        let start = stringsRange.lowerBound + local
        return bytes.withUnsafeBufferPointer { buffer in
            // The parse checked the section ends with NUL, so the search stops inside it.
            // memchr, not a loop: names are read for every decoded type and member, and a
            // byte loop costs a compare per byte (in a fuzzer build, a callback per byte).
            let rest = UnsafeBufferPointer(rebasing: buffer[start..<stringsRange.upperBound])
            guard let first = rest.baseAddress, let nul = memchr(first, 0, rest.count) else { return body(rest) }
            return body(UnsafeBufferPointer(start: first, count: first.distance(to: nul.assumingMemoryBound(to: UInt8.self))))
        }
    }

    /// The spec that holds `id` and the byte offset of its record there.
    func locate(_ id: BTFTypeID) throws(BTFError) -> (spec: BTF, offset: Int) {
        if id < firstTypeID {
            guard let base, id != 0 else { throw BTFError(.invalidTypeID(id)) }
            return try base.locate(id)
        }
        let index = Int(id - firstTypeID)
        guard index < typeOffsets.count else { throw BTFError(.invalidTypeID(id)) }
        return (self, Int(typeOffsets[index]))
    }

    /// The raw header words of a record: name offset, info, and size-or-type.
    func recordHeader(at offset: Int) -> (nameOffset: UInt32, info: UInt32, sizeOrType: UInt32) {
        // indexTypes proved every recorded offset has a full 12-byte header.
        bytes.withUnsafeBytes { raw in
            let load = { (at: Int) -> UInt32 in
                let value = raw.loadUnaligned(fromByteOffset: offset + at, as: UInt32.self)
                return self.byteOrder == .littleEndian ? UInt32(littleEndian: value) : UInt32(bigEndian: value)
            }
            return (load(0), load(4), load(8))
        }
    }

    /// The kind of type `id`.
    public func kind(of id: BTFTypeID) throws(BTFError) -> BTFKind {
        let (spec, offset) = try locate(id)
        // indexTypes accepted only known kinds.
        return BTFKind(rawValue: UInt8(truncatingIfNeeded: spec.recordHeader(at: offset).info >> 24) & 0x1f) ?? .int
    }

    /// The name of type `id` (empty when anonymous).
    public func name(of id: BTFTypeID) throws(BTFError) -> String {
        let (spec, offset) = try locate(id)
        return try spec.string(at: spec.recordHeader(at: offset).nameOffset)
    }

    // MARK: - Decoding

    /// Decodes type `id`. Id 0 (`void`) has no record and is an error.
    public func type(_ id: BTFTypeID) throws(BTFError) -> BTFType {
        let (spec, offset) = try locate(id)
        return try spec.decode(at: offset)
    }

    private func decode(at offset: Int) throws(BTFError) -> BTFType {
        var cursor = try Cursor(bytes: bytes, byteOrder: byteOrder, range: offset..<typesRange.upperBound)
        let nameOffset: UInt32 = try cursor.read()
        let info: UInt32 = try cursor.read()
        let sizeOrType: UInt32 = try cursor.read()
        let rawKind = UInt8(truncatingIfNeeded: info >> 24) & 0x1f
        guard let kind = BTFKind(rawValue: rawKind) else { throw BTFError(.unknownKind(rawKind), offset: offset + 4) }
        // indexTypes proved the record's `count` entries lie inside the type
        // section, so reserving them up front is bounded by the input's size;
        // growing instead cost several allocations per struct or enum.
        let count = Int(info & 0xffff)
        let kindFlag = info >> 31 == 1
        let name = try string(at: nameOffset)

        func entryName(_ entryOffset: UInt32, at position: Int) throws(BTFError) -> String {
            do throws(BTFError) { return try string(at: entryOffset) } catch {
                throw BTFError(error.reason, offset: position)
            }
        }

        let definition: BTFType.Definition
        switch kind {
        case .int:
            let word: UInt32 = try cursor.read()
            definition = .int(BTFInteger(size: sizeOrType, encoding: .init(rawValue: UInt8(truncatingIfNeeded: word >> 24) & 0xf),
                                         bitOffset: UInt8(truncatingIfNeeded: word >> 16),
                                         bitCount: UInt8(truncatingIfNeeded: word)))
        case .pointer: definition = .pointer(sizeOrType)
        case .array:
            definition = .array(BTFArray(element: try cursor.read(), index: try cursor.read(), count: try cursor.read()))
        case .structure, .union:
            var members: [BTFMember] = []
            members.reserveCapacity(count)
            for _ in 0..<count {
                let position = cursor.offset
                let memberName = try entryName(try cursor.read(), at: position)
                let type: UInt32 = try cursor.read()
                let rawOffset: UInt32 = try cursor.read()
                members.append(kindFlag
                    ? BTFMember(name: memberName, type: type, bitOffset: rawOffset & 0xff_ffff,
                                bitfieldSize: UInt8(truncatingIfNeeded: rawOffset >> 24))
                    : BTFMember(name: memberName, type: type, bitOffset: rawOffset))
            }
            let composite = BTFComposite(size: sizeOrType, hasBitfieldSizes: kindFlag, members: members)
            definition = kind == .structure ? .structure(composite) : .union(composite)
        case .enumeration:
            var values: [BTFEnumValue] = []
            values.reserveCapacity(count)
            for _ in 0..<count {
                let position = cursor.offset
                let valueName = try entryName(try cursor.read(), at: position)
                let raw: UInt32 = try cursor.read()
                values.append(BTFEnumValue(name: valueName, value: kindFlag ? Int64(Int32(bitPattern: raw)) : Int64(raw)))
            }
            definition = .enumeration(BTFEnumeration(size: sizeOrType, isSigned: kindFlag, values: values))
        case .enumeration64:
            var values: [BTFEnumValue] = []
            values.reserveCapacity(count)
            for _ in 0..<count {
                let position = cursor.offset
                let valueName = try entryName(try cursor.read(), at: position)
                let low: UInt32 = try cursor.read()
                let high: UInt32 = try cursor.read()
                values.append(BTFEnumValue(name: valueName, value: Int64(bitPattern: UInt64(high) << 32 | UInt64(low))))
            }
            definition = .enumeration64(BTFEnumeration(size: sizeOrType, isSigned: kindFlag, values: values))
        case .forward: definition = .forward(isUnion: kindFlag)
        case .typedef: definition = .typedef(sizeOrType)
        case .volatile: definition = .volatile(sizeOrType)
        case .const: definition = .const(sizeOrType)
        case .restrict: definition = .restrict(sizeOrType)
        case .function:
            definition = .function(prototype: sizeOrType, linkage: BTFFunctionLinkage(rawValue: UInt16(count)))
        case .functionPrototype:
            var parameters: [BTFParameter] = []
            parameters.reserveCapacity(count)
            for _ in 0..<count {
                let position = cursor.offset
                let parameterName = try entryName(try cursor.read(), at: position)
                parameters.append(BTFParameter(name: parameterName, type: try cursor.read()))
            }
            definition = .functionPrototype(BTFFunctionPrototype(returnType: sizeOrType, parameters: parameters))
        case .variable:
            definition = .variable(type: sizeOrType, linkage: BTFVariableLinkage(rawValue: try cursor.read()))
        case .dataSection:
            var variables: [BTFSectionVariable] = []
            variables.reserveCapacity(count)
            for _ in 0..<count {
                variables.append(BTFSectionVariable(type: try cursor.read(), offset: try cursor.read(), size: try cursor.read()))
            }
            definition = .dataSection(BTFDataSection(size: sizeOrType, variables: variables))
        case .float: definition = .float(size: sizeOrType)
        case .declarationTag:
            definition = .declarationTag(target: sizeOrType, componentIndex: try cursor.read())
        case .typeTag: definition = .typeTag(sizeOrType)
        }
        return BTFType(name: name, definition)
    }

    // MARK: - Lookup by name

    /// The ids of every type named `name`, the base's first, in id order.
    public func typeIDs(named name: String) -> [BTFTypeID] {
        var result = base?.typeIDs(named: name) ?? []
        var own: [BTFTypeID] = []
        withNameIndex { $0.forEachType(named: name, in: self) { own.append($0) } }
        result.append(contentsOf: own.sorted())
        return result
    }

    /// The lowest id of a type named `name` of the given kind, the base's before this spec's.
    ///
    /// Allocates nothing once the name index exists.
    public func typeID(named name: String, kind: BTFKind) -> BTFTypeID? {
        if let found = base?.typeID(named: name, kind: kind) { return found }
        if typeOffsets.count <= Self.scannedTypeLimit, !nameIndex.withLock({ $0 != nil }) {
            return firstTypeID(named: name, kind: kind)
        }
        var lowest: BTFTypeID?
        withNameIndex { index in
            index.forEachType(named: name, in: self) { id in
                if (try? self.kind(of: id)) == kind, id < (lowest ?? .max) { lowest = id }
            }
        }
        return lowest
    }

    /// The ids of every type whose essential name (see ``essentialNameLength(_:)``)
    /// equals that of `name`, in id order: `task_struct` finds `task_struct`
    /// and `task_struct___v2`. CO-RE looks up its candidates this way.
    ///
    /// The base's types are included unless `includingBase` is false (a
    /// module's own types only). Anonymous types are never returned.
    public func typeIDs(withEssentialNameOf name: String, includingBase: Bool = true) -> [BTFTypeID] {
        var result = includingBase ? base?.typeIDs(withEssentialNameOf: name) ?? [] : []
        var own: [BTFTypeID] = []
        withNameIndex { $0.forEachType(withEssentialNameOf: name, in: self) { own.append($0) } }
        result.append(contentsOf: own.sorted())
        return result
    }

    /// The length of the essential part of a type or member name: everything
    /// before the last `X___Y` flavor separator (X and Y not underscores),
    /// or the whole name. libbpf ignores the flavor when matching CO-RE names.
    public static func essentialNameLength(_ name: UnsafeBufferPointer<UInt8>) -> Int {
        let underscore = UInt8(ascii: "_")
        var start = name.count - 5
        while start >= 0 {
            if name[start] != underscore, name[start + 1] == underscore, name[start + 2] == underscore,
               name[start + 3] == underscore, name[start + 4] != underscore {
                return start + 1
            }
            start -= 1
        }
        return name.count
    }

    /// The essential part of `name` (see ``essentialNameLength(_:)``).
    public static func essentialName(_ name: String) -> Substring {
        var copy = name
        let length = copy.withUTF8 { essentialNameLength($0) }
        return Substring(name.utf8.prefix(length))
    }

    /// Up to this many types, a lookup by name and kind walks the records
    /// instead of building the name index: an object's BTF has a few hundred
    /// types at most, is asked for a handful of names (DATASECs, `.maps`
    /// structs), and most records are skipped on their kind alone.
    private static let scannedTypeLimit = 1024

    /// The lowest of this spec's own ids with `name` and `kind`, by walking the records.
    private func firstTypeID(named name: String, kind: BTFKind) -> BTFTypeID? {
        var name = name
        return name.withUTF8 { query in
            // Anonymous types have no name to be found by, as in the index.
            guard !query.isEmpty else { return nil }
            for (index, offset) in typeOffsets.enumerated() {
                let header = recordHeader(at: Int(offset))
                guard UInt8(truncatingIfNeeded: header.info >> 24) & 0x1f == kind.rawValue,
                      withStringBytes(at: header.nameOffset, { $0.elementsEqual(query) }) == true else { continue }
                return firstTypeID + BTFTypeID(index)
            }
            return nil
        }
    }

    /// Runs `body` with the name index, building it on first use.
    private func withNameIndex(_ body: (BTFNameIndex) -> Void) {
        let index = nameIndex.withLock { stored in
            if let stored { return stored }
            let built = BTFNameIndex(spec: self)
            stored = built
            return built
        }
        body(index)
    }
}
