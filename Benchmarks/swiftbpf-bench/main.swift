// swift run -c release swiftbpf-bench [--only NAME]... [--list] [--help]
//
// Each benchmark lives in its own file and prints its own table. Adding one is
// one line here: a name for --only, a summary for --help, and what runs it.
let benchmarks: [RegisteredBenchmark] = [
    // First: it re-runs this executable as its measuring children, which must do nothing else.
    RegisteredBenchmark("btf-parse", "Parse vmlinux BTF and look up names: ours vs libbpf", runBTFParseBenchmark),
    RegisteredBenchmark("map-element", MapElementBenchmark()),
    RegisteredBenchmark("batch-fill", BatchFillBenchmark()),
    RegisteredBenchmark("sockets", SocketBenchmark()),
    RegisteredBenchmark(ObjectLoadBenchmark.registeredName, ObjectLoadBenchmark()),
]

BenchmarkRunner.main(benchmarks)
