import BPFInstructions

/// The values one relocation patches: what the compiler put in the
/// instruction (from the local BTF) and what the target needs
/// (libbpf's `bpf_core_relo_res`).
struct COREValueCalculation: Equatable {
    /// The value the instruction must hold now, per the local BTF.
    var originalValue: UInt64 = 0
    /// The value to patch in.
    var newValue: UInt64 = 0
    /// The access cannot be satisfied: the instruction is to be poisoned.
    var poisoned = false
    /// Whether to check that the instruction holds ``originalValue`` (off for bitfields and type ids).
    var validates = true
    /// A load or store of this field would read a different width with a changed meaning.
    var failsMemorySizeAdjustment = false
    /// The field's size in the local and the target BTF, for loads and stores of it (0 when not a plain field).
    var originalSize = 0
    var newSize = 0

    /// Computes the values for `localSpec` against `targetSpec` (nil when no candidate matched).
    init(local localSpec: COREAccessSpec, in local: CORETypes, target targetSpec: COREAccessSpec?,
         in target: CORETypes, targetByteOrder: ByteOrder) throws(COREError) {
        switch localSpec.kind.family {
        case .field:
            let localField = try Self.field(localSpec, in: local, byteOrder: targetByteOrder)
            let targetField = try targetSpec.map { spec throws(COREError) in
                try Self.field(spec, in: target, byteOrder: targetByteOrder)
            }
            if localSpec.kind == .fieldExists {
                originalValue = 1
                newValue = targetField == nil ? 0 : 1
                return
            }
            // The local access always resolves; a missing target field poisons.
            originalValue = localField.value
            validates = localField.validates
            originalSize = localField.size
            guard let targetField else {
                poisoned = true
                return
            }
            newValue = targetField.value
            newSize = targetField.size
            if originalSize != newSize {
                // Only pointers and unsigned integers keep their meaning when read narrower or wider.
                let localType = try local.type(localField.typeID)?.definition
                let targetType = try target.type(targetField.typeID)?.definition
                switch (localType, targetType) {
                case (.pointer, .pointer): break
                case (.int(let localInteger), .int(let targetInteger))
                    where localInteger.encoding != .signed && targetInteger.encoding != .signed: break
                default: failsMemorySizeAdjustment = true
                }
            }
        case .type:
            originalValue = try Self.typeValue(localSpec, in: local)
            if localSpec.kind == .localTypeID {
                newValue = originalValue
                validates = false
                return
            }
            newValue = try targetSpec.map { spec throws(COREError) in try Self.typeValue(spec, in: target) } ?? 0
            validates = localSpec.kind != .targetTypeID
        case .enumValue:
            if localSpec.kind == .enumValueExists {
                originalValue = 1
                newValue = targetSpec == nil ? 0 : 1
                return
            }
            originalValue = try Self.enumValue(localSpec, in: local)
            guard let targetSpec else {
                poisoned = true
                return
            }
            newValue = try Self.enumValue(targetSpec, in: target)
        }
    }

    /// A field's value for the relocation kind, with the width and type a load of it uses.
    private struct FieldValue {
        var value: UInt64
        var size = 0
        var typeID: BTFTypeID = 0
        var validates = true
    }

    /// libbpf's bpf_core_calc_field_relo for one spec.
    private static func field(_ spec: COREAccessSpec, in types: CORETypes,
                              byteOrder: ByteOrder) throws(COREError) -> FieldValue {
        if spec.kind == .fieldExists { return FieldValue(value: 1) }
        guard let accessor = spec.accessors.last else { throw COREError(.unsupportedAccess("empty access")) }
        let bitOffset = UInt64(truncatingIfNeeded: spec.bitOffset)

        guard accessor.name != nil else {
            // An array element: only its offset and size are meaningful.
            let size = try types.size(of: accessor.typeID)
            switch spec.kind {
            case .fieldByteOffset:
                return FieldValue(value: bitOffset / 8, size: size, typeID: accessor.typeID)
            case .fieldByteSize:
                return FieldValue(value: UInt64(size))
            default:
                throw COREError(.unsupportedAccess("\(spec.kind) cannot be applied to an array element"))
            }
        }

        guard let composite = try types.composite(accessor.typeID), accessor.index < composite.members.count else {
            throw COREError(.unsupportedAccess("accessor does not name a member"))
        }
        let member = composite.members[accessor.index]
        let fieldTypeID = try types.resolve(member.type)
        let fieldType = try types.type(fieldTypeID)
        var bitSize = UInt64(member.bitfieldSize)
        let isBitfield = bitSize > 0
        var byteSize: UInt64
        var byteOffset: UInt64
        if isBitfield {
            // The smallest aligned load, starting at the declared type's width, that covers the bits.
            switch fieldType?.definition {
            case .int(let integer): byteSize = UInt64(integer.size)
            case .enumeration(let enumeration), .enumeration64(let enumeration): byteSize = UInt64(enumeration.size)
            default: throw COREError(.unsupportedAccess("bitfield of a type that is not an integer or enum"))
            }
            guard byteSize > 0 else { throw COREError(.unsupportedAccess("bitfield of a zero-sized type")) }
            byteOffset = bitOffset / 8 / byteSize * byteSize
            while bitOffset + bitSize - byteOffset * 8 > byteSize * 8 {
                guard byteSize < 8 else {
                    throw COREError(.unsupportedAccess("bitfield cannot be read with one 64-bit load"))
                }
                byteSize *= 2
                byteOffset = bitOffset / 8 / byteSize * byteSize
            }
        } else {
            byteSize = UInt64(try types.size(of: fieldTypeID))
            byteOffset = bitOffset / 8
            bitSize = byteSize &* 8
        }

        var result = FieldValue(value: 0, validates: !isBitfield)
        switch spec.kind {
        case .fieldByteOffset:
            result.value = byteOffset
            if !isBitfield {
                result.size = Int(byteSize)
                result.typeID = fieldTypeID
            }
        case .fieldByteSize:
            result.value = byteSize
        case .fieldSigned:
            switch fieldType?.definition {
            case .int(let integer): result.value = integer.encoding.contains(.signed) ? 1 : 0
            case .enumeration(let enumeration), .enumeration64(let enumeration): result.value = enumeration.isSigned ? 1 : 0
            default: result.value = 0
            }
            result.validates = true
        case .fieldLeftShift:
            result.value = byteOrder == .littleEndian
                ? 64 &- (bitOffset &+ bitSize &- byteOffset &* 8)
                : (8 &- byteSize) &* 8 &+ (bitOffset &- byteOffset &* 8)
        case .fieldRightShift:
            result.value = 64 &- bitSize
            result.validates = true
        default:
            throw COREError(.unknownKind(spec.kind.rawValue))
        }
        return result
    }

    /// libbpf's bpf_core_calc_type_relo for a spec that exists.
    private static func typeValue(_ spec: COREAccessSpec, in types: CORETypes) throws(COREError) -> UInt64 {
        switch spec.kind {
        case .localTypeID, .targetTypeID: UInt64(spec.rootTypeID)
        case .typeExists, .typeMatches: 1
        case .typeSize: UInt64(try types.size(of: spec.rootTypeID))
        default: throw COREError(.unknownKind(spec.kind.rawValue))
        }
    }

    /// The enumerator's value as libbpf reads it: 32-bit values sign-extended whatever the
    /// enum's signedness, 64-bit values as stored.
    private static func enumValue(_ spec: COREAccessSpec, in types: CORETypes) throws(COREError) -> UInt64 {
        guard let accessor = spec.accessors.first else { throw COREError(.unsupportedAccess("empty access")) }
        let type = try types.type(accessor.typeID)
        guard let enumeration = type?.enumeration, accessor.index < enumeration.values.count else {
            throw COREError(.unsupportedAccess("accessor does not name an enumerator"))
        }
        let value = enumeration.values[accessor.index].value
        if type?.kind == .enumeration {
            return UInt64(bitPattern: Int64(Int32(truncatingIfNeeded: value)))
        }
        return UInt64(bitPattern: value)
    }
}
