import Testing
@testable import BPFInstructions

@Suite struct EncodingTests {
    private static let catalogue: [Instruction] = instructionCatalogue.flatMap { entry in
        (try? Assembly([entry.statement]).instructions) ?? []
    }

    @Test func catalogueCoversEveryEntry() {
        #expect(Self.catalogue.count == instructionCatalogue.count)
    }

    @Test(arguments: [ByteOrder.littleEndian, .bigEndian])
    func everyFormRoundTrips(byteOrder: ByteOrder) throws {
        let bytes = Self.catalogue.encoded(byteOrder: byteOrder)
        #expect(bytes.count == Self.catalogue.slotCount * Instruction.slotSize)
        #expect(try Instruction.decode(bytes, byteOrder: byteOrder) == Self.catalogue)
    }

    @Test(arguments: [ByteOrder.littleEndian, .bigEndian])
    func everyOpcodeAndRegisterPairRoundTrips(byteOrder: ByteOrder) throws {
        var instructions: [Instruction] = []
        for opcode in UInt8.min...UInt8.max {
            for destination in Register.allCases {
                for source in Register.allCases {
                    instructions.append(Instruction(opcode: opcode, destination: destination, source: source,
                                                    offset: -0x1234, constant: Int64(Int32.min) + Int64(opcode)))
                }
            }
        }
        instructions.append(Instruction(opcode: 0x18, destination: .r9, source: .r6, constant: .min))
        instructions.append(Instruction(opcode: 0x18, constant: .max))
        // r11 is among the cases, so only kernel-translated decoding takes every pair back.
        #expect(try Instruction.decode(instructions.encoded(byteOrder: byteOrder), byteOrder: byteOrder,
                                       origin: .kernelTranslated) == instructions)
    }

    /// Overwriting one instruction of an encoded program equals encoding the patched program.
    @Test(arguments: [ByteOrder.littleEndian, .bigEndian])
    func overwritePatchesOneInstructionInPlace(byteOrder: ByteOrder) {
        let program = [Instruction(opcode: 0xb7, destination: .r1, constant: 7),
                       Instruction(opcode: 0x18, destination: .r2, constant: 0x1122_3344_5566_7788),
                       Instruction(opcode: 0x95)]
        var bytes = program.encoded(byteOrder: byteOrder)
        var patched = program
        patched[1].source = .r1
        patched[1].constant = -3
        patched[2] = Instruction(opcode: 0x85, source: .r2, offset: 5, constant: 42)
        #expect(patched[1].overwrite(&bytes, at: 8, byteOrder: byteOrder))
        #expect(patched[2].overwrite(&bytes, at: 24, byteOrder: byteOrder))
        #expect(bytes == patched.encoded(byteOrder: byteOrder))
        // Nothing is written past the end or before the start.
        let before = bytes
        #expect(!patched[1].overwrite(&bytes, at: 24, byteOrder: byteOrder))
        #expect(!patched[0].overwrite(&bytes, at: 25, byteOrder: byteOrder))
        #expect(!patched[0].overwrite(&bytes, at: -1, byteOrder: byteOrder))
        #expect(bytes == before)
    }

    @Test func littleEndianLayout() {
        let store = Instruction(opcode: 0x63, destination: .r10, source: .r1, offset: -4, constant: 0x0102_0304)
        #expect([store].encoded() == [0x63, 0x1a, 0xfc, 0xff, 0x04, 0x03, 0x02, 0x01])
        let wide = Instruction(opcode: 0x18, destination: .r1, source: .r2, constant: 0x1122_3344_5566_7788)
        #expect([wide].encoded() == [0x18, 0x21, 0, 0, 0x88, 0x77, 0x66, 0x55, 0, 0, 0, 0, 0x44, 0x33, 0x22, 0x11])
    }

    @Test func bigEndianSwapsRegisterNibblesAndFields() {
        let store = Instruction(opcode: 0x63, destination: .r10, source: .r1, offset: -4, constant: 0x0102_0304)
        #expect([store].encoded(byteOrder: .bigEndian) == [0x63, 0xa1, 0xff, 0xfc, 0x01, 0x02, 0x03, 0x04])
        let wide = Instruction(opcode: 0x18, destination: .r1, source: .r2, constant: 0x1122_3344_5566_7788)
        #expect([wide].encoded(byteOrder: .bigEndian)
            == [0x18, 0x12, 0, 0, 0x55, 0x66, 0x77, 0x88, 0, 0, 0, 0, 0x11, 0x22, 0x33, 0x44])
    }

    @Test func legacyEncodeIntoMatchesLittleEndian() {
        var bytes: [UInt8] = []
        for instruction in Self.catalogue { instruction.encode(into: &bytes) }
        #expect(bytes == Self.catalogue.encoded(byteOrder: .littleEndian))
    }

    @Test func immediatesAreSignExtended() throws {
        let bytes: [UInt8] = [0xb7, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff]
        let decoded = try Instruction.decode(bytes)
        #expect(decoded == [Instruction(opcode: 0xb7, constant: -1)])
        #expect(decoded[0].immediate == -1)
    }

    @Test func decodingASliceReportsOffsetsFromTheSlice() throws {
        let bytes: [UInt8] = [0, 0, 0, 0, 0xb7, 0x0b, 0, 0, 0, 0, 0, 0]
        #expect(throws: InstructionDecodingError.invalidRegister(offset: 0, number: 11)) {
            try Instruction.decode(bytes[4...])
        }
        let valid: [UInt8] = [9, 9, 0x95, 0, 0, 0, 0, 0, 0, 0]
        #expect(try Instruction.decode(valid[2...]) == [Instruction(opcode: 0x95)])
        #expect(try Instruction.decode(AnyCollection(valid[2...])) == [Instruction(opcode: 0x95)])
    }

    @Test func opcodePartsAreNamed() {
        let load = Opcode(rawValue: 0x61)
        #expect(load.instructionClass == .loadRegister)
        #expect(load.size == .word)
        #expect(load.mode == .memory)
        let jump = Opcode(rawValue: 0x2e)
        #expect(jump.instructionClass == .jump32)
        #expect(jump.source == .register)
        #expect(jump.jumpOperation == .compare(.greater))
        #expect(Opcode(rawValue: 0xf5).jumpOperation == nil)
        #expect(Opcode(rawValue: 0xe7).arithmeticOperation == nil)
        #expect(Opcode(rawValue: 0xa0).mode == nil)
        for operation in [JumpOperation.always, .call, .exit, .condition] + JumpCondition.allCases.map(JumpOperation.compare) {
            #expect(JumpOperation(rawValue: operation.rawValue) == operation)
            #expect(Opcode(.jump, operation, source: .constant).jumpOperation == operation)
        }
        for operation in ArithmeticOperation.allCases {
            #expect(Opcode(.alu64, operation, source: .register).arithmeticOperation == operation)
        }
        for size in OperandSize.allCases {
            for mode in AddressingMode.allCases {
                let opcode = Opcode(.storeRegister, size: size, mode: mode)
                #expect(opcode.size == size && opcode.mode == mode && opcode.instructionClass == .storeRegister)
            }
        }
        #expect(OperandSize.allCases.map(\.byteCount) == [4, 2, 1, 8])
    }

    @Test func helperTableIsNamedAndComplete() {
        #expect(HelperFunction.mapLookupElem.rawValue == 1)
        #expect(HelperFunction(name: "map_lookup_elem") == .mapLookupElem)
        #expect(HelperFunction(name: "sk_redirect_map")?.rawValue == 52)
        #expect(HelperFunction(name: "nonexistent") == nil)
        #expect(HelperFunction.allKnown.count == 212)
        #expect(HelperFunction.allKnown.last?.name == "cgrp_storage_delete")
        #expect(HelperFunction(rawValue: 212).name == nil)
        #expect(HelperFunction(rawValue: -1).name == nil)
        #expect(HelperFunction.allKnown.allSatisfy { HelperFunction(name: $0.name ?? "") == $0 })
    }
}
