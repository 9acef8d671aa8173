import Foundation
import Testing
@testable import BPFObject

@Suite struct KernelSymbolsTests {
    private static func parse(_ text: String) throws(KernelSymbolsError) -> KernelSymbols {
        try KernelSymbols(parsing: Array(text.utf8))
    }

    @Test func resolvesTheRunningKernelLikePython() throws {
        // One snapshot for both readers: other tests load programs meanwhile,
        // and each adds bpf_prog_* lines to /proc/kallsyms.
        let snapshot = try #require(FileHandle(forReadingAtPath: "/proc/kallsyms")).readToEnd() ?? Data()
        let snapshotPath = FileManager.default.temporaryDirectory.appendingPathComponent("kallsyms-\(getpid())").path
        try snapshot.write(to: URL(fileURLWithPath: snapshotPath))
        defer { try? FileManager.default.removeItem(atPath: snapshotPath) }
        let symbols = try KernelSymbols(parsing: Array(snapshot))
        // Python's reading: "name address" for a name at one address, "name
        // first second" for one at several, in file order.
        let output = try ToolOracle.python("""
            import re
            seen, order, lines = {}, [], 0
            for line in open('\(snapshotPath)'):
                lines += 1
                address, kind, name = line.split()[:3]
                if kind == 'd' and '.llvm.' in name:
                    name = name[:name.index('.llvm.')]
                if name not in seen:
                    seen[name] = []
                    order.append(name)
                if int(address, 16) not in seen[name]:
                    seen[name].append(int(address, 16))
            print(lines)
            for name in order:
                print(name, *seen[name][:2])
            """)
        let lines = String(decoding: output, as: UTF8.self).split(separator: "\n")
        #expect(symbols.count == Int(lines.first ?? ""))
        #expect(!symbols.addressesAreHidden)
        var ambiguous = 0
        var mismatches: [String] = []
        for line in lines.dropFirst() {
            let fields = line.split(separator: " ").map(String.init)
            let addresses = fields.dropFirst().compactMap { UInt64($0) }
            let result = Result { () throws(KernelSymbolsError) in try symbols.address(of: fields[0]) }
            switch (addresses.count, result) {
            case (1, .success(addresses.first)):
                break
            case (2, .failure(.ambiguous(fields[0], addresses[0], addresses[1]))):
                ambiguous += 1
            default:
                mismatches.append("\(line): \(result)")
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(10))")
        #expect(lines.count > 100_000)
        #expect(try KernelSymbols.runningKernel().count > 100_000)
        #expect(ambiguous > 0, "this kernel lists some static functions under one name at several addresses")
        #expect(try symbols.address(of: "no_such_symbol_in_this_kernel") == nil)
        #expect(try symbols.address(ofExtern: "no_such_symbol_in_this_kernel", isWeak: true) == 0)
        #expect(throws: KernelSymbolsError.notFound(name: "no_such_symbol_in_this_kernel")) {
            try symbols.address(ofExtern: "no_such_symbol_in_this_kernel", isWeak: false)
        }
    }

    @Test func duplicatesModulesAndLLVMSuffixes() throws {
        let symbols = try Self.parse("""
            ffffffff81000000 T _stext
            ffffffff81000010 t helper
            ffffffff81000010 t helper
            ffffffff81000020 t twice
            ffffffff81000030 t twice
            ffffffffc0201000 t ftrace_trampoline\t[__builtin__ftrace]
            ffffffffc0300000 T mod_func\t[my_module]
            ffffffff82000000 d counter.llvm.1234567
            ffffffff82000010 t text.llvm.99
            FFFFFFFF82000020 D UPPER

            """)
        #expect(symbols.count == 10)
        #expect(try symbols.address(of: "_stext") == 0xFFFF_FFFF_8100_0000)
        #expect(try symbols.address(of: "helper") == 0xFFFF_FFFF_8100_0010)
        #expect(throws: KernelSymbolsError.ambiguous(name: "twice", first: 0xFFFF_FFFF_8100_0020, second: 0xFFFF_FFFF_8100_0030)) {
            try symbols.address(ofExtern: "twice", isWeak: true)
        }
        #expect(try symbols.address(of: "ftrace_trampoline") == 0xFFFF_FFFF_C020_1000)
        #expect(try symbols.address(of: "mod_func") == 0xFFFF_FFFF_C030_0000)
        #expect(try symbols.address(of: "counter") == 0xFFFF_FFFF_8200_0000)
        #expect(try symbols.address(of: "counter.llvm.1234567") == nil)
        #expect(try symbols.address(of: "text") == nil)
        #expect(try symbols.address(of: "text.llvm.99") == 0xFFFF_FFFF_8200_0010)
        #expect(try symbols.address(of: "UPPER") == 0xFFFF_FFFF_8200_0020)
        #expect(try symbols.address(of: "") == nil)
    }

    @Test func zeroAddressesMeanHidden() throws {
        let symbols = try Self.parse("0000000000000000 T _stext\n0000000000000000 T bpf_prog_run\n")
        #expect(symbols.addressesAreHidden)
        #expect(throws: KernelSymbolsError.addressesHidden(name: "bpf_prog_run")) {
            try symbols.address(of: "bpf_prog_run")
        }
        #expect(try symbols.address(of: "absent") == nil)
        #expect(try Self.parse("").count == 0)
    }

    @Test(arguments: [
        "ffffffff81000000 T",
        "ffffffff81000000 T ",
        "ffffffff81000000T name",
        "ffffffff81000000  T name",
        "zzzz T name",
        "1ffffffff81000000 T name",
        " ffffffff81000000 T name",
        "ffffffff81000000",
    ])
    func rejectsMalformedLines(line: String) {
        #expect(throws: KernelSymbolsError.malformedLine(line: 2, text: line)) {
            try Self.parse("ffffffff81000000 T _stext\n" + line + "\nffffffff81000010 T next\n")
        }
    }
}
