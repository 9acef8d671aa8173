import Foundation

/// Paths of the BPF objects the ELF and BTF tests run over: every object
/// built from TestObjects/ for both byte orders, plus this target's own
/// fixtures compiled into a temporary directory, so the list is never empty.
enum TestInputs {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Every object file to test.
    static let objects: [String] = builtTestObjects + compiledFixtures

    private static var builtTestObjects: [String] {
        ["bpfel", "bpfeb"].flatMap { target -> [String] in
            let directory = repositoryRoot.appendingPathComponent("TestObjects/build/\(target)")
            let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
            return names.filter { $0.hasSuffix(".o") }.sorted().map { directory.appendingPathComponent($0).path }
        }
    }

    /// A fresh temporary directory.
    static func temporaryDirectory() -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("swiftbpf-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// The fixtures in Tests/BPFObjectFixtures, compiled for bpfel and bpfeb.
    private static let compiledFixtures: [String] = {
        let sources = repositoryRoot.appendingPathComponent("Tests/BPFObjectFixtures")
        let output = temporaryDirectory()
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: sources.path)) ?? [])
            .filter { $0.hasSuffix(".c") }.sorted()
        var objects: [String] = []
        for name in names {
            for target in ["bpfel", "bpfeb"] {
                let object = output.appendingPathComponent("\(target)-\(name.dropLast(2)).o").path
                let result = run("clang", ["-O2", "-g", "-target", target, "-I/usr/include/x86_64-linux-gnu",
                                           "-c", sources.appendingPathComponent(name).path, "-o", object])
                precondition(result.status == 0, "clang failed on \(name): \(result.error)")
                objects.append(object)
            }
        }
        precondition(!objects.isEmpty, "no fixtures in \(sources.path)")
        return objects
    }()

    /// Non-BPF objects with RELA relocations, little-endian (x86-64) and big-endian (s390x).
    static let relocationsWithAddendObjects: [String] = {
        let source = repositoryRoot.appendingPathComponent("Tests/BPFObjectFixtures/rela/relocations.c")
        let output = temporaryDirectory()
        return ["x86_64-linux-gnu", "s390x-linux-gnu"].map { target in
            let object = output.appendingPathComponent("\(target).o").path
            let result = run("clang", ["-O2", "-ffreestanding", "-target", target, "-c", source.path, "-o", object])
            precondition(result.status == 0, "clang failed for \(target): \(result.error)")
            return object
        }
    }()

    /// Runs a program found on PATH and returns its exit status and output.
    static func run(_ program: String, _ arguments: [String]) -> (status: Int32, output: String, error: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [program] + arguments
        let output = Pipe()
        // stderr goes to a file, so only one pipe needs draining and neither can block the child.
        let errorFile = temporaryDirectory().appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: errorFile.path, contents: nil)
        guard let errorHandle = try? FileHandle(forWritingTo: errorFile) else { return (-1, "", "no stderr file") }
        defer { try? FileManager.default.removeItem(at: errorFile.deletingLastPathComponent()) }
        process.standardOutput = output
        process.standardError = errorHandle
        do { try process.run() } catch { return (-1, "", "\(error)") }
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try? errorHandle.close()
        let errorText = (try? String(contentsOf: errorFile, encoding: .utf8)) ?? ""
        return (process.terminationStatus, String(decoding: outputData, as: UTF8.self), errorText)
    }

    /// The bytes of a file.
    static func read(_ path: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    }
}
