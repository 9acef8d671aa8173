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
            let size: UInt32
            switch try kind(of: current) {
            case .int, .enumeration, .enumeration64, .structure, .union, .dataSection, .float:
                // These keep their size in the record header: no need to decode (a struct's members, say).
                let (spec, offset) = try locate(current)
                size = spec.recordHeader(at: offset).sizeOrType
            case .pointer: size = 8
            case .array:
                guard case .array(let array) = try type(current).definition else {
                    throw BTFError(.unexpectedKind(current, .array))
                }
                let (product, overflow) = multiplier.multipliedReportingOverflow(by: Int(array.count))
                guard !overflow else { throw BTFError(.sizeOverflow(id)) }
                multiplier = product
                current = array.element
                continue
            case let kind: throw BTFError(.unexpectedKind(current, kind))
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
    /// Each type reached is measured once, so the cost is linear in the types
    /// and members below `id`, however often they are shared.
    public func alignment(of id: BTFTypeID) throws(BTFError) -> Int {
        var memo = AlignmentMemo()
        return try alignment(of: id, memo: &memo)
    }

    /// ``alignment(of:)`` reusing the measurements in `memo`, for a caller
    /// that asks about many types of this spec (the C header writer, a
    /// layout check over every type): each type is then measured once in all,
    /// not once per type above it. `memo` must only ever be used with this spec.
    public func alignment(of id: BTFTypeID, memo: inout AlignmentMemo) throws(BTFError) -> Int {
        try alignment(of: id, depth: 0, memo: &memo).alignment
    }

    /// Alignments already measured, each with the nesting levels its
    /// measurement walked. Without it, members that share a type nested a few
    /// levels deep (`struct b { struct a x, y; }`, `struct c { struct b x, y; }`, …)
    /// make the walk exponential in the depth: a few hundred bytes of hostile
    /// BTF would keep a caller busy for hours.
    public struct AlignmentMemo: Sendable {
        var measured: [BTFTypeID: (alignment: Int, height: Int)] = [:]

        /// An empty memo, for ``BTF/alignment(of:memo:)`` on one spec.
        public init() {}
    }

    /// The alignment of `id` and the nesting levels walked below it.
    private func alignment(of id: BTFTypeID, depth: Int,
                           memo: inout AlignmentMemo) throws(BTFError) -> (alignment: Int, height: Int) {
        guard depth < Self.maximumResolutionDepth else { throw BTFError(.resolutionTooDeep(id)) }
        // Reached this deep, a type measured before would pass the depth limit:
        // walk it again, so the error is the one a first walk throws.
        if let known = memo.measured[id], depth + known.height < Self.maximumResolutionDepth { return known }
        let resolved = try resolve(id)
        guard resolved != 0 else { throw BTFError(.invalidTypeID(0)) }
        let type = try type(resolved)
        let result: (alignment: Int, height: Int)
        switch type.definition {
        case .int(let integer): result = (max(1, min(16, Int(integer.size))), 0)
        case .enumeration(let enumeration), .enumeration64(let enumeration):
            result = (max(1, min(16, Int(enumeration.size))), 0)
        case .float(let size): result = (max(1, min(16, Int(size))), 0)
        case .pointer: result = (8, 0)
        case .array(let array):
            let element = try alignment(of: array.element, depth: depth + 1, memo: &memo)
            result = (element.alignment, element.height + 1)
        case .structure(let composite), .union(let composite):
            var largest = 1
            var height = 0
            var packed = false
            for member in composite.members {
                let measured = try alignment(of: member.type, depth: depth + 1, memo: &memo)
                height = max(height, measured.height + 1)
                // A plain member off its natural alignment means the struct is packed.
                if member.bitfieldSize == 0, member.bitOffset % UInt32(measured.alignment * 8) != 0 {
                    packed = true
                    break
                }
                largest = max(largest, measured.alignment)
            }
            result = (packed || composite.size % UInt32(largest) != 0 ? 1 : largest, height)
        default: throw BTFError(.unexpectedKind(resolved, type.kind))
        }
        memo.measured[id] = result
        return result
    }
}
