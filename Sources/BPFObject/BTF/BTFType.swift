/// One decoded BTF type: its name and what it defines.
///
/// Type references are ids into the same spec (see ``BTF``). Values are
/// decoded on demand from the raw bytes and can also be built by hand for
/// ``BTFBuilder``.
public struct BTFType: Hashable, Sendable {
    /// The name; empty for anonymous types.
    public var name: String
    /// What the type defines.
    public var definition: Definition

    /// Creates a type with a name and a definition.
    public init(name: String = "", _ definition: Definition) {
        self.name = name
        self.definition = definition
    }

    /// The contents of each kind of BTF type.
    public enum Definition: Hashable, Sendable {
        /// An integer type.
        case int(BTFInteger)
        /// A pointer to the target type.
        case pointer(BTFTypeID)
        /// An array.
        case array(BTFArray)
        /// A struct.
        case structure(BTFComposite)
        /// A union.
        case union(BTFComposite)
        /// An enum whose values fit 32 bits (BTF_KIND_ENUM).
        case enumeration(BTFEnumeration)
        /// An enum with 64-bit values (BTF_KIND_ENUM64).
        case enumeration64(BTFEnumeration)
        /// A forward declaration of a struct, or of a union when `isUnion`.
        case forward(isUnion: Bool)
        /// A typedef naming the target type.
        case typedef(BTFTypeID)
        /// The target type qualified `volatile`.
        case volatile(BTFTypeID)
        /// The target type qualified `const`.
        case const(BTFTypeID)
        /// The target (pointer) type qualified `restrict`.
        case restrict(BTFTypeID)
        /// A function: its prototype and linkage.
        case function(prototype: BTFTypeID, linkage: BTFFunctionLinkage)
        /// A function prototype.
        case functionPrototype(BTFFunctionPrototype)
        /// A global variable of the given type.
        case variable(type: BTFTypeID, linkage: BTFVariableLinkage)
        /// A data section and the variables placed in it.
        case dataSection(BTFDataSection)
        /// A floating-point type of `size` bytes.
        case float(size: UInt32)
        /// A tag on the target declaration, or on one of its members or parameters (-1 for the whole).
        case declarationTag(target: BTFTypeID, componentIndex: Int32)
        /// A tag on the target type.
        case typeTag(BTFTypeID)
    }

    /// The kind of record this type is encoded as.
    public var kind: BTFKind {
        switch definition {
        case .int: .int
        case .pointer: .pointer
        case .array: .array
        case .structure: .structure
        case .union: .union
        case .enumeration: .enumeration
        case .enumeration64: .enumeration64
        case .forward: .forward
        case .typedef: .typedef
        case .volatile: .volatile
        case .const: .const
        case .restrict: .restrict
        case .function: .function
        case .functionPrototype: .functionPrototype
        case .variable: .variable
        case .dataSection: .dataSection
        case .float: .float
        case .declarationTag: .declarationTag
        case .typeTag: .typeTag
        }
    }
}

/// The contents of an INT type.
public struct BTFInteger: Hashable, Sendable {
    /// The storage size in bytes.
    public var size: UInt32
    /// Signedness, char or bool.
    public var encoding: Encoding
    /// The bit offset of the value within its storage (0 for every compiler-emitted type).
    public var bitOffset: UInt8
    /// The number of value bits.
    public var bitCount: UInt8

    /// Creates an integer description.
    public init(size: UInt32, encoding: Encoding, bitOffset: UInt8 = 0, bitCount: UInt8) {
        self.size = size
        self.encoding = encoding
        self.bitOffset = bitOffset
        self.bitCount = bitCount
    }

    /// The encoding bits of an INT (`BTF_INT_SIGNED`, `BTF_INT_CHAR`, `BTF_INT_BOOL`).
    public struct Encoding: OptionSet, Hashable, Sendable {
        /// The raw four bits.
        public var rawValue: UInt8
        /// Creates an encoding from its raw bits.
        public init(rawValue: UInt8) { self.rawValue = rawValue }
        /// BTF_INT_SIGNED.
        public static let signed = Encoding(rawValue: 1)
        /// BTF_INT_CHAR.
        public static let char = Encoding(rawValue: 2)
        /// BTF_INT_BOOL.
        public static let bool = Encoding(rawValue: 4)
    }
}

/// The contents of an ARRAY type.
public struct BTFArray: Hashable, Sendable {
    /// The element type.
    public var element: BTFTypeID
    /// The index type (an INT).
    public var index: BTFTypeID
    /// The number of elements.
    public var count: UInt32

    /// Creates an array description.
    public init(element: BTFTypeID, index: BTFTypeID, count: UInt32) {
        self.element = element
        self.index = index
        self.count = count
    }
}

/// The contents of a STRUCT or UNION.
public struct BTFComposite: Hashable, Sendable {
    /// The size in bytes.
    public var size: UInt32
    /// The kind flag: member offsets pack a bitfield size in their top 8 bits.
    public var hasBitfieldSizes: Bool
    /// The members in declaration order.
    public var members: [BTFMember]

    /// Creates a struct or union description.
    public init(size: UInt32, hasBitfieldSizes: Bool = false, members: [BTFMember]) {
        self.size = size
        self.hasBitfieldSizes = hasBitfieldSizes
        self.members = members
    }
}

/// One member of a STRUCT or UNION.
public struct BTFMember: Hashable, Sendable {
    /// The name; empty for anonymous members.
    public var name: String
    /// The member's type.
    public var type: BTFTypeID
    /// The offset from the start of the composite, in bits.
    public var bitOffset: UInt32
    /// The width of a bitfield, or 0 for a plain member.
    public var bitfieldSize: UInt8

    /// Creates a member.
    public init(name: String, type: BTFTypeID, bitOffset: UInt32, bitfieldSize: UInt8 = 0) {
        self.name = name
        self.type = type
        self.bitOffset = bitOffset
        self.bitfieldSize = bitfieldSize
    }
}

/// The contents of an ENUM or ENUM64.
public struct BTFEnumeration: Hashable, Sendable {
    /// The size in bytes.
    public var size: UInt32
    /// The kind flag: the values are signed.
    public var isSigned: Bool
    /// The enumerators in declaration order.
    public var values: [BTFEnumValue]

    /// Creates an enum description.
    public init(size: UInt32, isSigned: Bool, values: [BTFEnumValue]) {
        self.size = size
        self.isSigned = isSigned
        self.values = values
    }
}

/// One enumerator. The value holds the stored bits, sign-extended for
/// signed 32-bit enums and reinterpreted as signed for ENUM64.
public struct BTFEnumValue: Hashable, Sendable {
    /// The enumerator's name.
    public var name: String
    /// The value.
    public var value: Int64

    /// Creates an enumerator.
    public init(name: String, value: Int64) {
        self.name = name
        self.value = value
    }
}

/// The contents of a FUNC_PROTO.
public struct BTFFunctionPrototype: Hashable, Sendable {
    /// The return type (0 for void).
    public var returnType: BTFTypeID
    /// The parameters; a last one with type 0 and no name means `...`.
    public var parameters: [BTFParameter]

    /// Creates a prototype.
    public init(returnType: BTFTypeID, parameters: [BTFParameter]) {
        self.returnType = returnType
        self.parameters = parameters
    }
}

/// One parameter of a FUNC_PROTO.
public struct BTFParameter: Hashable, Sendable {
    /// The name; may be empty.
    public var name: String
    /// The type; 0 together with an empty name marks varargs.
    public var type: BTFTypeID

    /// Creates a parameter.
    public init(name: String, type: BTFTypeID) {
        self.name = name
        self.type = type
    }
}

/// The contents of a DATASEC.
public struct BTFDataSection: Hashable, Sendable {
    /// The section size in bytes (0 in objects until the loader fixes it up).
    public var size: UInt32
    /// The variables placed in the section.
    public var variables: [BTFSectionVariable]

    /// Creates a data section description.
    public init(size: UInt32, variables: [BTFSectionVariable]) {
        self.size = size
        self.variables = variables
    }
}

/// One variable in a DATASEC.
public struct BTFSectionVariable: Hashable, Sendable {
    /// The VAR (or FUNC, for extern functions) type.
    public var type: BTFTypeID
    /// The byte offset in the section.
    public var offset: UInt32
    /// The size in bytes.
    public var size: UInt32

    /// Creates a section variable.
    public init(type: BTFTypeID, offset: UInt32, size: UInt32) {
        self.type = type
        self.offset = offset
        self.size = size
    }
}

/// The linkage of a FUNC (its `vlen`).
public struct BTFFunctionLinkage: RawRepresentable, Hashable, Sendable {
    /// The raw linkage.
    public var rawValue: UInt16
    /// Creates a linkage from its raw value.
    public init(rawValue: UInt16) { self.rawValue = rawValue }
    /// BTF_FUNC_STATIC.
    public static let `static` = BTFFunctionLinkage(rawValue: 0)
    /// BTF_FUNC_GLOBAL.
    public static let global = BTFFunctionLinkage(rawValue: 1)
    /// BTF_FUNC_EXTERN.
    public static let external = BTFFunctionLinkage(rawValue: 2)
}

/// The linkage of a VAR.
public struct BTFVariableLinkage: RawRepresentable, Hashable, Sendable {
    /// The raw linkage.
    public var rawValue: UInt32
    /// Creates a linkage from its raw value.
    public init(rawValue: UInt32) { self.rawValue = rawValue }
    /// BTF_VAR_STATIC.
    public static let `static` = BTFVariableLinkage(rawValue: 0)
    /// BTF_VAR_GLOBAL_ALLOCATED.
    public static let global = BTFVariableLinkage(rawValue: 1)
    /// BTF_VAR_GLOBAL_EXTERN.
    public static let external = BTFVariableLinkage(rawValue: 2)
}
