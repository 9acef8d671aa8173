extension BTF {
    /// Follows `const`, `volatile`, `restrict` and type tags (and typedefs
    /// unless `keepingTypedefs`) from `id` to the first other type.
    ///
    /// Returns 0 for `void`. Throws on undefined ids and on loops.
    public func resolve(_ id: BTFTypeID, keepingTypedefs: Bool = false) throws(BTFError) -> BTFTypeID {
        var current = id
        for _ in 0..<Self.maximumResolutionDepth {
            guard current != 0 else { return 0 }
            let (spec, offset) = try locate(current)
            let header = spec.recordHeader(at: offset)
            switch try kind(of: current) {
            case .const, .volatile, .restrict, .typeTag: current = header.sizeOrType
            case .typedef where !keepingTypedefs: current = header.sizeOrType
            default: return current
            }
        }
        throw BTFError(.resolutionTooDeep(id))
    }

    /// The size in bytes of a value of type `id`, as the C compiler lays it out.
    public func size(of id: BTFTypeID) throws(BTFError) -> Int {
        var multiplier = 1
        var current = id
        for _ in 0..<Self.maximumResolutionDepth {
            current = try resolve(current)
            // void has neither size nor alignment.
            guard current != 0 else { throw BTFError(.invalidTypeID(0)) }
            let type = try type(current)
            let size: UInt32
            switch type.definition {
            case .int(let integer): size = integer.size
            case .enumeration(let enumeration), .enumeration64(let enumeration): size = enumeration.size
            case .structure(let composite), .union(let composite): size = composite.size
            case .dataSection(let section): size = section.size
            case .float(let floatSize): size = floatSize
            case .pointer: size = 8
            case .array(let array):
                let (product, overflow) = multiplier.multipliedReportingOverflow(by: Int(array.count))
                guard !overflow else { throw BTFError(.sizeOverflow(id)) }
                multiplier = product
                current = array.element
                continue
            default: throw BTFError(.unexpectedKind(current, type.kind))
            }
            let (total, overflow) = multiplier.multipliedReportingOverflow(by: Int(size))
            guard !overflow else { throw BTFError(.sizeOverflow(id)) }
            return total
        }
        throw BTFError(.resolutionTooDeep(id))
    }

    /// The natural alignment in bytes of type `id`, as clang computes it for
    /// the BTF layout: scalars align to their size (up to 16, for `__int128`),
    /// pointers to 8, and a struct whose members sit off their alignment is packed (1).
    ///
    /// Alignment attributes leave no trace in BTF, so they are not reflected.
    public func alignment(of id: BTFTypeID) throws(BTFError) -> Int {
        try alignment(of: id, depth: 0)
    }

    private func alignment(of id: BTFTypeID, depth: Int) throws(BTFError) -> Int {
        guard depth < Self.maximumResolutionDepth else { throw BTFError(.resolutionTooDeep(id)) }
        let resolved = try resolve(id)
        guard resolved != 0 else { throw BTFError(.invalidTypeID(0)) }
        let type = try type(resolved)
        switch type.definition {
        case .int(let integer): return max(1, min(16, Int(integer.size)))
        case .enumeration(let enumeration), .enumeration64(let enumeration): return max(1, min(16, Int(enumeration.size)))
        case .float(let size): return max(1, min(16, Int(size)))
        case .pointer: return 8
        case .array(let array): return try alignment(of: array.element, depth: depth + 1)
        case .structure(let composite), .union(let composite):
            var largest = 1
            for member in composite.members {
                let memberAlignment = try alignment(of: member.type, depth: depth + 1)
                // A plain member off its natural alignment means the struct is packed.
                if member.bitfieldSize == 0, member.bitOffset % UInt32(memberAlignment * 8) != 0 { return 1 }
                largest = max(largest, memberAlignment)
            }
            return composite.size % UInt32(largest) == 0 ? largest : 1
        default: throw BTFError(.unexpectedKind(resolved, type.kind))
        }
    }
}
