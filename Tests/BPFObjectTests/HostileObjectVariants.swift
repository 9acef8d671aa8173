import BPFInstructions
import BPFObject

/// A deterministic random source (SplitMix64), so every run damages the
/// objects in the same way and a failure names a variant that can be rebuilt.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var value = state
        value = (value ^ (value >> 30)) &* 0xbf58_476d_1ce4_e5b9
        value = (value ^ (value >> 27)) &* 0x94d0_49bb_1331_11eb
        return value ^ (value >> 31)
    }
}

/// One damaged input and what it is: `label` names the object and the damage.
struct HostileVariant {
    /// The object's file name and the damage, for a failure report.
    var label: String
    /// The damaged bytes: a whole object, or a BTF blob when `isBTFBlob`.
    var bytes: [UInt8]
    /// The bytes are a standalone `.BTF` blob rather than an ELF file.
    var isBTFBlob = false
}

/// Damages one valid object in every way the hostile suite asks for and hands
/// each variant to a consumer, one at a time so memory stays flat: truncation
/// at every section boundary, bit flips in each structure, overlapping
/// sections, string offsets out of range, relocations aimed at the wrong
/// instruction, BTF type loops and huge counts.
struct HostileVariantGenerator {
    /// Looped BTF blobs up to this size are also tried on their own.
    static let standaloneBTFLimit = 16 << 10

    let name: String
    let original: [UInt8]
    let file: ELFFile
    var random: SplitMix64

    /// Nil for bytes that are not a valid ELF file to begin with.
    init?(name: String, bytes: [UInt8], seed: UInt64) {
        guard let file = try? ELFFile(bytes: bytes) else { return nil }
        self.name = name
        self.original = bytes
        self.file = file
        self.random = SplitMix64(seed: seed)
    }

    private var order: ByteOrder { file.header.byteOrder }

    /// The file offset of section `index`'s header.
    private func headerOffset(_ index: Int) -> Int {
        Int(truncatingIfNeeded: file.header.sectionHeaderOffset) + index * SectionDamage.sectionHeaderSize
    }

    private func range(of section: ELFSection) -> Range<Int> {
        let data = file.data(of: section)
        return data.startIndex..<data.endIndex
    }

    /// Calls `consume` with every variant of the object.
    mutating func forEachVariant(_ consume: (HostileVariant) -> Void) {
        truncations(consume)
        bitFlips(consume)
        overlaps(consume)
        outOfRangeStrings(consume)
        misplacedRelocations(consume)
        typeLoops(consume)
        hugeCounts(consume)
    }

    private func variant(_ damage: String, _ edit: (inout [UInt8]) -> Void) -> HostileVariant {
        var bytes = original
        edit(&bytes)
        return HostileVariant(label: "\(name): \(damage)", bytes: bytes)
    }

    private func patch(_ bytes: inout [UInt8], at offset: Int, _ value: UInt64, width: Int) {
        guard offset >= 0, offset + width <= bytes.count else { return }
        for index in 0..<width {
            let shift = order == .littleEndian ? index * 8 : (width - 1 - index) * 8
            bytes[offset + index] = UInt8(truncatingIfNeeded: value >> UInt64(shift))
        }
    }

    private func truncations(_ consume: (HostileVariant) -> Void) {
        var cuts: Set<Int> = [0, 4, 16, 63, 64]
        for section in file.sections where section.type != .nobits && section.type != .null {
            cuts.insert(range(of: section).lowerBound)
            cuts.insert(range(of: section).upperBound)
        }
        // Into the section header table: its start, after the null header, before the last.
        let table = headerOffset(0)
        cuts.formUnion([table, table + SectionDamage.sectionHeaderSize, headerOffset(file.sections.count - 1)])
        for cut in cuts.sorted() where cut < original.count {
            consume(HostileVariant(label: "\(name): truncated at \(cut)", bytes: Array(original[..<cut])))
        }
    }

    private mutating func flip(in region: Range<Int>, _ what: String, count: Int, _ consume: (HostileVariant) -> Void) {
        guard !region.isEmpty else { return }
        for _ in 0..<count {
            let offset = Int.random(in: region, using: &random)
            let bit = UInt8(1) << UInt8.random(in: 0..<8, using: &random)
            consume(variant("bit \(bit) flipped at \(offset) in \(what)") { $0[offset] ^= bit })
        }
    }

    private mutating func bitFlips(_ consume: (HostileVariant) -> Void) {
        flip(in: 0..<64, "the ELF header", count: 8, consume)
        let table = headerOffset(0)
        flip(in: table..<(table + file.sections.count * SectionDamage.sectionHeaderSize), "the section headers",
             count: 10, consume)
        if let symbols = file.symbolTableIndex.flatMap(file.section(at:)) {
            flip(in: range(of: symbols), "the symbol table", count: 10, consume)
        }
        for table in file.relocationTables.prefix(4) {
            if let section = file.section(at: table.sectionIndex) {
                flip(in: range(of: section), "relocations \(section.name)", count: 4, consume)
            }
        }
        if let btf = file.section(named: ".BTF") {
            let whole = range(of: btf)
            flip(in: whole.lowerBound..<min(whole.upperBound, whole.lowerBound + 24), "the BTF header", count: 5, consume)
            flip(in: whole, ".BTF", count: 8, consume)
        }
        if let ext = file.section(named: ".BTF.ext") {
            flip(in: range(of: ext), ".BTF.ext", count: 6, consume)
        }
    }

    /// Sections whose file ranges are made to overlap another section or the section header table.
    private mutating func overlaps(_ consume: (HostileVariant) -> Void) {
        let candidates = file.sections.filter { $0.type != .nobits && $0.type != .null && $0.size > 0 }
        guard candidates.count >= 2 else { return }
        for _ in 0..<6 {
            let moved = candidates[Int.random(in: candidates.indices, using: &random)]
            let onto = candidates[Int.random(in: candidates.indices, using: &random)]
            consume(variant("section \(moved.index) moved onto section \(onto.index)") { bytes in
                patch(&bytes, at: headerOffset(moved.index) + 24, onto.fileOffset + onto.size / 2, width: 8)
            })
        }
        let moved = candidates[Int.random(in: candidates.indices, using: &random)]
        consume(variant("section \(moved.index) moved onto the section headers") { bytes in
            patch(&bytes, at: headerOffset(moved.index) + 24, file.header.sectionHeaderOffset, width: 8)
        })
    }

    private mutating func outOfRangeStrings(_ consume: (HostileVariant) -> Void) {
        let names = file.sections[file.header.sectionNameTableIndex]
        for value in [names.size, names.size + 1, UInt64(UInt32.max)] {
            let index = Int.random(in: 1..<file.sections.count, using: &random)
            consume(variant("section \(index) name offset \(value)") { bytes in
                patch(&bytes, at: headerOffset(index), value, width: 4)
            })
        }
        if let symbols = file.symbolTableIndex.flatMap(file.section(at:)), file.symbols.count > 1 {
            for value in [UInt64(UInt32.max), UInt64(0x7fff_ffff)] {
                let index = Int.random(in: 1..<file.symbols.count, using: &random)
                consume(variant("symbol \(index) name offset \(value)") { bytes in
                    patch(&bytes, at: range(of: symbols).lowerBound + index * 24, value, width: 4)
                })
            }
        }
        if let btf = file.section(named: ".BTF"), let header = btfHeader(btf) {
            // The first type record's name offset, then one far past the strings.
            consume(variant("first BTF type name offset past the strings") { bytes in
                patch(&bytes, at: header.types, UInt64(header.stringLength) + 1, width: 4)
            })
            if let ext = file.section(named: ".BTF.ext") {
                let start = range(of: ext).lowerBound
                consume(variant("first .BTF.ext section name offset past the strings") { bytes in
                    // Past the 32-byte header and the func_info record size.
                    patch(&bytes, at: start + Int(readWord(bytes, start + 4)) + Int(readWord(bytes, start + 8)) + 4,
                          UInt64(header.stringLength) + 7, width: 4)
                })
            }
        }
    }

    /// Relocations moved off the `ld_imm64` or call they patch: onto the next
    /// slot, into the middle of one, or past the end of the section.
    private mutating func misplacedRelocations(_ consume: (HostileVariant) -> Void) {
        for table in file.relocationTables {
            guard let target = file.section(at: table.targetSectionIndex),
                  target.flags & ELFSection.flagExecutable != 0, !table.entries.isEmpty,
                  let relocations = file.section(at: table.sectionIndex) else { continue }
            let index = Int.random(in: 0..<table.entries.count, using: &random)
            let entry = range(of: relocations).lowerBound + index * Int(relocations.entrySize)
            let offset = table.entries[index].offset
            for (what, value) in [("next slot", offset + 8), ("mid-slot", offset + 3), ("past the end", target.size),
                                  ("far away", UInt64.max - 7)] {
                consume(variant("relocation \(index) of \(target.name) moved to the \(what)") { bytes in
                    patch(&bytes, at: entry, value, width: 8)
                })
            }
        }
    }

    private func readWord(_ bytes: [UInt8], _ offset: Int) -> UInt32 {
        guard offset >= 0, offset + 4 <= bytes.count else { return 0 }
        var value: UInt32 = 0
        for index in 0..<4 {
            let shift = order == .littleEndian ? index * 8 : (3 - index) * 8
            value |= UInt32(bytes[offset + index]) << UInt32(shift)
        }
        return value
    }

    /// The absolute offsets of the type records and the string length of a `.BTF` section.
    private func btfHeader(_ section: ELFSection) -> (types: Int, stringLength: UInt32)? {
        let start = range(of: section).lowerBound
        guard section.size >= 24 else { return nil }
        return (start + Int(readWord(original, start + 4)) + Int(readWord(original, start + 8)),
                readWord(original, start + 20))
    }

    /// Type references bent back onto the type itself or onto a type that
    /// refers to it. Each spec is rebuilt with the loop and tried on its own
    /// and, when it fits, written over the object's `.BTF`.
    private mutating func typeLoops(_ consume: (HostileVariant) -> Void) {
        guard let section = file.section(named: ".BTF"),
              let spec = try? BTF.parse(bytes: Array(file.data(of: section))),
              let pristine = try? BTFBuilder(copyingAllOf: spec) else { return }
        let referring = spec.ownTypeIDs.filter { id in
            (try? spec.type(id)).map { !$0.definition.referencedTypeIDs.isEmpty } ?? false
        }
        guard !referring.isEmpty else { return }
        for round in 0..<6 {
            var builder = pristine
            let id = referring[Int.random(in: referring.indices, using: &random)]
            // Even rounds: a self-loop. Odd rounds: through another referring type back to this one.
            let partner = round.isMultiple(of: 2) ? id : referring[Int.random(in: referring.indices, using: &random)]
            guard var type = builder[id], var other = builder[partner] else { continue }
            type.definition = type.definition.mappingTypeIDs { _ in partner }
            other.definition = other.definition.mappingTypeIDs { _ in id }
            builder[partner] = other
            builder[id] = type
            guard let blob = try? builder.marshal(byteOrder: order) else { continue }
            // On its own, a looped spec gets every BTF check (resolution, dumps, the
            // round trip), which only small ones can afford; all meet the loop in their object.
            if blob.count <= Self.standaloneBTFLimit {
                consume(HostileVariant(label: "\(name): BTF loop \(id) -> \(partner)", bytes: blob, isBTFBlob: true))
            }
            let slot = range(of: section)
            guard blob.count <= slot.count else { continue }
            consume(variant("BTF loop \(id) -> \(partner) in the object") { bytes in
                bytes.replaceSubrange(slot.lowerBound..<(slot.lowerBound + blob.count), with: blob)
                patch(&bytes, at: headerOffset(section.index) + 32, UInt64(blob.count), width: 8)
            })
        }
    }

    private mutating func hugeCounts(_ consume: (HostileVariant) -> Void) {
        consume(variant("e_shnum 0xffff") { patch(&$0, at: 60, 0xffff, width: 2) })
        consume(variant("e_shnum 0 with a huge count in section 0") { bytes in
            patch(&bytes, at: 60, 0, width: 2)
            patch(&bytes, at: headerOffset(0) + 32, UInt64.max / 2, width: 8)
        })
        consume(variant("e_shstrndx 0xffff with a huge link in section 0") { bytes in
            patch(&bytes, at: 62, 0xffff, width: 2)
            patch(&bytes, at: headerOffset(0) + 40, UInt64(UInt32.max), width: 4)
        })
        if let symbols = file.symbolTableIndex {
            consume(variant("symbol table size 2^40") { patch(&$0, at: headerOffset(symbols) + 32, 1 << 40, width: 8) })
        }
        guard let btf = file.section(named: ".BTF"), let header = btfHeader(btf) else { return }
        let start = range(of: btf).lowerBound
        consume(variant("BTF type length 0xffffffff") { patch(&$0, at: start + 12, UInt64(UInt32.max), width: 4) })
        consume(variant("BTF string offset 0xfffffff0") { patch(&$0, at: start + 16, 0xffff_fff0, width: 4) })
        consume(variant("BTF first type vlen 0xffff") { bytes in
            let info = readWord(bytes, header.types + 4)
            patch(&bytes, at: header.types + 4, UInt64(info | 0xffff), width: 4)
        })
        guard let ext = file.section(named: ".BTF.ext") else { return }
        let extStart = range(of: ext).lowerBound
        let funcInfo = extStart + Int(readWord(original, extStart + 4)) + Int(readWord(original, extStart + 8))
        consume(variant(".BTF.ext record count 0xffffffff") { patch(&$0, at: funcInfo + 8, UInt64(UInt32.max), width: 4) })
        consume(variant(".BTF.ext record size 0xfffffffc") { patch(&$0, at: funcInfo, 0xffff_fffc, width: 4) })
        consume(variant(".BTF.ext huge record size and count") { bytes in
            patch(&bytes, at: funcInfo, 0xffff_fffc, width: 4)
            patch(&bytes, at: funcInfo + 8, UInt64(UInt32.max), width: 4)
        })
    }
}
