import BPFObject
import Testing

/// Shared inputs and reporting for the BTF tests.
enum BTFFixtures {
    static let vmlinuxPath = "/sys/kernel/btf/vmlinux"

    /// The kernel's BTF, parsed once for all tests.
    static let vmlinux: BTF? = {
        guard let bytes = try? TestInputs.read(vmlinuxPath) else { return nil }
        return try? BTF.parse(bytes: bytes)
    }()

    /// The test objects that carry a `.BTF` section (all but those built without `-g`).
    static let objectsWithBTF: [String] = TestInputs.objects.filter { hasBTF($0) }

    /// The test objects without a `.BTF` section.
    static let objectsWithoutBTF: [String] = TestInputs.objects.filter { !hasBTF($0) }

    private static func hasBTF(_ path: String) -> Bool {
        guard let bytes = try? TestInputs.read(path), let file = try? ELFFile(bytes: bytes) else { return true }
        return file.section(named: ".BTF") != nil
    }

    /// The bytes of an object's `.BTF` section, if it has one.
    static func btfSection(of file: ELFFile) -> [UInt8]? {
        file.section(named: ".BTF").map { [UInt8](file.data(of: $0)) }
    }

    /// Records the first differing line of two listings, which is what a reader of a failure needs.
    static func reportFirstDifference(_ ours: String, _ expected: String) {
        let ourLines = ours.split(separator: "\n", omittingEmptySubsequences: false)
        let expectedLines = expected.split(separator: "\n", omittingEmptySubsequences: false)
        for (index, pair) in zip(ourLines, expectedLines).enumerated() where pair.0 != pair.1 {
            Issue.record("line \(index + 1): ours \"\(pair.0)\" expected \"\(pair.1)\"")
            return
        }
        Issue.record("line counts differ: ours \(ourLines.count), expected \(expectedLines.count)")
    }
}
