import BPFObject
import Testing

/// Parsing, lookup and resolution on the kernel's BTF and the test objects.
@Suite struct BTFParserTests {
    @Test func vmlinuxAndObjectsValidate() throws {
        try #require(BTFFixtures.vmlinux).validate()
        for path in BTFFixtures.objectsWithBTF {
            let file = try ELFFile(bytes: try TestInputs.read(path))
            try BTF.parse(bytes: try #require(BTFFixtures.btfSection(of: file))).validate()
        }
        var broken = BTFBuilder()
        broken.add(BTFType(.pointer(7)))
        #expect(throws: BTFError(.invalidTypeID(7), offset: 24)) { try BTF.parse(bytes: broken.marshal()).validate() }
    }

    @Test func lookupByNameAndKind() throws {
        let btf = try #require(BTFFixtures.vmlinux)
        let skBuff = try #require(btf.typeID(named: "sk_buff", kind: .structure))
        #expect(try btf.name(of: skBuff) == "sk_buff")
        #expect(try btf.kind(of: skBuff) == .structure)
        guard case .structure(let composite) = try btf.type(skBuff).definition else {
            Issue.record("sk_buff is not a struct")
            return
        }
        #expect(try btf.size(of: skBuff) == Int(composite.size))
        #expect(composite.members.contains { $0.name == "len" })
        #expect(btf.typeID(named: "sk_buff", kind: .union) == nil)
        #expect(btf.typeIDs(named: "no_such_type_in_any_kernel").isEmpty)
        // Every id the index returns really carries the name.
        for id in btf.typeIDs(named: "u32") { #expect(try btf.name(of: id) == "u32") }
    }

    @Test func nameIndexFindsEveryNamedType() throws {
        let btf = try #require(BTFFixtures.vmlinux)
        var checked = 0
        for id in btf.ownTypeIDs where id % 97 == 0 {
            let name = try btf.name(of: id)
            guard !name.isEmpty else { continue }
            #expect(btf.typeIDs(named: name).contains(id), "\(id) \(name)")
            checked += 1
        }
        #expect(checked > 100)
    }

    @Test func resolvesModifiersAndTypedefs() throws {
        let btf = try #require(BTFFixtures.vmlinux)
        let u32 = try #require(btf.typeID(named: "u32", kind: .typedef))
        let resolved = try btf.resolve(u32)
        #expect(try btf.kind(of: resolved) == .int)
        #expect(try btf.resolve(u32, keepingTypedefs: true) == u32)
        #expect(try btf.size(of: u32) == 4)
        #expect(try btf.alignment(of: u32) == 4)
        #expect(try btf.resolve(0) == 0)
        #expect(throws: BTFError.self) { try btf.type(btf.nextTypeID) }
        #expect(throws: BTFError.self) { try btf.type(0) }
    }

    @Test(arguments: BTFFixtures.objectsWithBTF)
    func objectBTFExtRecordsReferToFunctionsAndSections(path: String) throws {
        let file = try ELFFile(bytes: try TestInputs.read(path))
        let btf = try BTF.parse(bytes: try #require(BTFFixtures.btfSection(of: file)))
        let extSection = try #require(file.section(named: ".BTF.ext"))
        let ext = try BTFExt.parse(bytes: [UInt8](file.data(of: extSection)), btf: btf)
        #expect(ext.byteOrder == btf.byteOrder)
        #expect(!ext.functionInfos.isEmpty)
        #expect(!ext.lineInfos.isEmpty)
        for section in ext.functionInfos {
            #expect(file.section(named: section.sectionName) != nil, "\(section.sectionName)")
            for record in section.records {
                #expect(try btf.kind(of: record.type) == .function)
                #expect(record.instructionOffset % 8 == 0)
            }
        }
        for section in ext.lineInfos {
            for record in section.records {
                #expect(try btf.string(at: record.fileNameOffset).hasSuffix(".c"))
                #expect(record.line > 0)
            }
        }
        for section in ext.coreRelocations {
            for record in section.records {
                #expect(try btf.string(at: record.accessStringOffset).first?.isNumber == true)
                #expect(record.type != 0)
            }
        }
        if path.hasSuffix("-core.o") {
            #expect(ext.coreRelocations.flatMap(\.records).count >= 3)
        }
    }

    @Test func truncatedAndCorruptedInputsThrowInsteadOfCrashing() throws {
        let path = try #require(BTFFixtures.objectsWithBTF.first)
        let object = try TestInputs.read(path)
        let file = try ELFFile(bytes: object)
        let btfBytes = try #require(BTFFixtures.btfSection(of: file))
        let extBytes = try [UInt8](file.data(of: #require(file.section(named: ".BTF.ext"))))
        let btf = try BTF.parse(bytes: btfBytes)
        for length in stride(from: 0, to: object.count, by: 7) {
            #expect(throws: ELFError.self) { try ELFFile(bytes: Array(object.prefix(length))) }
        }
        for length in 0..<btfBytes.count {
            let prefix = Array(btfBytes.prefix(length))
            #expect(throws: BTFError.self) { try BTF.parse(bytes: prefix) }
        }
        for length in 0..<extBytes.count {
            _ = try? BTFExt.parse(bytes: Array(extBytes.prefix(length)), btf: btf)
        }
        // Flip bytes one at a time: any outcome but a crash is acceptable, and
        // a spec that parses must still dump or fail with a typed error.
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            var mutated = btfBytes
            let index = Int.random(in: 0..<mutated.count, using: &generator)
            mutated[index] = UInt8.random(in: 0...255, using: &generator)
            if let spec = try? BTF.parse(bytes: mutated) {
                _ = try? spec.rawDump()
                _ = try? spec.cHeader()
                _ = try? spec.validate()
                for id in spec.ownTypeIDs {
                    _ = try? spec.size(of: id)
                    _ = try? spec.alignment(of: id)
                }
            }
            var mutatedObject = object
            let objectIndex = Int.random(in: 0..<mutatedObject.count, using: &generator)
            mutatedObject[objectIndex] = UInt8.random(in: 0...255, using: &generator)
            _ = try? ELFFile(bytes: mutatedObject)
            var mutatedExt = extBytes
            let extIndex = Int.random(in: 0..<mutatedExt.count, using: &generator)
            mutatedExt[extIndex] = UInt8.random(in: 0...255, using: &generator)
            _ = try? BTFExt.parse(bytes: mutatedExt, btf: btf)
        }
    }

    @Test func anAnonymousStructThatContainsItselfIsRefusedAtTheFirstRepeat() throws {
        // C cannot spell it; the C header must say so at once rather than nest
        // the struct's body inside itself down to the depth bound (a fuzzer
        // found such a spec taking a second per dump, and far more under load).
        var builder = BTFBuilder()
        let int = builder.add(BTFType(name: "int", .int(BTFInteger(size: 4, encoding: .signed, bitCount: 32))))
        let anonymous = builder.nextTypeID
        builder.add(BTFType(.structure(BTFComposite(size: 16, members: [
            BTFMember(name: "value", type: int, bitOffset: 0),
            BTFMember(name: "next", type: anonymous + 1, bitOffset: 64),
        ]))))
        builder.add(BTFType(.pointer(anonymous)))
        builder.add(BTFType(name: "holder", .structure(BTFComposite(size: 16, members: [
            BTFMember(name: "inner", type: anonymous, bitOffset: 0),
        ]))))
        let btf = try BTF.parse(bytes: try builder.marshal())
        try btf.validate()
        #expect(throws: BTFError(.resolutionTooDeep(anonymous))) { try btf.cHeader() }
    }

    @Test func hostileNestingIsRefusedNotOverflowingTheStack() throws {
        // A chain of 100,000 pointers, and a typedef loop: both must end in an error or a result.
        var builder = BTFBuilder()
        builder.add(BTFType(name: "int", .int(BTFInteger(size: 4, encoding: .signed, bitCount: 32))))
        for target in 1..<100_000 { builder.add(BTFType(.pointer(BTFTypeID(target)))) }
        let loopStart = builder.nextTypeID
        builder.add(BTFType(name: "a", .typedef(loopStart + 1)))
        builder.add(BTFType(name: "b", .typedef(loopStart)))
        builder.add(BTFType(name: "holder", .structure(BTFComposite(size: 8, members: [
            BTFMember(name: "deep", type: loopStart - 1, bitOffset: 0),
        ]))))
        let btf = try BTF.parse(bytes: try builder.marshal())
        #expect(throws: BTFError.self) { try btf.cHeader() }
        #expect(throws: BTFError(.resolutionTooDeep(loopStart))) { try btf.resolve(loopStart) }
        #expect(try btf.size(of: loopStart - 1) == 8)
        #expect(try btf.rawDump().hasSuffix("\t'deep' type_id=\(loopStart - 1) bits_offset=0\n"))
    }

    @Test func sharedAnonymousNestingDoesNotExplode() throws {
        // Each anonymous struct holds the previous one twice: inlining it
        // everywhere would double the text at each of 64 levels.
        var builder = BTFBuilder()
        var previous = builder.add(BTFType(name: "int", .int(BTFInteger(size: 4, encoding: .signed, bitCount: 32))))
        for _ in 0..<64 {
            // The layout is nonsense (both members at 0); only the nesting matters here.
            let members = [BTFMember(name: "left", type: previous, bitOffset: 0),
                           BTFMember(name: "right", type: previous, bitOffset: 0)]
            previous = builder.add(BTFType(.structure(BTFComposite(size: 4, members: members))))
        }
        builder.add(BTFType(name: "top", .typedef(previous)))
        let btf = try BTF.parse(bytes: try builder.marshal())
        #expect(throws: BTFError.self) { try btf.cHeader() }
    }

    /// Each struct holds the one before it four times, 12 levels deep: a walk
    /// that measured every member anew would decode 4^12 (16 million) types
    /// and take minutes. Measuring each type once answers in milliseconds.
    @Test func alignmentOfSharedNestingIsLinear() throws {
        var builder = BTFBuilder()
        var previous = builder.add(BTFType(name: "int", .int(BTFInteger(size: 4, encoding: .signed, bitCount: 32))))
        for level in 0..<12 {
            // The layout is nonsense (every member at 0); only the sharing matters here.
            let members = (0..<4).map { BTFMember(name: "m\($0)", type: previous, bitOffset: 0) }
            previous = builder.add(BTFType(name: "s\(level)", .structure(BTFComposite(size: 4, members: members))))
        }
        let btf = try BTF.parse(bytes: try builder.marshal())
        let clock = ContinuousClock()
        let start = clock.now
        #expect(try btf.alignment(of: previous) == 4)
        let header = try btf.cHeader()
        // A thousand times what it takes, so a loaded machine or a sanitizer build still passes.
        #expect(clock.now - start < .seconds(5))
        #expect(header.contains("struct s11 {\n\tstruct s10 m0;\n\tstruct s10 m1;"))
    }

    /// A type measured once in a walk is reused only where the depth limit
    /// would still let it be measured: reached deeper, the walk throws the
    /// error a walk without reuse throws.
    @Test func alignmentKeepsTheDepthLimitForReusedTypes() throws {
        var builder = BTFBuilder()
        // chain[k] is a struct holding chain[k - 1]; chain[0] is int.
        var chain = [builder.add(BTFType(name: "int", .int(BTFInteger(size: 4, encoding: .signed, bitCount: 32))))]
        for level in 1...31 {
            chain.append(builder.add(BTFType(name: "c\(level)", .structure(BTFComposite(size: 4, members: [
                BTFMember(name: "m", type: chain[level - 1], bitOffset: 0),
            ])))))
        }
        // Measured first one level down (30 more below: fits), then three levels down (33: too deep).
        let deeper = builder.add(BTFType(name: "deeper", .structure(BTFComposite(size: 4, members: [
            BTFMember(name: "m", type: chain[31], bitOffset: 0),
        ]))))
        let both = builder.add(BTFType(name: "both", .structure(BTFComposite(size: 8, members: [
            BTFMember(name: "shallow", type: chain[30], bitOffset: 0),
            BTFMember(name: "deep", type: deeper, bitOffset: 32),
        ]))))
        let btf = try BTF.parse(bytes: try builder.marshal())
        #expect(try btf.alignment(of: chain[31]) == 4)
        // Depth 0 is `both`, 1 `deeper`, 2 chain[31], ... 32 chain[1]: one past the limit.
        #expect(throws: BTFError(.resolutionTooDeep(chain[1]))) { try btf.alignment(of: both) }
    }

    @Test func errorsCarryTheOffset() throws {
        var bytes = try BTFBuilder().marshal()
        bytes[2] = 9
        #expect(throws: BTFError(.unsupportedVersion(9), offset: 2)) { try BTF.parse(bytes: bytes) }
        #expect(throws: ELFError(.badMagic, offset: 0)) { try ELFFile(bytes: [UInt8](repeating: 0, count: 64)) }
    }
}
