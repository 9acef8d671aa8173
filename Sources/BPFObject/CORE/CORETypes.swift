/// One BTF spec as a CO-RE pass reads it: each type is decoded once per pass
/// and kept, because relocations of one object keep returning to the same
/// few structs (a kernel's `task_struct` has hundreds of members).
///
/// Lives for one relocation pass, so what it holds grows with the types the
/// relocations touch, never with the size of the spec.
final class CORETypes {
    let btf: BTF
    private var decoded: [BTFTypeID: BTFType] = [:]
    private var resolved: [BTFTypeID: BTFTypeID] = [:]

    init(_ btf: BTF) {
        self.btf = btf
    }

    /// The decoded type `id`, or nil for `void` (id 0).
    func type(_ id: BTFTypeID) throws(COREError) -> BTFType? {
        guard id != 0 else { return nil }
        if let type = decoded[id] { return type }
        let type = try COREError.wrapping { () throws(BTFError) in try btf.type(id) }
        decoded[id] = type
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
        if let target = resolved[id] { return target }
        let target = try COREError.wrapping { () throws(BTFError) in try btf.resolve(id) }
        resolved[id] = target
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
