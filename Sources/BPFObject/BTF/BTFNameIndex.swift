/// An open-addressing hash table from type names to the ids of one spec's own types.
///
/// It stores only ids (4 bytes per slot, at most half full) and compares
/// names against the spec's string bytes, so it costs a few bytes per type
/// and no string copies.
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
                  let hash = spec.withStringBytes(at: nameOffset, { $0.isEmpty ? nil : Self.hash($0) }) ?? nil else {
                continue
            }
            var slot = hash & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = spec.firstTypeID + BTFTypeID(index)
        }
        self.slots = slots
        self.mask = mask
    }

    /// FNV-1a over the name's bytes.
    private static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var value: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
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
            var slot = Self.hash(query) & mask
            while slots[slot] != 0 {
                let id = slots[slot]
                if let offset = try? spec.locate(id).offset,
                   spec.withStringBytes(at: spec.recordHeader(at: offset).nameOffset, { $0.elementsEqual(query) }) == true {
                    visit(id)
                }
                slot = (slot + 1) & mask
            }
        }
    }
}
