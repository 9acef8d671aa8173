import Foundation
import Testing
@testable import BPFObject

@Suite struct KernelConfigTests {
    /// Python's reading of every CONFIG_ line: "NAME\tkind\tvalue" with strings hex-encoded.
    private static func pythonOracle(_ text: [UInt8]) throws -> [String: KernelConfig.Value] {
        let output = try ToolOracle.python(#"""
            import sys, re
            for raw in sys.stdin.buffer.read().decode().split('\n'):
                m = re.fullmatch(r'# (CONFIG_\w+) is not set', raw)
                if m:
                    print(m.group(1) + '\tunset\t'); continue
                if not raw.startswith('CONFIG_'): continue
                name, value = raw.split('=', 1)
                if value in ('y', 'm', 'n'):
                    print(name + '\ttri\t' + value)
                elif value.startswith('"'):
                    s = re.sub(r'\\(.)', r'\1', value[1:-1])
                    print(name + '\tstr\t' + s.encode().hex())
                else:
                    print(name + '\tint\t' + str(int(value, 0) % (1 << 64)))
            """#, input: text)
        var values: [String: KernelConfig.Value] = [:]
        for line in String(decoding: output, as: UTF8.self).split(separator: "\n") {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            let value: KernelConfig.Value
            switch fields[1] {
            case "unset": value = .notSet
            case "tri": value = .tristate(fields[2] == "y" ? .yes : fields[2] == "m" ? .module : .no)
            case "str":
                let hex = Array(fields[2].utf8)
                value = .string(stride(from: 0, to: hex.count, by: 2).map {
                    UInt8(String(decoding: hex[$0..<$0 + 2], as: UTF8.self), radix: 16) ?? 0
                })
            default: value = .integer(UInt64(fields[2]) ?? 0)
            }
            if values[fields[0]] == nil { values[fields[0]] = value }
        }
        return values
    }

    @Test func readsTheRunningKernelsConfigLikePython() throws {
        let config = try KernelConfig.runningKernel()
        let text = try ToolOracle.run(["zcat", "/proc/config.gz"])
        let expected = try Self.pythonOracle(text)
        #expect(expected.count > 1000)
        #expect(config.values == expected)
        #expect(config["CONFIG_BPF_SYSCALL"] == .tristate(.yes))
        let release = String(decoding: try ToolOracle.run(["uname", "-r"]), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(KernelVersion.runningRelease() == release)
        #expect(config["CONFIG_LOCALVERSION"].map { value -> Bool in
            guard case .string(let suffix) = value else { return false }
            return release.hasSuffix(String(decoding: suffix, as: UTF8.self))
        } == true)
    }

    @Test func parsesEveryValueForm() throws {
        let text = """
            # Automatically generated file; DO NOT EDIT.
            CONFIG_YES=y
            CONFIG_MOD=m
            CONFIG_NO=n
            CONFIG_DEC=1234
            CONFIG_NEG=-17
            CONFIG_HEX=0xdead000000000000
            CONFIG_UPPERHEX=0XFF
            CONFIG_OCT=0755
            CONFIG_ZERO=0
            CONFIG_STR="a \\"quoted\\" \\\\ string"
            CONFIG_EMPTY=""
            # CONFIG_OFF is not set
            CONFIG_CRLF=y\r
            CONFIG_YES=n

            """
        let config = try KernelConfig(parsing: Array(text.utf8))
        #expect(config.values == [
            "CONFIG_YES": .tristate(.yes), "CONFIG_MOD": .tristate(.module), "CONFIG_NO": .tristate(.no),
            "CONFIG_DEC": .integer(1234), "CONFIG_NEG": .integer(UInt64(bitPattern: -17)),
            "CONFIG_HEX": .integer(0xDEAD_0000_0000_0000), "CONFIG_UPPERHEX": .integer(255),
            "CONFIG_OCT": .integer(0o755), "CONFIG_ZERO": .integer(0),
            "CONFIG_STR": .string(Array(#"a "quoted" \ string"#.utf8)), "CONFIG_EMPTY": .string([]),
            "CONFIG_OFF": .notSet, "CONFIG_CRLF": .tristate(.yes),
        ])
    }

    @Test(arguments: [
        ("CONFIG_A", "no '=' separator"),
        ("CONFIG_A=", "no value"),
        ("CONFIG_A=yes", "not y, m, n, a string or an integer"),
        ("CONFIG_A=0x", "not y, m, n, a string or an integer"),
        ("CONFIG_A=099", "not y, m, n, a string or an integer"),
        ("CONFIG_A=18446744073709551616", "not y, m, n, a string or an integer"),
        ("CONFIG_A=\"open", "unterminated or malformed string"),
        ("CONFIG_A=\"a\"b", "unterminated or malformed string"),
        ("CONFIG_A=\"ends in backslash\\", "unterminated or malformed string"),
    ])
    func rejectsMalformedLines(line: String, problem: String) {
        let text = "CONFIG_OK=y\n# comment\n" + line + "\n"
        #expect(throws: KernelConfigError.malformedLine(line: 3, text: line, problem: problem)) {
            try KernelConfig(parsing: Array(text.utf8))
        }
    }

    @Test func overridesLikeLibbpfExtraKconfig() throws {
        let system = try KernelConfig(parsing: Array("CONFIG_A=y\nCONFIG_B=1\nCONFIG_C=m\n".utf8))
        let extra = try KernelConfig(parsing: Array("CONFIG_B=2\n# CONFIG_C is not set\nCONFIG_D=n\n".utf8))
        #expect(system.overridden(by: extra).values == [
            "CONFIG_A": .tristate(.yes), "CONFIG_B": .integer(2), "CONFIG_C": .tristate(.module), "CONFIG_D": .tristate(.no),
        ])
    }

    @Test func loadsFilesAndNamesEveryMissingPath() throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("kconfig-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let plain = directory.appendingPathComponent("config-plain").path
        let compressed = directory.appendingPathComponent("config.gz").path
        let corrupt = directory.appendingPathComponent("corrupt.gz").path
        let missing = directory.appendingPathComponent("missing").path
        let text = try ToolOracle.run(["zcat", "/proc/config.gz"])
        try Data(text).write(to: URL(fileURLWithPath: plain))
        let gzipped = try ToolOracle.run(["gzip", "-1", "-c"], input: text)
        try Data(gzipped).write(to: URL(fileURLWithPath: compressed))
        var damaged = gzipped
        damaged[damaged.count - 8] ^= 0xFF
        try Data(damaged).write(to: URL(fileURLWithPath: corrupt))

        let expected = try KernelConfig(parsing: text)
        #expect(try KernelConfig.firstExisting(of: [missing, plain]) == expected)
        #expect(try KernelConfig.firstExisting(of: [compressed, plain]) == expected)
        #expect(try KernelConfig.runningKernel() == expected)

        let bootPath = "/boot/config-\(KernelVersion.runningRelease())"
        #expect(KernelConfig.runningKernelPaths(release: KernelVersion.runningRelease()) == ["/proc/config.gz", bootPath])
        let error = #expect(throws: KernelConfigError.self) { try KernelConfig.firstExisting(of: [missing, bootPath]) }
        #expect(error == .notFound(paths: [missing, bootPath]))
        #expect(error?.description.contains(missing) == true && error?.description.contains(bootPath) == true)

        guard case .corrupt(let path, let inflateError)? = #expect(throws: KernelConfigError.self, performing: {
            try KernelConfig(contentsOf: corrupt)
        }) else { return }
        #expect(path == corrupt)
        #expect(inflateError.offset == damaged.count - 8)
        #expect(throws: KernelConfigError.unreadable(path: directory.path, errno: EISDIR)) {
            try KernelConfig.firstExisting(of: [directory.path, plain])
        }
    }

    @Test func kernelVersionCodeFollowsLibbpfMacro() throws {
        #expect(KernelVersion.code(release: "6.18.44-fc-v669") == UInt32(6 << 16 | 18 << 8 | 44))
        #expect(KernelVersion.code(release: "4.19.300") == UInt32(4 << 16 | 19 << 8 | 255))
        #expect(KernelVersion.code(release: "5.4.0-12-generic") == UInt32(5 << 16 | 4 << 8))
        #expect(KernelVersion.code(release: "6.18") == nil)
        #expect(KernelVersion.code(release: "6.18-rc1") == nil)
        #expect(KernelVersion.code(release: "") == nil)
        #expect(KernelVersion.code(release: "v6.1.2") == nil)
        #expect(KernelVersion.code(release: "99999999999.1.1") == nil)
        let oracle = try ToolOracle.python("""
            import os, re
            a, b, c = map(int, re.match(r'(\\d+)\\.(\\d+)\\.(\\d+)', os.uname().release).groups())
            print((a << 16) + (b << 8) + min(c, 255), end='')
            """)
        #expect(KernelVersion.code(release: KernelVersion.runningRelease()).map(String.init) == String(decoding: oracle, as: UTF8.self))
    }
}
