// swift run -c release swiftbpf-bench
//
// Each benchmark lives in its own file and prints its own table; add new ones
// to this list.
let benchmarks: [any Benchmark] = [
    MapElementBenchmark(),
    BatchFillBenchmark(),
    COREBenchmark(),
]

for benchmark in benchmarks {
    print("== \(benchmark.name)")
    do {
        try benchmark.run()
    } catch {
        print("failed: \(error)")
    }
    print()
}
