import Glibc

/// A benchmark the runner knows: the name `--only` selects it by, a line for
/// `--help`, and what runs it (it prints its own table).
struct RegisteredBenchmark {
    var name: String
    var summary: String
    var run: () throws -> Void

    /// A benchmark given as a function, such as `runBTFParseBenchmark`.
    init(_ name: String, _ summary: String, _ run: @escaping () throws -> Void) {
        self.name = name
        self.summary = summary
        self.run = run
    }

    /// A benchmark given as a ``Benchmark`` value; its name is the summary.
    init(_ name: String, _ benchmark: some Benchmark) {
        self.init(name, benchmark.name, benchmark.run)
    }
}

/// Parses `--only NAME` (repeatable), `--list` and `--help`, then runs the
/// selected benchmarks in registry order.
enum BenchmarkRunner {
    static func main(_ registry: [RegisteredBenchmark], arguments: [String] = Array(CommandLine.arguments.dropFirst())) {
        var selected: [String] = []
        var remaining = arguments[...]
        while let argument = remaining.popFirst() {
            switch argument {
            case "-h", "--help":
                print(help(registry))
                return
            case "--list":
                for benchmark in registry { print(benchmark.name) }
                return
            case "--only":
                guard let name = remaining.popFirst() else { fail("--only needs a benchmark name", registry) }
                selected.append(name)
            default:
                fail("unknown argument '\(argument)'", registry)
            }
        }
        let unknown = selected.filter { name in !registry.contains { $0.name == name } }
        guard unknown.isEmpty else { fail("no benchmark named \(unknown.joined(separator: ", "))", registry) }

        var failures = 0
        for benchmark in registry where selected.isEmpty || selected.contains(benchmark.name) {
            print("== \(benchmark.name): \(benchmark.summary)")
            do {
                try benchmark.run()
            } catch {
                failures += 1
                print("failed: \(error)")
            }
            print()
        }
        if failures > 0 { exit(1) }
    }

    static func help(_ registry: [RegisteredBenchmark]) -> String {
        let width = registry.map(\.name.count).max() ?? 0
        let names = registry.map { "  " + $0.name + String(repeating: " ", count: width - $0.name.count) + "  " + $0.summary }
        return """
            USAGE: swiftbpf-bench [--only NAME]... [--list]

            Runs swift-bpf's benchmarks and prints a table for each. Build in release
            mode and run as root (the map benchmarks use the kernel):
              swift run -c release swiftbpf-bench --only map-element

            OPTIONS:
              --only NAME   Run only this benchmark (repeatable). Default: all, in this order.
              --list        Print the benchmark names.
              -h, --help    Show this help.

            BENCHMARKS:
            \(names.joined(separator: "\n"))
            """
    }

    private static func fail(_ message: String, _ registry: [RegisteredBenchmark]) -> Never {
        let text = "swiftbpf-bench: \(message)\nbenchmarks: \(registry.map(\.name).joined(separator: ", "))\n"
        _ = text.withCString { write(STDERR_FILENO, $0, strlen($0)) }
        exit(2)
    }
}
