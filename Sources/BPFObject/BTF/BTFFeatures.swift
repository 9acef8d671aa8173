/// Which BTF kinds and encodings a kernel accepts.
///
/// The runtime fills this in by probing the kernel; ``BTFBuilder/sanitize(for:)``
/// rewrites what is missing into shapes older kernels accept.
public struct BTFFeatures: Hashable, Sendable {
    /// FUNC and FUNC_PROTO (Linux 5.0).
    public var functions: Bool
    /// FUNC with global linkage (Linux 5.6).
    public var globalFunctions: Bool
    /// VAR and DATASEC (Linux 5.2).
    public var dataSections: Bool
    /// FLOAT (Linux 5.13).
    public var floats: Bool
    /// DECL_TAG (Linux 5.16).
    public var declarationTags: Bool
    /// TYPE_TAG (Linux 5.17).
    public var typeTags: Bool
    /// ENUM64 and signed ENUM (Linux 6.0).
    public var enum64: Bool

    /// Creates a feature set; every feature defaults to present.
    public init(functions: Bool = true, globalFunctions: Bool = true, dataSections: Bool = true, floats: Bool = true,
                declarationTags: Bool = true, typeTags: Bool = true, enum64: Bool = true) {
        self.functions = functions
        self.globalFunctions = globalFunctions
        self.dataSections = dataSections
        self.floats = floats
        self.declarationTags = declarationTags
        self.typeTags = typeTags
        self.enum64 = enum64
    }

    /// A kernel that accepts every kind this library knows.
    public static let all = BTFFeatures()
    /// A kernel with only the original BTF kinds.
    public static let none = BTFFeatures(functions: false, globalFunctions: false, dataSections: false, floats: false,
                                         declarationTags: false, typeTags: false, enum64: false)
}
