import BPF
import BPFObject
import HardeningSupport
import TestObjectCatalog

/// Leak cycles of the object loader: each TestObject loaded and released
/// many times, including the objects whose load fails (a verifier rejection
/// halfway through `err_verifier`, refusals before any kernel call, EPERM
/// for tracing programs), after which everything the loader created must
/// be released.
///
/// A cycle makes up to 1,000 loads, fewer (at least 100) for objects whose
/// load takes over 0.6 ms, so that each object's cycle stays near 0.6 s and
/// the 46 objects fit the suite's time; the count is part of the report.
enum ObjectLeakCycles {
    /// One cycle per TestObject, named `object-NAME`.
    static var cycles: [(name: String, run: @Sendable () throws -> LeakCycle.Report)] {
        TestObjectCatalog.names.map { name in ("object-\(name)", { try cycle(name) }) }
    }

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
        // One timed load, after a first that fills the loader's per-process
        // caches (kernel BTF, kconfig), sizes the cycle.
        var scratch = HardeningCensus()
        try load(&scratch, 0)
        let elapsed = try ContinuousClock().measure { try load(&scratch, 0) }
        let perLoad = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        let iterations = max(100, min(1_000, Int(0.6 / max(perLoad, 1e-6))))
        // A failed load hands nothing back to record: that nothing survives
        // is shown by the descriptor count, since an object with no pin and
        // no descriptor in this process has nothing left holding it.
        return try LeakCycle.run("\(name): \(iterations) loads", iterations: iterations,
                                 warmUp: max(10, iterations / 10), expectsObjects: loads) { index, census in
            try load(&census, index)
        }
    }
}
