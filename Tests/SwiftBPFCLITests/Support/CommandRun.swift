import Foundation
import Glibc
import Testing

/// One run of a command-line program: its exit status and output.
struct CommandRun {
    var status: Int32
    var output: String
    var error: String

    /// The output parsed as JSON.
    func json() throws -> Any {
        try JSONSerialization.jsonObject(with: Data(output.utf8), options: [.fragmentsAllowed])
    }

    /// Runs `program` (a path, or a name looked up on PATH) with `arguments`.
    static func run(_ program: String, _ arguments: [String]) throws -> CommandRun {
        let process = Process()
        if program.contains("/") {
            process.executableURL = URL(fileURLWithPath: program)
            process.arguments = arguments
        } else {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = [program] + arguments
        }
        // Output goes to files, so neither stream can fill a pipe and block the child.
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("swiftbpf-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let outputURL = directory.appendingPathComponent("stdout")
        let errorURL = directory.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: outputURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errorURL.path, contents: nil)
        let outputHandle = try FileHandle(forWritingTo: outputURL)
        let errorHandle = try FileHandle(forWritingTo: errorURL)
        process.standardOutput = outputHandle
        process.standardError = errorHandle
        try process.run()
        process.waitUntilExit()
        try outputHandle.close()
        try errorHandle.close()
        return CommandRun(status: process.terminationStatus,
                          output: String(decoding: try Data(contentsOf: outputURL), as: UTF8.self),
                          error: String(decoding: try Data(contentsOf: errorURL), as: UTF8.self))
    }
}

/// The `swiftbpf` binary under test and the bpftool oracle.
enum CLI {
    /// The `swiftbpf` executable `swift build` put next to this test bundle.
    static let binary: String = {
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var directory = executable.deletingLastPathComponent()
        // The test runner lives in the build directory or inside the .xctest bundle there.
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("swiftbpf").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        let fallback = repositoryRoot.appendingPathComponent(".build/debug/swiftbpf").path
        precondition(FileManager.default.isExecutableFile(atPath: fallback),
                     "no swiftbpf binary next to \(executable.path) or at \(fallback); run swift build first")
        return fallback
    }()

    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Runs `swiftbpf arguments…`.
    static func run(_ arguments: String...) throws -> CommandRun {
        try CommandRun.run(binary, arguments)
    }

    /// Runs `swiftbpf arguments…` and expects success.
    static func succeed(_ arguments: String..., sourceLocation: SourceLocation = #_sourceLocation) throws -> CommandRun {
        let result = try CommandRun.run(binary, arguments)
        #expect(result.status == 0, "swiftbpf \(arguments.joined(separator: " ")): \(result.error)",
                sourceLocation: sourceLocation)
        return result
    }

    /// Runs `bpftool arguments…` and expects success.
    static func bpftool(_ arguments: String..., sourceLocation: SourceLocation = #_sourceLocation) throws -> CommandRun {
        let result = try CommandRun.run("bpftool", arguments)
        #expect(result.status == 0, "bpftool \(arguments.joined(separator: " ")): \(result.error)",
                sourceLocation: sourceLocation)
        return result
    }

    /// A TestObjects build for this machine's byte order.
    static func testObject(_ name: String) -> String {
        repositoryRoot.appendingPathComponent("TestObjects/build/bpfel/\(name).o").path
    }

    /// A private bpffs: the one Scripts/test.sh mounted, or one mounted here.
    static let bpffs: String = {
        if let path = ProcessInfo.processInfo.environment["SWIFTBPF_BPFFS"], !path.isEmpty { return path }
        var template = Array("/tmp/swiftbpf-cli-bpffs.XXXXXX".utf8CString)
        guard let directory = mkdtemp(&template) else { fatalError("mkdtemp failed: \(errno)") }
        let path = String(cString: directory)
        guard mount("bpf", path, "bpf", 0, nil) == 0 else { fatalError("mount bpffs at \(path) failed: \(errno)") }
        atexit {
            umount2(CLI.bpffs, Int32(MNT_DETACH))
            rmdir(CLI.bpffs)
        }
        return path
    }()

    /// A fresh path in the private bpffs.
    static func pinPath(_ name: String) -> String {
        "\(bpffs)/cli-\(name)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    }
}

/// Reporting that points at the first differing line, which is what a reader of a failure needs.
func expectSameLines(_ ours: String, _ expected: String, _ what: String,
                     sourceLocation: SourceLocation = #_sourceLocation) {
    guard ours != expected else { return }
    let ourLines = ours.split(separator: "\n", omittingEmptySubsequences: false)
    let expectedLines = expected.split(separator: "\n", omittingEmptySubsequences: false)
    for (index, pair) in zip(ourLines, expectedLines).enumerated() where pair.0 != pair.1 {
        Issue.record("\(what): line \(index + 1): ours \"\(pair.0)\", expected \"\(pair.1)\"", sourceLocation: sourceLocation)
        return
    }
    Issue.record("\(what): \(ourLines.count) lines, expected \(expectedLines.count)", sourceLocation: sourceLocation)
}
