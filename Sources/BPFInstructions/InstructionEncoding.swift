extension Instruction {
    /// Appends the instruction's encoding, in little-endian byte order, to `bytes`.
    public func encode(into bytes: inout [UInt8]) {
        encode(into: &bytes, byteOrder: .littleEndian)
    }

    /// Appends the instruction's encoding in `byteOrder` to `bytes`: 8 bytes, or 16 for `ld_imm64`.
    public func encode(into bytes: inout [UInt8], byteOrder: ByteOrder) {
        let registers = switch byteOrder {
        case .littleEndian: destination.rawValue | source.rawValue << 4
        case .bigEndian: destination.rawValue << 4 | source.rawValue
        }
        appendSlot(opcode: opcode, registers: registers, offset: UInt16(bitPattern: offset),
                   immediate: UInt32(truncatingIfNeeded: constant), byteOrder: byteOrder, into: &bytes)
        if isWide {
            appendSlot(opcode: 0, registers: 0, offset: 0,
                       immediate: UInt32(truncatingIfNeeded: constant >> 32), byteOrder: byteOrder, into: &bytes)
        }
    }

    private func appendSlot(opcode: UInt8, registers: UInt8, offset: UInt16, immediate: UInt32,
                            byteOrder: ByteOrder, into bytes: inout [UInt8]) {
        bytes.append(opcode)
        bytes.append(registers)
        switch byteOrder {
        case .littleEndian:
            withUnsafeBytes(of: offset.littleEndian) { bytes.append(contentsOf: $0) }
            withUnsafeBytes(of: immediate.littleEndian) { bytes.append(contentsOf: $0) }
        case .bigEndian:
            withUnsafeBytes(of: offset.bigEndian) { bytes.append(contentsOf: $0) }
            withUnsafeBytes(of: immediate.bigEndian) { bytes.append(contentsOf: $0) }
        }
    }
}

extension Collection where Element == Instruction {
    /// The number of 8-byte slots the instructions occupy (`ld_imm64` counts twice).
    public var slotCount: Int {
        reduce(0) { $0 + $1.slotCount }
    }

    /// The encoding of the instructions in `byteOrder`; little endian, as bpf(2) expects on this host, by default.
    public func encoded(byteOrder: ByteOrder = .littleEndian) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(slotCount * Instruction.slotSize)
        for instruction in self { instruction.encode(into: &bytes, byteOrder: byteOrder) }
        return bytes
    }
}
