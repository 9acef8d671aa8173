import Foundation

/// Runs a command-line oracle (gzip, zcat, python3) and returns its standard output.
enum ToolOracle {
    struct Failure: Error, CustomStringConvertible {
        var command: [String]
        var status: Int32
        var standardError: String
        var description: String { "\(command.joined(separator: " ")) exited with \(status): \(standardError)" }
    }

    static func run(_ command: [String], input: [UInt8] = []) throws -> [UInt8] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = command
        let stdin = Pipe()
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        // Feed stdin on another thread so a large output cannot deadlock the pipes.
        let writer = Thread {
            stdin.fileHandleForWriting.write(Data(input))
            try? stdin.fileHandleForWriting.close()
        }
        writer.start()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        let errors = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(command: command, status: process.terminationStatus,
                          standardError: String(decoding: errors, as: UTF8.self))
        }
        return [UInt8](output)
    }

    /// Runs a Python script that reads stdin as bytes and writes bytes to stdout.
    static func python(_ script: String, input: [UInt8] = []) throws -> [UInt8] {
        try run(["python3", "-c", script], input: input)
    }

    /// `data` compressed by Python's zlib as a raw DEFLATE stream.
    static func rawDeflate(_ data: [UInt8], level: Int, strategy: String = "Z_DEFAULT_STRATEGY") throws -> [UInt8] {
        try python("""
            import sys, zlib
            c = zlib.compressobj(\(level), zlib.DEFLATED, -15, 9, zlib.\(strategy))
            sys.stdout.buffer.write(c.compress(sys.stdin.buffer.read()) + c.flush())
            """, input: data)
    }
}

/// Sample inputs with enough structure to exercise literals, matches and long codes.
enum InflateSamples {
    /// Text with repetition at many distances plus a pseudo-random tail.
    static func mixed(count: Int, seed: UInt64) -> [UInt8] {
        var state = seed
        var bytes: [UInt8] = []
        let words = ["CONFIG_", "BPF", "=y\n", "=m\n", "# is not set\n", "NET", "_SCHED", "0x1000", "\"str\""]
        while bytes.count < count {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let pick = Int(state >> 33)
            if pick % 7 == 0 {
                bytes.append(UInt8(truncatingIfNeeded: state >> 40))
            } else {
                bytes.append(contentsOf: words[pick % words.count].utf8)
            }
        }
        return Array(bytes.prefix(count))
    }
}
