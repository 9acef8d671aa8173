import Testing
@testable import BPFInstructions

@Suite struct DisassemblerTests {
    private static func instructions(_ statement: Statement) throws -> [Instruction] {
        try Assembly([statement]).instructions
    }

    @Test(arguments: instructionCatalogue.indices)
    func textMatchesTheKernelNotation(index: Int) throws {
        let (statement, expected) = instructionCatalogue[index]
        let instructions = try Self.instructions(statement)
        #expect(instructions.count == 1)
        #expect(instructions.map(Disassembler().text(of:)) == [expected])
    }

    @Test func malformedOpcodesRenderAsTheKernelDoes() {
        let cases: [(Instruction, String)] = [
            (Instruction(opcode: 0x38), "(38) r0 = *(u64 *)skb[0]"), // the kernel does not check ABS sizes
            (Instruction(opcode: 0x60), "BUG_ld_60"),            // LD with mode MEM
            (Instruction(opcode: 0x00), "BUG_ld_00"),            // LD IMM with size W
            (Instruction(opcode: 0xe1), "BUG_ldx_e1"),           // LDX with an unassigned mode
            (Instruction(opcode: 0xc1), "BUG_ldx_c1"),           // LDX ATOMIC
            (Instruction(opcode: 0x22), "BUG_st_22"),            // ST ABS
            (Instruction(opcode: 0xc2), "(c2) nospec"),          // the kernel-internal barrier
            (Instruction(opcode: 0x83), "BUG_83"),               // STX MEMSX
            (Instruction(opcode: 0xdb, constant: 0x02), "BUG_db"), // atomic with an unknown operation
            (Instruction(opcode: 0xa3), "BUG_a3"),               // STX with an unassigned mode
            (Instruction(opcode: 0x99, destination: .r1, source: .r2), "(99) r1 = *((null) *)(r2 +0)"),
            (Instruction(opcode: 0xe7, destination: .r1, constant: 3), "(e7) r1 (null) 3"),
            (Instruction(opcode: 0x0d, destination: .r1, source: .r2, offset: 1), "(0d) if r1 jmp r2 goto pc+1"),
            (Instruction(opcode: 0xe5, source: .r1, offset: 1), "(e5) if r0 (null) 0x0 goto pc+1"),
            (Instruction(opcode: 0x96), "(96) if w0 exit 0x0 goto pc+0"),
            (Instruction(opcode: 0x85, source: .r3, constant: 9), "(85) call unknown#9"),
        ]
        for (instruction, expected) in cases {
            #expect(Disassembler().text(of: instruction) == expected)
        }
    }

    @Test func listingCountsSlotsAndAlignsIndices() throws {
        var statements: [Statement] = [.loadMapFD(.r1, 3), .mov(.r0, 0)]
        statements += [Statement](repeating: .mov(.r0, 0), count: 998)
        statements.append(.exit())
        let listing = Disassembler().listing(try Assembly(statements).instructions)
        let lines = listing.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[0] == "   0: (18) r1 = 0x3")
        #expect(lines[1] == "   2: (b7) r0 = 0")
        #expect(lines[998] == " 999: (b7) r0 = 0")
        #expect(lines[999] == " 1000: (b7) r0 = 0")
        #expect(lines[1000] == " 1001: (95) exit")
        #expect(lines.last == "")
    }

    @Test func bpftoolXlatedRendersMapIdsAndSubprograms() throws {
        let disassembler = Disassembler.bpftoolXlated()
        let cases: [(Statement, String)] = [
            (.loadMapFD(.r1, 5), "(18) r1 = map[id:5]"),
            (.loadMapValue(.r1, fileDescriptor: 5, offset: 0), "(18) r1 = map[id:5][0]+0"),
            (.loadMapValue(.r2, fileDescriptor: 17, offset: 24), "(18) r2 = map[id:17][0]+24"),
            (.loadImmediate(.r3, 0x4_0000_0002, source: .mapIndexValue), "(18) r3 = map[idx:2]+4"),
            (.loadImmediate(.r2, -47, source: .function), "(18) r2 = subprog[-47]"),
            (.loadImmediate(.r2, 3, source: .function), "(18) r2 = subprog[+3]"),
            (.loadImmediate(.r1, Int64(bitPattern: 0xffff_8880_0000_0000)), "(18) r1 = 0xffff888000000000"),
            (.loadImmediate(.r1, 9, source: .btfID), "(18) r1 = 0x9"),
        ]
        for (statement, expected) in cases {
            #expect(try Self.instructions(statement).map(disassembler.text(of:)) == [expected])
        }
    }

    @Test func callbacksNameCallTargets() {
        let disassembler = Disassembler.bpftoolXlated { instruction in
            switch instruction.source {
            case .r0: instruction.immediate == 86_336 ? "__htab_map_lookup_elem" : nil
            case .r1: "+\(instruction.immediate)#bpf_prog_abc_sub"
            default: nil
            }
        }
        let lookup = Instruction(opcode: 0x85, constant: 86_336)
        #expect(disassembler.text(of: lookup) == "(85) call __htab_map_lookup_elem#86336")
        // Known helper numbers take precedence over the callback, as in the kernel.
        #expect(disassembler.text(of: Instruction(opcode: 0x85, constant: 1)) == "(85) call bpf_map_lookup_elem#1")
        #expect(disassembler.text(of: Instruction(opcode: 0x85, constant: 99_999)) == "(85) call unknown#99999")
        let pseudo = Instruction(opcode: 0x85, source: .r1, constant: 4)
        #expect(disassembler.text(of: pseudo) == "(85) call pc+4#bpf_prog_abc_sub")
    }

    @Test func hiddenMapPointersPrintAsZero() {
        let disassembler = Disassembler(showsMapPointers: false)
        #expect(disassembler.text(of: Instruction(opcode: 0x18, destination: .r1, source: .r1, constant: 5))
            == "(18) r1 = 0x0")
        #expect(disassembler.text(of: Instruction(opcode: 0x18, destination: .r1, source: .r2, constant: 5))
            == "(18) r1 = 0x0")
        #expect(disassembler.text(of: Instruction(opcode: 0x18, destination: .r1, constant: 5)) == "(18) r1 = 0x5")
    }

    @Test func listingDecodesBytes() throws {
        let bytes = try Assembly([.mov(.r0, 2), .exit()]).instructions.encoded(byteOrder: .host)
        #expect(try Disassembler().listing(decoding: bytes) == "   0: (b7) r0 = 2\n   1: (95) exit\n")
        #expect(throws: InstructionDecodingError.partialSlot(offset: 8, length: 12)) {
            try Disassembler().listing(decoding: Array(bytes.prefix(12)))
        }
    }

    @Test func everyOpcodeRendersWithoutTrapping() {
        let disassembler = Disassembler.bpftoolXlated()
        for opcode in UInt8.min...UInt8.max {
            for constant: Int64 in [0, 1, 0xf1, 0x100, 0x110, -1, Int64.min] {
                for offset: Int16 in [0, 1, 8, 16, 32, -1, .min] {
                    let text = disassembler.text(of: Instruction(
                        opcode: opcode, destination: .r10, source: .r6, offset: offset, constant: constant))
                    #expect(!text.isEmpty)
                }
            }
        }
    }
}
