import Foundation
import Testing

/// Every input a fuzz target saved in FuzzTesting/FailCases/<target>/ (a crash
/// found and fixed, or a promise once broken) goes back through the entry
/// point that target feeds, and must now end in a result or a typed error.
@Suite struct FailCaseReplayTests {
    static let failCasesDirectory = TestInputs.repositoryRoot.appendingPathComponent("FuzzTesting/FailCases")

    /// (target directory, file name) for every saved input.
    static let failCases: [FailCase] = {
        let directories = (try? FileManager.default.contentsOfDirectory(atPath: failCasesDirectory.path)) ?? []
        return directories.sorted().flatMap { target in
            let files = (try? FileManager.default.contentsOfDirectory(
                atPath: failCasesDirectory.appendingPathComponent(target).path)) ?? []
            return files.filter { !$0.hasPrefix(".") && $0 != "README.md" }.sorted().map { FailCase(target: target, file: $0) }
        }
    }()

    struct FailCase: CustomTestStringConvertible, Sendable {
        var target: String
        var file: String
        var testDescription: String { "\(target)/\(file)" }
    }

    @Test func failCasesExist() {
        #expect(!Self.failCases.isEmpty, "no files under \(Self.failCasesDirectory.path)")
    }

    @Test(arguments: failCases)
    func replay(_ failCase: FailCase) throws {
        let entryPoint = try #require(HostileEntryPoint(rawValue: failCase.target),
                                      "FailCases/\(failCase.target) names no fuzz target")
        let bytes = try TestInputs.read(Self.failCasesDirectory
            .appendingPathComponent(failCase.target).appendingPathComponent(failCase.file).path)
        let outcome = entryPoint.run(bytes)
        #expect(outcome.brokenPromise == nil, "\(failCase.testDescription): \(outcome.brokenPromise ?? "")")
    }
}
