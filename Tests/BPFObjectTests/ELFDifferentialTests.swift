import BPFObject
import Glibc
import LibELFOracle
import Testing

/// Our ELF reader against libelf, over every test object of both byte orders.
@Suite struct ELFDifferentialTests {
    @Test(arguments: TestInputs.objects + TestInputs.relocationsWithAddendObjects)
    func sectionsSymbolsAndRelocationsMatchLibelf(path: String) throws {
        guard let oracle = libelf_oracle_describe(path) else {
            Issue.record("libelf could not read \(path)")
            return
        }
        defer { free(oracle) }
        let expected = String(cString: oracle)
        let file = try ELFFile(bytes: try TestInputs.read(path))
        let isBPF = !TestInputs.relocationsWithAddendObjects.contains(path)
        #expect((file.header.machine == ELFHeader.machineBPF) == isBPF)
        // BPF objects carry REL tables, the others RELA: both encodings are compared.
        #expect(file.relocationTables.allSatisfy { table in table.entries.allSatisfy { ($0.addend == nil) == isBPF } })
        if !isBPF { #expect(!file.relocationTables.isEmpty) }
        #expect(!file.symbols.isEmpty)
        for symbol in file.symbols {
            if let index = symbol.definingSectionIndex {
                #expect(file.section(at: index) != nil)
            } else {
                #expect(symbol.sectionIndex == 0 || symbol.sectionIndex >= ELFSymbol.sectionReservedStart)
            }
        }
        #expect(Self.describe(file) == expected)
    }

    @Test func byteOrderFollowsTheTarget() throws {
        for path in TestInputs.relocationsWithAddendObjects {
            let file = try ELFFile(bytes: try TestInputs.read(path))
            #expect(file.header.byteOrder == (path.contains("s390x") ? .bigEndian : .littleEndian), "\(path)")
        }
        for path in TestInputs.objects {
            let file = try ELFFile(bytes: try TestInputs.read(path))
            let isBigEndian = path.contains("bpfeb")
            #expect(file.header.byteOrder == (isBigEndian ? .bigEndian : .littleEndian), "\(path)")
        }
    }

    /// The oracle's line format, from our reader.
    static func describe(_ file: ELFFile) -> String {
        var text = ""
        for section in file.sections {
            text += "section \(section.index) '\(section.name)' type=\(section.type.rawValue) flags=\(section.flags) "
                + "addr=\(section.address) offset=\(section.fileOffset) size=\(section.size) link=\(section.link) "
                + "info=\(section.info) align=\(section.alignment) entsize=\(section.entrySize)\n"
        }
        for section in file.sections {
            if section.index == file.symbolTableIndex {
                for symbol in file.symbols {
                    text += "symbol \(symbol.index) '\(symbol.name)' bind=\(symbol.binding.rawValue) "
                        + "type=\(symbol.type.rawValue) visibility=\(symbol.visibility.rawValue) "
                        + "shndx=\(symbol.sectionIndex) value=\(symbol.value) size=\(symbol.size)\n"
                }
            }
            for table in file.relocationTables where table.sectionIndex == section.index {
                for entry in table.entries {
                    text += "rel \(table.sectionIndex)->\(table.targetSectionIndex) offset=\(entry.offset) "
                        + "symbol=\(entry.symbolIndex) type=\(entry.type)"
                    if let addend = entry.addend { text += " addend=\(addend)" }
                    text += "\n"
                }
            }
        }
        return text
    }
}
