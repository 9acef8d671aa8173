import BPFInstructions
import BPFObject
import Testing
import TestObjectCatalog

/// Subprogram linking, relocations and hostile input, without a kernel.
@Suite struct ObjectLinkingTests {
    /// The slot each instruction of `instructions` starts at.
    static func slots(_ instructions: [Instruction]) -> [Int] {
        var slot = 0
        return instructions.map { instruction in
            defer { slot += instruction.slotCount }
            return slot
        }
    }

    @Test(arguments: ["bpfel", "bpfeb"])
    func callsLandOnTheAppendedSubprogramsAndFunctionInfoFollows(target: String) throws {
        for name in ["subprograms", "callbacks"] {
            let spec = try ObjectSpec(contentsOf: TestObjectCatalog.path(name, target: target))
            for program in spec.programs {
                let slots = Self.slots(program.instructions)
                let functionStarts = program.functionInfo.map { Int($0.instructionOffset) }
                // One func_info per function: the program and each appended subprogram, in order.
                #expect(functionStarts.count == 1 + program.subprograms.count, "\(program.name)")
                #expect(functionStarts.first == 0 && functionStarts == functionStarts.sorted())
                #expect(Set(functionStarts).count == functionStarts.count)
                for (index, instruction) in program.instructions.enumerated() {
                    let isCall = instruction.callSource == .function
                    let isAddress = instruction.loadImmediateSource == .function
                    guard isCall || isAddress, let distance = instruction.slotDistance else { continue }
                    let target = slots[index] + 1 + distance
                    #expect(functionStarts.contains(target), "\(program.name): instruction \(index) -> \(target)")
                }
                let lines = program.lineInfo.map(\.instructionOffset)
                #expect(lines == lines.sorted() && lines.first == 0, "\(program.name)")
                let slotCount = program.instructions.reduce(0) { $0 + $1.slotCount }
                #expect(lines.allSatisfy { Int($0) < slotCount })
            }
        }
    }

    @Test func eachProgramGetsItsOwnCopyOfSharedSubprograms() throws {
        let spec = try ObjectSpec(contentsOf: TestObjectCatalog.path("subprograms"))
        let first = try #require(spec.program(named: "tc_first"))
        let second = try #require(spec.program(named: "tc_second"))
        #expect(!first.subprograms.isEmpty && !second.subprograms.isEmpty)
        #expect(first.instructions.count > first.ownInstructionCount)
        #expect(Set(first.subprograms).count == first.subprograms.count, "each subprogram appended once")
    }

    @Test func callbacksBecomePseudoFunctionLoads() throws {
        let spec = try ObjectSpec(contentsOf: TestObjectCatalog.path("callbacks"))
        let program = try #require(spec.program(named: "run_callbacks"))
        #expect(program.instructions.contains { $0.loadImmediateSource == .function })
        #expect(spec.relocationCounts["function address", default: 0] > 0)
    }

    @Test func internalMapsAreNamedLikeLibbpf() throws {
        let spec = try ObjectSpec(contentsOf: TestObjectCatalog.path("global_data"))
        #expect(spec.map(named: ".rodata")?.kernelName == "global_d.rodata")
        #expect(spec.map(named: ".bss")?.kernelName == "global_d.bss")
        #expect(spec.map(named: ".data.foo")?.kernelName == ".data.foo")
        let kconfig = try ObjectSpec(contentsOf: TestObjectCatalog.path("kconfig_externs"))
        #expect(kconfig.map(named: ".kconfig")?.kernelName == "kconfig.kconfig")
    }

    @Test func aRelocationOffTheInstructionGridNamesSectionOffsetAndSymbol() throws {
        var bytes = try ObjectSpec(contentsOf: TestObjectCatalog.path("maps_basic")).elf.bytes
        let elf = try ELFFile(bytes: bytes)
        let table = try #require(elf.relocationTables.first { elf.sections[$0.targetSectionIndex].name == "socket" })
        let entry = try #require(table.entries.first)
        let symbol = elf.symbols[Int(entry.symbolIndex)].name
        // Move the first relocation 3 bytes into its instruction.
        let position = Int(elf.sections[table.sectionIndex].fileOffset)
        bytes[position] &+= 3
        #expect(throws: ObjectError.badRelocation(section: "socket", instructionOffset: Int(entry.offset / 8),
                                                  symbol: symbol, reason: "the offset is not the start of an instruction")) {
            try ObjectSpec(bytes: bytes, name: "maps_basic")
        }
    }

    @Test func sectionNamesFollowCurrentLibbpf() {
        let cases: [(String, ProgramType, AttachType)] = [
            ("sk_skb/verdict", .socketSKB, .socketSKBVerdict),
            ("sk_skb/stream_parser", .socketSKB, .socketSKBStreamParser),
            ("sk_msg", .socketMessage, .socketMessageVerdict),
            ("sk_lookup", .socketLookup, .socketLookup),
            ("sockops", .socketOps, .cgroupSocketOps),
            ("tcx/ingress", .schedClassifier, .tcxIngress),
            ("cgroup/connect6", .cgroupSocketAddress, .cgroupInet6Connect),
            ("kprobe/do_sys_open", .kprobe, AttachType(rawValue: 0)),
            ("fentry/tcp_connect", .tracing, .traceFentry),
            ("iter/task", .tracing, .traceIter),
            ("lsm.s/file_open", .lsm, .lsmMac),
            ("struct_ops/init", .structOps, AttachType(rawValue: 0)),
            ("xdp.frags", .xdp, .xdp),
        ]
        for (name, type, attach) in cases {
            let section = ProgramSection.classify(name)
            #expect(section?.type == type && section?.expectedAttachType == attach, "\(name)")
        }
        #expect(ProgramSection.classify("lsm.s/file_open")?.flags == .sleepable)
        #expect(ProgramSection.classify("fentry/tcp_connect")?.attachTarget == "tcp_connect")
        #expect(ProgramSection.classify("socketx") == nil)
        #expect(ProgramSection.classify("kprobex/foo") == nil)
        #expect(ProgramSection.classify("sk_skb/unknown") == nil)
    }

    /// Every prefix and many single-byte corruptions of every object give a spec or an error, never a crash.
    @Test(arguments: TestObjectCatalog.names)
    func damagedObjectsNeverCrash(name: String) throws {
        let bytes = try ObjectSpec(contentsOf: TestObjectCatalog.path(name)).elf.bytes
        var generator = SystemRandomNumberGenerator()
        for length in stride(from: 0, to: bytes.count, by: max(1, bytes.count / 32)) {
            _ = try? ObjectSpec(bytes: Array(bytes.prefix(length)), name: name)
        }
        // Corruption aimed at what the object reader interprets: BTF, symbols,
        // relocations, map definitions and code, several bytes at a time.
        let elf = try ELFFile(bytes: bytes)
        let targets = elf.sections.filter { section in
            section.type != .nobits && section.size > 0
                && ([".BTF", ".BTF.ext", ".symtab", ".maps", "maps"].contains(section.name)
                    || section.type == .relocations || section.flags & ELFSection.flagExecutable != 0)
        }
        for _ in 0..<120 {
            var damaged = bytes
            let section = try #require(targets.randomElement(using: &generator))
            for _ in 0..<Int.random(in: 1...4, using: &generator) {
                let index = Int(section.fileOffset) + Int.random(in: 0..<Int(section.size), using: &generator)
                damaged[index] = UInt8.random(in: 0...255, using: &generator)
            }
            if let spec = try? ObjectSpec(bytes: damaged, name: name) {
                _ = try? spec.loadableBTF()
                _ = try? spec.loadableBTFBytes()
            }
        }
    }
}
