import Testing
@testable import BPFInstructions

@Suite struct AssemblyTests {
    @Test func forwardJumpSkipsInstructionsInSlots() throws {
        let assembly = try Assembly([
            .jump(.equal, .r1, 0, to: "out"),
            .mov(.r0, 1),
            .loadImmediate(.r2, 0x1_0000_0000),
            .label("out"),
            .exit(),
        ])
        // mov (1 slot) + ld_imm64 (2 slots) lie between the jump and its target.
        #expect(assembly.instructions[0].offset == 3)
        #expect(assembly.labels["out"] == 3)
    }

    @Test func backwardJumpAcrossWideInstruction() throws {
        let assembly = try Assembly([
            .label("top"),
            .loadImmediate(.r1, -1),
            .add(.r1, 1),
            .jump(.notEqual, .r1, .r2, to: "top"),
            .exit(),
        ])
        // The jump sits at slot 3; the next slot is 4; the target is slot 0.
        #expect(assembly.instructions[2].offset == -4)
        #expect(assembly.instructions[2].source == .r2)
        #expect(assembly.instructions[2].parsedOpcode.source == .register)
    }

    @Test func auxiliaryRegisterIsRefused() {
        #expect(throws: AssemblyError.auxiliaryRegister(instructionIndex: 1)) {
            try Assembly([.mov(.r0, 0), .label("here"), .mov(.r0, .register(.r11)), .exit()])
        }
        #expect(throws: AssemblyError.auxiliaryRegister(instructionIndex: 0)) {
            try Assembly([.jump(.equal, .r11, 0, to: "out"), .label("out"), .exit()])
        }
        #expect(Register.programmable.count == 11)
        #expect(!Register.programmable.contains(.r11))
    }

    @Test func jumpToNextInstructionHasDistanceZero() throws {
        let assembly = try Assembly([.jump(to: "next"), .label("next"), .exit()])
        #expect(assembly.instructions[0].offset == 0)
    }

    @Test func longJumpCallAndFunctionLoadUseTheImmediate() throws {
        let assembly = try Assembly([
            .call(function: "sub"),
            .loadFunction(.r2, "sub"),
            .longJump(to: "end"),
            .label("sub"),
            .mov(.r0, 0),
            .label("end"),
            .exit(),
        ])
        #expect(assembly.instructions[0].constant == 3)
        #expect(assembly.instructions[0].source == CallSource.function.register)
        // The kernel measures a function load from its first slot plus one, not from its end.
        #expect(assembly.instructions[1].constant == 2)
        #expect(assembly.instructions[1].source == LoadImmediateSource.function.register)
        #expect(assembly.instructions[2].constant == 1)
        #expect(assembly.instructions[2].offset == 0)
        #expect(assembly.instructions[2].opcode == 0x06)
    }

    @Test func documentedExampleAssembles() throws {
        let program = try Assembly([
            .store(0, to: .r10, offset: -4, size: .word),
            .mov(.r2, .r10),
            .add(.r2, -4),
            .loadMap(.r1, named: "counters"),
            .call(.mapLookupElem),
            .jump(.equal, .r0, 0, to: "out"),
            .atomic(.add, .r1, at: .r0, size: .doubleWord),
            .label("out"),
            .mov(.r0, 0),
            .exit(),
        ])
        let listing = Disassembler().listing(try program.linked { _ in 4 })
        #expect(listing == """
               0: (62) *(u32 *)(r10 -4) = 0
               1: (bf) r2 = r10
               2: (07) r2 += -4
               3: (18) r1 = 0x4
               5: (85) call bpf_map_lookup_elem#1
               6: (15) if r0 == 0x0 goto pc+1
               7: (db) lock *(u64 *)(r0 +0) += r1
               8: (b7) r0 = 0
               9: (95) exit

            """)
    }

    @Test func unknownLabelIsAnError() {
        #expect(throws: AssemblyError.unknownLabel("nowhere", instructionIndex: 1)) {
            try Assembly([.mov(.r0, 0), .jump(to: "nowhere"), .exit()])
        }
    }

    @Test func duplicateLabelIsAnError() {
        #expect(throws: AssemblyError.duplicateLabel("a")) {
            try Assembly([.label("a"), .mov(.r0, 0), .label("a"), .exit()])
        }
    }

    @Test func jumpBeyondSixteenBitsIsAnError() {
        let filler = [Statement](repeating: .mov(.r0, 0), count: Int(Int16.max) + 1)
        #expect(throws: AssemblyError.jumpOutOfRange(label: "far", instructionIndex: 0, distance: Int(Int16.max) + 1)) {
            try Assembly([.jump(to: "far")] + filler + [.label("far"), .exit()])
        }
    }

    @Test func longJumpReachesBeyondSixteenBits() throws {
        let filler = [Statement](repeating: .mov(.r0, 0), count: Int(Int16.max) + 1)
        let assembly = try Assembly([.longJump(to: "far")] + filler + [.label("far"), .exit()])
        #expect(assembly.instructions[0].constant == Int64(Int16.max) + 1)
    }

    @Test func symbolReferencesAreListedAndLinked() throws {
        let assembly = try Assembly([
            .loadMap(.r1, named: "sockets"),
            .loadMapValue(.r2, named: "globals", offset: 16),
            .callKernelFunction(named: "bpf_sk_release"),
            .exit(),
        ])
        #expect(assembly.references == [
            SymbolReference(instructionIndex: 0, symbol: "sockets", kind: .map),
            SymbolReference(instructionIndex: 1, symbol: "globals", kind: .mapValue),
            SymbolReference(instructionIndex: 2, symbol: "bpf_sk_release", kind: .kernelFunction),
        ])
        let values = ["sockets": Int32(7), "globals": 9, "bpf_sk_release": 12345]
        let linked = try assembly.linked { values[$0.symbol] }
        #expect(linked[0].constant == 7)
        #expect(linked[0].source == LoadImmediateSource.mapFileDescriptor.register)
        #expect(linked[1].constant == 16 << 32 | 9)
        #expect(linked[1].source == LoadImmediateSource.mapValue.register)
        #expect(linked[2].constant == 12345)
        #expect(linked[2].source == CallSource.kernelFunction.register)
    }

    @Test func unresolvedSymbolIsAnError() throws {
        let assembly = try Assembly([.loadMap(.r1, named: "missing"), .exit()])
        #expect(throws: AssemblyError.unresolvedSymbol(SymbolReference(instructionIndex: 0, symbol: "missing", kind: .map))) {
            try assembly.linked { _ in nil }
        }
    }

    @Test func resultBuilderSupportsControlFlow() throws {
        let unrolled = 3
        let withReturn = true
        let assembly = try Assembly {
            Statement.mov(.r0, 0)
            for _ in 0..<unrolled {
                Statement.add(.r0, 1)
            }
            if withReturn {
                Statement.exit()
            }
        }
        #expect(assembly.instructions.count == 1 + unrolled + 1)
        #expect(assembly.instructions.last == Instruction(opcode: 0x95))
    }

    @Test func constructorsProduceTheKernelOpcodes() {
        let cases: [(Statement, UInt8)] = [
            (.mov(.r0, 0), 0xb7), (.mov(.r1, .r6), 0xbf), (.mov(.r1, 2, width: .bits32), 0xb4),
            (.add(.r1, -8), 0x07), (.add(.r1, .r2), 0x0f), (.sub(.r1, 1), 0x17), (.mul(.r1, 3), 0x27),
            (.div(.r1, 3), 0x37), (.or(.r1, 3), 0x47), (.and(.r1, 3), 0x57), (.lsh(.r1, 3), 0x67),
            (.rsh(.r1, 3), 0x77), (.neg(.r1), 0x87), (.mod(.r1, 3), 0x97), (.xor(.r1, .r2), 0xaf),
            (.arsh(.r1, 3), 0xc7), (.sdiv(.r1, 3), 0x37), (.smod(.r1, .r2, width: .bits32), 0x9c),
            (.movSignExtended(.r1, .r2, bits: 8), 0xbf), (.toBigEndian(.r1, bits: 16), 0xdc),
            (.toLittleEndian(.r1, bits: 32), 0xd4), (.byteSwap(.r1, bits: 64), 0xd7),
            (.load(.r2, from: .r1, offset: 4, size: .word), 0x61),
            (.loadSignExtended(.r2, from: .r1, size: .byte), 0x91),
            (.store(.r1, to: .r10, offset: -4, size: .word), 0x63),
            (.store(5, to: .r10, offset: -8, size: .doubleWord), 0x7a),
            (.atomic(.fetchAdd, .r2, at: .r1, size: .doubleWord), 0xdb),
            (.loadAcquire(.r0, from: .r1, size: .byte), 0xd3),
            (.storeRelease(.r2, to: .r1, size: .halfWord), 0xcb),
            (.loadPacket(size: .byte, at: 12), 0x30), (.loadPacket(size: .halfWord, at: .r1, offset: 2), 0x48),
            (.loadMapFD(.r1, 4), 0x18), (.call(.mapLookupElem), 0x85), (.exit(), 0x95),
        ]
        for (statement, opcode) in cases {
            guard case let .instruction(instruction) = statement.content else {
                Issue.record("\(statement) is not a plain instruction")
                continue
            }
            #expect(instruction.opcode == opcode, "\(statement)")
        }
    }
}

@Suite struct InstructionRoleTests {
    @Test func rolesAreRecognised() throws {
        let assembly = try Assembly([
            .loadMap(.r1, named: "m"),
            .call(.mapLookupElem),
            .call(function: "f"),
            .callKernelFunction(btfID: 3),
            .jump(.equal, .r0, 0, to: "f", width: .bits32),
            .mayGoto(to: "f"),
            .longJump(to: "f"),
            .loadFunction(.r2, "f"),
            .label("f"),
            .exit(),
        ])
        let instructions = assembly.instructions
        #expect(instructions.map(\.loadImmediateSource) == [.mapFileDescriptor, nil, nil, nil, nil, nil, nil, .function, nil])
        #expect(instructions.map(\.callSource) == [nil, .helper, .function, .kernelFunction, nil, nil, nil, nil, nil])
        #expect(instructions.map(\.helper) == [nil, .mapLookupElem, nil, nil, nil, nil, nil, nil, nil])
        #expect(instructions.map(\.isExit) == [false, false, false, false, false, false, false, false, true])
        // Each distance leads to slot 10, where "f" is.
        let slots = [0, 2, 3, 4, 5, 6, 7, 8, 10]
        for (instruction, slot) in zip(instructions, slots) {
            if let distance = instruction.slotDistance {
                #expect(slot + 1 + distance == 10, "\(instruction)")
            }
        }
        #expect(instructions.compactMap(\.slotDistance).count == 5)
        #expect("\(instructions[1])" == "(85) call bpf_map_lookup_elem#1")
    }
}
