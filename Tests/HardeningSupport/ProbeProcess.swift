import Foundation

/// `swiftbpf-hardening-probe`, the test-support executable built next to the
/// test bundle, run as a child process.
public enum ProbeProcess {
    /// What the probe printed and how it ended.
    public struct Outcome: Sendable {
        /// The probe's exit status.
        public var status: Int32
        /// Its lines, split at tabs.
        public var lines: [[String]]
        /// Its output, for messages.
        public var text: String
    }

    /// Where the probe is: beside the running test bundle.
    public static var path: String { builtExecutable("swiftbpf-hardening-probe") }

    /// The executable `name` that `swift build` put beside the running test
    /// bundle: in the same build directory, so a sanitizer build's tests run
    /// that build's executables.
    public static func builtExecutable(_ name: String) -> String {
        let bundle = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? ""
        return URL(fileURLWithPath: bundle).deletingLastPathComponent().appendingPathComponent(name).path
    }

    /// Runs the probe with `arguments`, as root or, with `unprivileged`, as
    /// nobody (65534) with no groups and every capability dropped (setpriv).
    /// `environment` is added to this process's.
    public static func run(_ arguments: [String], unprivileged: Bool = false,
                           environment: [String: String] = [:]) throws -> Outcome {
        let process = Process()
        if unprivileged {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
            process.arguments = ["--reuid=65534", "--regid=65534", "--clear-groups", "--inh-caps=-all",
                                 "--bounding-set=-all", "--no-new-privs", "--", path] + arguments
        } else {
            process.executableURL = URL(fileURLWithPath: path)
            process.arguments = arguments
        }
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        let lines = text.split(separator: "\n").map { $0.split(separator: "\t", maxSplits: 2).map(String.init) }
        return Outcome(status: process.terminationStatus, lines: lines, text: text)
    }
}
