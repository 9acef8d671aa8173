import BPF
import BPFObject
import Foundation
import HardeningSupport
import TestObjectCatalog

/// Leak cycles of the object loader: each TestObject loaded and released
/// many times, including the objects whose load fails (a verifier rejection
/// halfway through `err_verifier`, refusals before any kernel call, EPERM
/// for tracing programs), after which everything the loader created must
/// be released.
///
/// Each cycle makes 100 loads of warm-up (which also fill the loader's
/// per-process caches: kernel BTF, kconfig), then 1,000 measured ones.
/// `SWIFTBPF_OBJECT_CYCLE_LOADS` lowers the count: Scripts/sanitizers.sh
/// asks for 100, since the 48 cycles take about nine minutes plain and many
/// times that under ThreadSanitizer; the plain suite runs the full count.
enum ObjectLeakCycles {
    /// One cycle per TestObject, named `object-NAME`.
    static var cycles: [(name: String, run: @Sendable () throws -> LeakCycle.Report)] {
        TestObjectCatalog.names.map { name in ("object-\(name)", { try cycle(name) }) }
    }

    /// The measured loads of each cycle.
    private static let measuredLoads = ProcessInfo.processInfo.environment["SWIFTBPF_OBJECT_CYCLE_LOADS"]
        .flatMap { Int($0) }.map { max(1, $0) } ?? 1_000

    private static func cycle(_ name: String) throws -> LeakCycle.Report {
        let path = TestObjectCatalog.path(name)
        let expectedToLoad: Bool = if case .ok = TestObjectCatalog.entries[name]?.load { true } else { false }
        // Until the loader builds struct_ops maps, objects that need them fail
        // with that typed error (as LoaderTests expects); either way nothing
        // may leak.
        let spec = try ObjectSpec(contentsOf: path)
        let awaitsLoader = spec.programs.contains { if case .unsupported? = $0.loadError { true } else { false } }
        let loads = expectedToLoad && !awaitsLoader
        let load = { (census: inout HardeningCensus, index: Int) throws in
            let object: LoadedObject
            do throws(LoaderError) {
                object = try ObjectLoader.load(contentsOf: path)
            } catch {
                let notYet = if case .program(_, _, .unsupported) = error { true } else { false }
                try LeakCycles.check(!loads && (!awaitsLoader || notYet), "\(name) failed to load: \(error)")
                return
            }
            try LeakCycles.check(loads || awaitsLoader, "\(name) loaded; expected.json says it fails")
            for map in object.maps.values { try census.record(map) }
            for program in object.programs.values { try census.record(program) }
            if let btf = object.btf { try census.record(btf) }
            // Half are closed explicitly, half when the object goes away.
            if index.isMultiple(of: 2) { object.close() }
        }
        return try LeakCycle.run(name, iterations: measuredLoads, warmUp: max(10, measuredLoads / 10),
                                 expectsObjects: loads) { index, census in try load(&census, index) }
    }
}
