import Testing
@testable import BPFInstructions

@Suite struct DecodingErrorTests {
    private static let exit: [UInt8] = [0x95, 0, 0, 0, 0, 0, 0, 0]
    private static let wideFirstHalf: [UInt8] = [0x18, 0x01, 0, 0, 5, 0, 0, 0]

    @Test func emptyInputIsAnEmptyProgram() throws {
        #expect(try Instruction.decode([UInt8]()) == [])
    }

    @Test(arguments: [1, 7, 9, 15, 17])
    func lengthNotAMultipleOfEightIsAnError(length: Int) {
        let bytes = Array((Self.exit + Self.exit + Self.exit).prefix(length))
        #expect(throws: InstructionDecodingError.partialSlot(offset: length - length % 8, length: length)) {
            try Instruction.decode(bytes)
        }
    }

    @Test(arguments: [ByteOrder.littleEndian, .bigEndian])
    func wideInstructionInTheLastSlotIsAnError(byteOrder: ByteOrder) {
        #expect(throws: InstructionDecodingError.truncatedWideInstruction(offset: 8)) {
            try Instruction.decode(Self.exit + Self.wideFirstHalf, byteOrder: byteOrder)
        }
    }

    @Test(arguments: 0..<4)
    func wideSecondSlotWithNonZeroFieldsIsAnError(byteIndex: Int) {
        var second: [UInt8] = [0, 0, 0, 0, 1, 0, 0, 0]
        second[byteIndex] = 0xf0
        #expect(throws: InstructionDecodingError.malformedWideInstruction(offset: 0)) {
            try Instruction.decode(Self.wideFirstHalf + second + Self.exit)
        }
    }

    @Test func registerAboveTenIsAnError() {
        let destination: [UInt8] = [0xbf, 0x1b, 0, 0, 0, 0, 0, 0]
        #expect(throws: InstructionDecodingError.invalidRegister(offset: 8, number: 11)) {
            try Instruction.decode(Self.exit + destination)
        }
        let source: [UInt8] = [0xbf, 0xf1, 0, 0, 0, 0, 0, 0]
        #expect(throws: InstructionDecodingError.invalidRegister(offset: 0, number: 15)) {
            try Instruction.decode(source)
        }
        // In big-endian objects the destination is the high nibble.
        #expect(throws: InstructionDecodingError.invalidRegister(offset: 0, number: 12)) {
            try Instruction.decode([0xbf, 0xc1, 0, 0, 0, 0, 0, 0], byteOrder: .bigEndian)
        }
        #expect(throws: InstructionDecodingError.invalidRegister(offset: 0, number: 13)) {
            try Instruction.decode([0xbf, 0x1d, 0, 0, 0, 0, 0, 0], byteOrder: .bigEndian)
        }
    }

    /// r11 (`BPF_REG_AX`) is accepted in kernel-translated code only, and nothing above it anywhere.
    @Test(arguments: [ByteOrder.littleEndian, .bigEndian])
    func auxiliaryRegisterOnlyInTranslatedCode(byteOrder: ByteOrder) throws {
        let load = Instruction(opcode: 0x71, destination: .r11, source: .r1, offset: 131)
        let move = Instruction(opcode: 0xbf, destination: .r0, source: .r11)
        let bytes = [load, move].encoded(byteOrder: byteOrder)
        #expect(throws: InstructionDecodingError.invalidRegister(offset: 0, number: 11)) {
            try Instruction.decode(bytes, byteOrder: byteOrder)
        }
        #expect(try Instruction.decode(bytes, byteOrder: byteOrder, origin: .kernelTranslated) == [load, move])
        let twelve: [UInt8] = byteOrder == .littleEndian ? [0xbf, 0x0c, 0, 0, 0, 0, 0, 0] : [0xbf, 0xc0, 0, 0, 0, 0, 0, 0]
        #expect(throws: InstructionDecodingError.invalidRegister(offset: 0, number: 12)) {
            try Instruction.decode(twelve, byteOrder: byteOrder, origin: .kernelTranslated)
        }
        #expect(try Disassembler().listing(decoding: bytes, byteOrder: byteOrder, origin: .kernelTranslated)
            == "   0: (71) r11 = *(u8 *)(r1 +131)\n   1: (bf) r0 = r11\n")
        #expect(InstructionDecodingError.invalidRegister(offset: 0, number: 11).description.contains("r11"))
    }

    @Test func errorsDescribeTheirOffset() {
        let errors: [InstructionDecodingError] = [
            .partialSlot(offset: 16, length: 20), .truncatedWideInstruction(offset: 16),
            .malformedWideInstruction(offset: 16), .invalidRegister(offset: 16, number: 12),
        ]
        for error in errors {
            #expect(error.description.contains("offset 16"))
        }
    }

    /// Arbitrary bytes either fail with a typed error or decode into
    /// instructions that encode back to exactly the same bytes.
    @Test(arguments: [ByteOrder.littleEndian, .bigEndian])
    func arbitraryBytesNeverTrap(byteOrder: ByteOrder) {
        var generator = SystemRandomNumberGenerator()
        var decodedCount = 0
        for _ in 0..<2000 {
            let length = Int.random(in: 0...48, using: &generator)
            var bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            // Bias towards valid framing so the success path is exercised too.
            for slot in stride(from: 0, to: bytes.count, by: 8) where Bool.random(using: &generator) {
                bytes[slot + 1 < bytes.count ? slot + 1 : slot] &= 0x55
            }
            do {
                let instructions = try Instruction.decode(bytes, byteOrder: byteOrder)
                decodedCount += 1
                #expect(instructions.encoded(byteOrder: byteOrder) == bytes)
            } catch {
                #expect(!error.description.isEmpty)
            }
        }
        #expect(decodedCount > 0)
    }
}
