/// One step of a CO-RE access: a named member of a struct or union, an
/// array element, or (for enum relocations) an enumerator.
struct COREAccessor: Hashable {
    /// The struct, union or enum the step indexes into, or the element type for array steps.
    var typeID: BTFTypeID
    /// The member, element or enumerator index.
    var index: Int
    /// The member or enumerator name; nil for array elements.
    var name: String?
}

/// A CO-RE access resolved against one BTF spec: libbpf's `bpf_core_spec`.
///
/// `raw` is the access string as numbers, one per level (anonymous
/// struct/union members included); `accessors` keeps only the steps that
/// carry meaning across specs (named members and array indices), which is
/// what the target must match.
struct COREAccessSpec {
    /// The type the access starts from (not resolved).
    var rootTypeID: BTFTypeID
    /// The relocation kind.
    var kind: CORERelocationKind
    /// The access string's indices (the low-level spec).
    var raw: [Int] = []
    /// The meaningful steps (the high-level spec).
    var accessors: [COREAccessor] = []
    /// The accessed field's offset from the root, in bits.
    var bitOffset: Int = 0

    /// libbpf's BPF_CORE_SPEC_MAX_LEN: the deepest access it follows.
    static let maximumLength = 64

    /// Parses `accessString` for a relocation of `kind` rooted at `rootTypeID` in the local BTF.
    init(parsing accessString: String, rootTypeID: BTFTypeID, kind: CORERelocationKind,
         in types: CORETypes) throws(COREError) {
        self.rootTypeID = rootTypeID
        self.kind = kind
        let bad = COREError(.badAccessString(accessString))
        guard !accessString.isEmpty, !accessString.hasPrefix(":") else { throw bad }
        if kind.family == .type {
            guard accessString == "0" else { throw bad }
            return
        }
        // Decimal indices separated by single colons, each fitting an Int32 as libbpf's %d reads them.
        raw.reserveCapacity(4)
        accessors.reserveCapacity(4)
        var index: Int?
        for byte in accessString.utf8 {
            if byte == UInt8(ascii: ":") {
                guard let complete = index, raw.count < Self.maximumLength else { throw bad }
                raw.append(complete)
                index = nil
                continue
            }
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { throw bad }
            let next = (index ?? 0) * 10 + Int(byte - UInt8(ascii: "0"))
            guard next <= Int(Int32.max) else { throw bad }
            index = next
        }
        guard let last = index, raw.count < Self.maximumLength else { throw bad }
        raw.append(last)
        let first = raw[0]

        var id = try types.resolve(rootTypeID)
        accessors.append(COREAccessor(typeID: id, index: first))

        if kind.family == .enumValue {
            guard raw.count == 1, let enumeration = try types.type(id)?.enumeration,
                  first < enumeration.values.count else { throw bad }
            accessors[0].name = enumeration.values[first].name
            return
        }

        bitOffset = try Self.elementBits(first, size: types.size(of: id))
        for index in raw.dropFirst() {
            id = try types.resolve(id)
            switch try types.type(id)?.definition {
            case .structure(let composite), .union(let composite):
                guard index < composite.members.count else { throw bad }
                let member = composite.members[index]
                bitOffset += Int(member.bitOffset)
                if !member.name.isEmpty {
                    accessors.append(COREAccessor(typeID: id, index: index, name: member.name))
                }
                id = member.type
            case .array(let array):
                id = try types.resolve(array.element)
                let flexible = try Self.isFlexibleArray(array, after: accessors.last, in: types)
                guard flexible || index < Int(array.count) else { throw bad }
                accessors.append(COREAccessor(typeID: id, index: index))
                bitOffset = try Self.adding(Self.elementBits(index, size: types.size(of: id)), to: bitOffset)
            default:
                throw bad
            }
        }
    }

    /// An empty spec for `rootTypeID` in another BTF, to be filled by matching.
    init(matchingRoot rootTypeID: BTFTypeID, kind: CORERelocationKind) {
        self.rootTypeID = rootTypeID
        self.kind = kind
        raw.reserveCapacity(4)
        accessors.reserveCapacity(4)
    }

    /// `index * size * 8`, or an error if it overflows.
    static func elementBits(_ index: Int, size: Int) throws(COREError) -> Int {
        let (bytes, overflow) = index.multipliedReportingOverflow(by: size)
        let (bits, overflow2) = bytes.multipliedReportingOverflow(by: 8)
        guard !overflow, !overflow2 else { throw COREError(.unsupportedAccess("offset overflows")) }
        return bits
    }

    static func adding(_ bits: Int, to offset: Int) throws(COREError) -> Int {
        let (sum, overflow) = offset.addingReportingOverflow(bits)
        guard !overflow else { throw COREError(.unsupportedAccess("offset overflows")) }
        return sum
    }

    /// Whether `array` is a flexible array member: zero elements, the last member of the
    /// struct the previous named accessor stepped into. Such arrays may be indexed past their end.
    static func isFlexibleArray(_ array: BTFArray, after accessor: COREAccessor?,
                                in types: CORETypes) throws(COREError) -> Bool {
        guard let accessor, accessor.name != nil, array.count == 0,
              let composite = try types.composite(accessor.typeID) else { return false }
        return accessor.index == composite.members.count - 1
    }

    /// The access in C notation from the root type: `struct task_struct.group_leader->pid` is
    /// written as libbpf does, `struct task_struct.pid`, `struct foo.arr[3]`, `enum bar::BAZ`.
    func description(in types: CORETypes) -> String {
        var text = types.displayName(rootTypeID)
        switch kind.family {
        case .type:
            return text
        case .enumValue:
            return text + "::" + (accessors.first?.name ?? "?")
        case .field:
            for (position, accessor) in accessors.enumerated() {
                if let name = accessor.name {
                    text += ".\(name)"
                } else if position > 0 || accessor.index > 0 {
                    text += "[\(accessor.index)]"
                }
            }
            return text
        }
    }

    /// The low-level access, `0:1:2`.
    var rawDescription: String { raw.map(String.init).joined(separator: ":") }
}

extension BTFType {
    /// The enumerators of an ENUM or ENUM64, or nil for other kinds.
    var enumeration: BTFEnumeration? {
        switch definition {
        case .enumeration(let enumeration), .enumeration64(let enumeration): enumeration
        default: nil
        }
    }
}
