extension Instruction {
    /// Decodes instructions from their encoding in `byteOrder`, such as an ELF section's bytes.
    ///
    /// Decoding is structural: it checks the slot framing and register numbers,
    /// not whether the opcode is one the verifier accepts, so the disassembler
    /// can show any byte sequence. It never traps on hostile input. Error
    /// offsets count from the start of `bytes` (for a slice, not of its base).
    /// `origin` decides whether the verifier's ``Register/r11`` is accepted.
    public static func decode<Bytes: Collection<UInt8>>(_ bytes: Bytes, byteOrder: ByteOrder = .littleEndian,
                                                        origin: InstructionOrigin = .program)
        throws(InstructionDecodingError) -> [Instruction]
    {
        // withContiguousStorageIfAvailable only rethrows untyped errors, so the result crosses it as a value.
        let contiguous = bytes.withContiguousStorageIfAvailable { buffer in
            Result { () throws(InstructionDecodingError) in
                try decode(UnsafeRawBufferPointer(buffer), byteOrder: byteOrder, origin: origin)
            }
        }
        if let contiguous { return try contiguous.get() }
        return try decode(Array(bytes), byteOrder: byteOrder, origin: origin)
    }

    /// Decodes instructions from raw memory holding their encoding in `byteOrder`;
    /// `origin` decides whether the verifier's ``Register/r11`` is accepted.
    public static func decode(_ buffer: UnsafeRawBufferPointer, byteOrder: ByteOrder = .littleEndian,
                              origin: InstructionOrigin = .program)
        throws(InstructionDecodingError) -> [Instruction]
    {
        let remainder = buffer.count % slotSize
        guard remainder == 0 else {
            throw .partialSlot(offset: buffer.count - remainder, length: buffer.count)
        }
        var instructions: [Instruction] = []
        // The count comes from the real buffer length, not from a declared field.
        instructions.reserveCapacity(buffer.count / slotSize)
        var offset = 0
        while offset < buffer.count {
            let slot = try Slot(buffer, at: offset, byteOrder: byteOrder, highestRegister: origin.highestRegister)
            var instruction = Instruction(
                opcode: slot.opcode, destination: slot.destination, source: slot.source,
                offset: slot.offset, constant: Int64(slot.immediate))
            if instruction.isWide {
                let secondOffset = offset + slotSize
                guard secondOffset < buffer.count else { throw .truncatedWideInstruction(offset: offset) }
                // The second half carries only the upper immediate; opcode, registers and offset must be zero.
                guard buffer.loadUnaligned(fromByteOffset: secondOffset, as: UInt32.self) == 0 else {
                    throw .malformedWideInstruction(offset: offset)
                }
                let high = Slot.immediate(buffer, at: secondOffset, byteOrder: byteOrder)
                instruction.constant = Int64(bitPattern: UInt64(high) << 32 | UInt64(UInt32(bitPattern: slot.immediate)))
            }
            instructions.append(instruction)
            offset += instruction.slotCount * slotSize
        }
        return instructions
    }
}

/// The fields of one 8-byte slot, read without allocating.
private struct Slot {
    var opcode: UInt8
    var destination: Register
    var source: Register
    var offset: Int16
    var immediate: Int32

    /// Reads the slot at `offset`; the caller guarantees 8 bytes are there.
    init(_ buffer: UnsafeRawBufferPointer, at offset: Int, byteOrder: ByteOrder,
         highestRegister: UInt8) throws(InstructionDecodingError) {
        opcode = buffer[offset]
        let registers = buffer[offset + 1]
        let rawOffset = buffer.loadUnaligned(fromByteOffset: offset + 2, as: UInt16.self)
        let destinationNumber: UInt8
        let sourceNumber: UInt8
        switch byteOrder {
        case .littleEndian:
            destinationNumber = registers & 0x0f
            sourceNumber = registers >> 4
            self.offset = Int16(bitPattern: UInt16(littleEndian: rawOffset))
        case .bigEndian:
            destinationNumber = registers >> 4
            sourceNumber = registers & 0x0f
            self.offset = Int16(bitPattern: UInt16(bigEndian: rawOffset))
        }
        immediate = Int32(bitPattern: Self.immediate(buffer, at: offset, byteOrder: byteOrder))
        guard destinationNumber <= highestRegister, let destination = Register(rawValue: destinationNumber) else {
            throw .invalidRegister(offset: offset, number: destinationNumber)
        }
        guard sourceNumber <= highestRegister, let source = Register(rawValue: sourceNumber) else {
            throw .invalidRegister(offset: offset, number: sourceNumber)
        }
        self.destination = destination
        self.source = source
    }

    /// Reads the 32-bit immediate of the slot at `offset`.
    static func immediate(_ buffer: UnsafeRawBufferPointer, at offset: Int, byteOrder: ByteOrder) -> UInt32 {
        let raw = buffer.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self)
        return byteOrder == .littleEndian ? UInt32(littleEndian: raw) : UInt32(bigEndian: raw)
    }
}
