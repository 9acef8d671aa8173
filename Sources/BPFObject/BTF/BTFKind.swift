/// A BTF type identifier. 0 is `void`; real types are numbered from 1.
public typealias BTFTypeID = UInt32

/// The kind of a BTF type record (`BTF_KIND_*`).
public enum BTFKind: UInt8, Hashable, Sendable, CaseIterable {
    /// BTF_KIND_INT.
    case int = 1
    /// BTF_KIND_PTR.
    case pointer = 2
    /// BTF_KIND_ARRAY.
    case array = 3
    /// BTF_KIND_STRUCT.
    case structure = 4
    /// BTF_KIND_UNION.
    case union = 5
    /// BTF_KIND_ENUM: enumerators of up to 32 bits.
    case enumeration = 6
    /// BTF_KIND_FWD: a forward declaration of a struct or union.
    case forward = 7
    /// BTF_KIND_TYPEDEF.
    case typedef = 8
    /// BTF_KIND_VOLATILE.
    case volatile = 9
    /// BTF_KIND_CONST.
    case const = 10
    /// BTF_KIND_RESTRICT.
    case restrict = 11
    /// BTF_KIND_FUNC: a function with a prototype and a linkage.
    case function = 12
    /// BTF_KIND_FUNC_PROTO.
    case functionPrototype = 13
    /// BTF_KIND_VAR: a global variable.
    case variable = 14
    /// BTF_KIND_DATASEC: a data section and the variables in it.
    case dataSection = 15
    /// BTF_KIND_FLOAT.
    case float = 16
    /// BTF_KIND_DECL_TAG: an annotation on a declaration.
    case declarationTag = 17
    /// BTF_KIND_TYPE_TAG: an annotation on a pointee type.
    case typeTag = 18
    /// BTF_KIND_ENUM64: enumerators of up to 64 bits.
    case enumeration64 = 19

    /// The kernel's spelling, as bpftool prints it (e.g. `FUNC_PROTO`).
    public var kernelName: String {
        switch self {
        case .int: "INT"
        case .pointer: "PTR"
        case .array: "ARRAY"
        case .structure: "STRUCT"
        case .union: "UNION"
        case .enumeration: "ENUM"
        case .forward: "FWD"
        case .typedef: "TYPEDEF"
        case .volatile: "VOLATILE"
        case .const: "CONST"
        case .restrict: "RESTRICT"
        case .function: "FUNC"
        case .functionPrototype: "FUNC_PROTO"
        case .variable: "VAR"
        case .dataSection: "DATASEC"
        case .float: "FLOAT"
        case .declarationTag: "DECL_TAG"
        case .typeTag: "TYPE_TAG"
        case .enumeration64: "ENUM64"
        }
    }

    /// The size of the fixed part that follows the 12-byte common header.
    var fixedTrailerSize: Int {
        switch self {
        case .int, .variable, .declarationTag: 4
        case .array: 12
        default: 0
        }
    }

    /// The size of one of the `vlen` entries that follow, or 0 if `vlen` counts none.
    var entrySize: Int {
        switch self {
        case .structure, .union, .dataSection, .enumeration64: 12
        case .enumeration, .functionPrototype: 8
        default: 0
        }
    }
}
