extension Instruction {
    /// Appends the instruction's encoding, in little-endian byte order, to `bytes`.
    public func encode(into bytes: inout [UInt8]) {
        encode(into: &bytes, byteOrder: .littleEndian)
    }

    /// Appends the instruction's encoding in `byteOrder` to `bytes`: 8 bytes, or 16 for `ld_imm64`.
    public func encode(into bytes: inout [UInt8], byteOrder: ByteOrder) {
        let (first, second) = slots(byteOrder: byteOrder)
        withUnsafeBytes(of: first) { bytes.append(contentsOf: $0) }
        if isWide {
            withUnsafeBytes(of: second) { bytes.append(contentsOf: $0) }
        }
    }

    /// Writes the instruction's encoding in `byteOrder` over `bytes` from
    /// `byteOffset`: 8 bytes, or 16 for `ld_imm64`. Returns false, writing
    /// nothing, when they do not fit.
    ///
    /// It patches one instruction of an already encoded program without
    /// encoding the program again.
    public func overwrite(_ bytes: inout [UInt8], at byteOffset: Int, byteOrder: ByteOrder = .littleEndian) -> Bool {
        let size = slotCount * Self.slotSize
        guard byteOffset >= 0, byteOffset <= bytes.count - size else { return false }
        let (first, second) = slots(byteOrder: byteOrder)
        bytes.withUnsafeMutableBytes { raw in
            raw.storeBytes(of: first, toByteOffset: byteOffset, as: UInt64.self)
            if isWide { raw.storeBytes(of: second, toByteOffset: byteOffset + Self.slotSize, as: UInt64.self) }
        }
        return true
    }

    /// The instruction's slots, each a word whose in-memory bytes are the encoding;
    /// the second is meaningful only for `ld_imm64`.
    fileprivate func slots(byteOrder: ByteOrder) -> (UInt64, UInt64) {
        let immediate = UInt32(truncatingIfNeeded: constant)
        let high = UInt32(truncatingIfNeeded: constant >> 32)
        let rawOffset = UInt64(UInt16(bitPattern: offset))
        switch byteOrder {
        case .littleEndian:
            let registers = UInt64(destination.rawValue | source.rawValue << 4)
            let first = UInt64(opcode) | registers << 8 | rawOffset << 16 | UInt64(immediate) << 32
            return (first.littleEndian, (UInt64(high) << 32).littleEndian)
        case .bigEndian:
            // The register nibbles swap too: the destination is the high nibble.
            let registers = UInt64(destination.rawValue << 4 | source.rawValue)
            let first = UInt64(opcode) << 56 | registers << 48 | rawOffset << 32 | UInt64(immediate)
            return (first.bigEndian, UInt64(high).bigEndian)
        }
    }
}

extension Array where Element == Instruction {
    /// The number of 8-byte slots the instructions occupy (`ld_imm64` counts twice).
    public var slotCount: Int {
        reduce(0) { $0 + $1.slotCount }
    }

    /// The encoding of the instructions in `byteOrder`; little endian, as bpf(2) expects on this host, by default.
    public func encoded(byteOrder: ByteOrder = .littleEndian) -> [UInt8] {
        let size = slotCount * Instruction.slotSize
        // With capacity 0 the standard library hands out its shared empty
        // array and writes the count into it, a data race (ThreadSanitizer
        // reports it) between threads encoding empty programs.
        guard size > 0 else { return [] }
        // Zero-filled first: unlike `init(unsafeUninitializedCapacity:)`, this
        // initializer is specialized here, so no generic metadata is looked up per call.
        var bytes = [UInt8](repeating: 0, count: size)
        bytes.withUnsafeMutableBytes { raw in
            var offset = 0
            for instruction in self {
                let (first, second) = instruction.slots(byteOrder: byteOrder)
                raw.storeBytes(of: first, toByteOffset: offset, as: UInt64.self)
                offset += Instruction.slotSize
                if instruction.isWide {
                    raw.storeBytes(of: second, toByteOffset: offset, as: UInt64.self)
                    offset += Instruction.slotSize
                }
            }
        }
        return bytes
    }
}
