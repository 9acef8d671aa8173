/// What a CO-RE relocation asks about its target (`enum bpf_core_relo_kind`).
public enum CORERelocationKind: UInt32, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    /// BPF_CORE_FIELD_BYTE_OFFSET: the field's offset in bytes.
    case fieldByteOffset = 0
    /// BPF_CORE_FIELD_BYTE_SIZE: the field's size in bytes.
    case fieldByteSize = 1
    /// BPF_CORE_FIELD_EXISTS: 1 if the field exists in the target, else 0.
    case fieldExists = 2
    /// BPF_CORE_FIELD_SIGNED: 1 if the field is a signed integer or enum.
    case fieldSigned = 3
    /// BPF_CORE_FIELD_LSHIFT_U64: the left shift that brings a bitfield to the top of a u64.
    case fieldLeftShift = 4
    /// BPF_CORE_FIELD_RSHIFT_U64: the right shift that then brings it to the bottom.
    case fieldRightShift = 5
    /// BPF_CORE_TYPE_ID_LOCAL: the type's id in the object's own BTF.
    case localTypeID = 6
    /// BPF_CORE_TYPE_ID_TARGET: the matching type's id in the target BTF.
    case targetTypeID = 7
    /// BPF_CORE_TYPE_EXISTS: 1 if a compatible type exists in the target.
    case typeExists = 8
    /// BPF_CORE_TYPE_SIZE: the matching type's size in bytes.
    case typeSize = 9
    /// BPF_CORE_ENUMVAL_EXISTS: 1 if the enumerator exists in the target.
    case enumValueExists = 10
    /// BPF_CORE_ENUMVAL_VALUE: the enumerator's value in the target.
    case enumValue = 11
    /// BPF_CORE_TYPE_MATCHES: 1 if the type matches the target's strictly.
    case typeMatches = 12

    /// The accessor-based family this kind belongs to.
    enum Family {
        case field, type, enumValue
    }

    var family: Family {
        switch self {
        case .fieldByteOffset, .fieldByteSize, .fieldExists, .fieldSigned, .fieldLeftShift, .fieldRightShift: .field
        case .localTypeID, .targetTypeID, .typeExists, .typeSize, .typeMatches: .type
        case .enumValueExists, .enumValue: .enumValue
        }
    }

    /// libbpf's short name (`byte_off`, `field_exists`, `enumval_value`, ...).
    public var description: String {
        switch self {
        case .fieldByteOffset: "byte_off"
        case .fieldByteSize: "byte_sz"
        case .fieldExists: "field_exists"
        case .fieldSigned: "signed"
        case .fieldLeftShift: "lshift_u64"
        case .fieldRightShift: "rshift_u64"
        case .localTypeID: "local_type_id"
        case .targetTypeID: "target_type_id"
        case .typeExists: "type_exists"
        case .typeSize: "type_size"
        case .enumValueExists: "enumval_exists"
        case .enumValue: "enumval_value"
        case .typeMatches: "type_matches"
        }
    }

    /// The kind's `enum bpf_core_relo_kind` constant in lower case without
    /// its `BPF_CORE_` prefix (`field_byte_offset`, `type_id_local`, ...): the
    /// names `swiftbpf inspect` lists kinds by.
    public var name: String {
        switch self {
        case .fieldByteOffset: "field_byte_offset"
        case .fieldByteSize: "field_byte_size"
        case .fieldExists: "field_exists"
        case .fieldSigned: "field_signed"
        case .fieldLeftShift: "field_lshift_u64"
        case .fieldRightShift: "field_rshift_u64"
        case .localTypeID: "type_id_local"
        case .targetTypeID: "type_id_target"
        case .typeExists: "type_exists"
        case .typeSize: "type_size"
        case .enumValueExists: "enumval_exists"
        case .enumValue: "enumval_value"
        case .typeMatches: "type_matches"
        }
    }
}
