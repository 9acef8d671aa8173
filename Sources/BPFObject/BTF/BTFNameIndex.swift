/// An open-addressing hash table from type names to the ids of one spec's own types.
///
/// It stores only ids (4 bytes per slot, at most half full) and compares
/// names against the spec's string bytes, so it costs a few bytes per type
/// and no string copies.
///
/// Slots are hashed by a name's *essential* part (see ``BTF/essentialNameLength(_:)``:
/// `task_struct___v2` hashes like `task_struct`), so one probe sequence finds
/// both the types with an exact name and every flavor of an essential name,
/// which is what CO-RE's candidate search asks for. Flavored names are rare,
/// so exact lookups probe no more slots than before.
struct BTFNameIndex: Sendable {
    /// Type ids; 0 marks an empty slot.
    private var slots: [BTFTypeID]
    private let mask: Int

    init(spec: BTF) {
        var capacity = 16
        while capacity < spec.typeOffsets.count * 2 { capacity <<= 1 }
        var slots = [BTFTypeID](repeating: 0, count: capacity)
        let mask = capacity - 1
        for (index, offset) in spec.typeOffsets.enumerated() {
            let nameOffset = spec.recordHeader(at: Int(offset)).nameOffset
            guard nameOffset != 0,
                  let hash = spec.withStringBytes(at: nameOffset, { $0.isEmpty ? nil : Self.essentialHash($0) }) ?? nil
            else { continue }
            var slot = hash & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = spec.firstTypeID + BTFTypeID(index)
        }
        self.slots = slots
        self.mask = mask
    }

    /// FNV-1a over the essential part of the name's bytes.
    private static func essentialHash(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var value: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes.prefix(BTF.essentialNameLength(bytes)) {
            value = (value ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        return Int(truncatingIfNeeded: value)
    }

    /// Calls `visit` with each of `spec`'s own types named `name`, in no particular order.
    ///
    /// Allocates nothing: lookups sit on the CO-RE and loader paths.
    func forEachType(named name: String, in spec: BTF, _ visit: (BTFTypeID) -> Void) {
        var name = name
        name.withUTF8 { query in
            probe(query, in: spec, matching: { $0.elementsEqual(query) }, visit)
        }
    }

    /// Calls `visit` with each of `spec`'s own types whose essential name equals
    /// the essential part of `name`, in no particular order. Allocates nothing.
    func forEachType(withEssentialNameOf name: String, in spec: BTF, _ visit: (BTFTypeID) -> Void) {
        var name = name
        name.withUTF8 { query in
            let essential = UnsafeBufferPointer(rebasing: query[..<BTF.essentialNameLength(query)])
            probe(query, in: spec, matching: { candidate in
                candidate.prefix(BTF.essentialNameLength(candidate)).elementsEqual(essential)
            }, visit)
        }
    }

    /// Walks the probe sequence of `query`'s essential hash, visiting the ids whose name `accepts`.
    private func probe(_ query: UnsafeBufferPointer<UInt8>, in spec: BTF,
                       matching accepts: (UnsafeBufferPointer<UInt8>) -> Bool, _ visit: (BTFTypeID) -> Void) {
        var slot = Self.essentialHash(query) & mask
        while slots[slot] != 0 {
            let id = slots[slot]
            if let offset = try? spec.locate(id).offset,
               spec.withStringBytes(at: spec.recordHeader(at: offset).nameOffset, accepts) == true {
                visit(id)
            }
            slot = (slot + 1) & mask
        }
    }
}
