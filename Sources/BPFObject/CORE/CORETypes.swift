
/// One BTF spec as CO-RE reads it: each type is decoded once and kept,
/// because relocations keep returning to the same few structs (a kernel's
/// `task_struct` has hundreds of members).
///
/// A relocation pass owns the one for the object's BTF; a ``CORETarget``
/// owns the ones for its specs, shared by every pass against it. Either way
/// what it holds grows with the types relocations touch, never with the
/// size of the spec.
final class CORETypes: Sendable {
    let btf: BTF
    private let cache = PthreadMutex(Cache())

    private struct Cache {
        var decoded: [BTFTypeID: BTFType] = [:]
        var resolved: [BTFTypeID: BTFTypeID] = [:]
    }

    init(_ btf: BTF) {
        self.btf = btf
    }

    /// The decoded type `id`, or nil for `void` (id 0).
    func type(_ id: BTFTypeID) throws(COREError) -> BTFType? {
        guard id != 0 else { return nil }
        if let type = cache.withLock({ $0.decoded[id] }) { return type }
        let type = try COREError.wrapping { () throws(BTFError) in try btf.type(id) }
        cache.withLock { $0.decoded[id] = type }
        return type
    }

    /// The kind of `id`, nil for `void`.
    func kind(_ id: BTFTypeID) throws(COREError) -> BTFKind? {
        try type(id)?.kind
    }

    /// The name of `id` (empty for `void` and anonymous types).
    func name(_ id: BTFTypeID) throws(COREError) -> String {
        try type(id)?.name ?? ""
    }

    /// `id` with modifiers, type tags and typedefs skipped (libbpf's skip_mods_and_typedefs).
    func resolve(_ id: BTFTypeID) throws(COREError) -> BTFTypeID {
        if let target = cache.withLock({ $0.resolved[id] }) { return target }
        let target = try COREError.wrapping { () throws(BTFError) in try btf.resolve(id) }
        cache.withLock { $0.resolved[id] = target }
        return target
    }

    /// The struct or union `id` (after resolving), or nil if it is another kind.
    func composite(_ id: BTFTypeID) throws(COREError) -> BTFComposite? {
        switch try type(id)?.definition {
        case .structure(let composite), .union(let composite): composite
        default: nil
        }
    }

    /// The size in bytes of a value of type `id` (libbpf's btf__resolve_size).
    func size(of id: BTFTypeID) throws(COREError) -> Int {
        try COREError.wrapping { () throws(BTFError) in try btf.size(of: id) }
    }

    /// How the type is written in C for messages: `struct task_struct`, `enum foo`, `int *`.
    func displayName(_ id: BTFTypeID, depth: Int = 0) -> String {
        guard depth < BTF.maximumResolutionDepth, let type = try? type(id) else { return id == 0 ? "void" : "[\(id)]" }
        let name = type.name.isEmpty ? "<anon>" : type.name
        switch type.definition {
        case .structure: return "struct \(name)"
        case .union: return "union \(name)"
        case .enumeration, .enumeration64: return "enum \(name)"
        case .forward(let isUnion): return "\(isUnion ? "union" : "struct") \(name)"
        case .pointer(let target): return "\(displayName(target, depth: depth + 1)) *"
        default: return type.name.isEmpty ? type.kind.kernelName.lowercased() : type.name
        }
    }
}
