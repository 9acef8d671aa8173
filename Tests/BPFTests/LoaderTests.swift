import BPF
import BPFObject
import Glibc
import Testing
import TestObjectCatalog

extension ObjectLoaderSuite {
    /// Every TestObject loaded into the kernel, with the outcome expected.json records.
    @Suite struct LoaderTests {
        @Test(arguments: TestObjectCatalog.names)
        func loadOutcomeMatchesTheManifest(name: String) throws {
            let entry = try #require(TestObjectCatalog.entries[name])
            let spec = try ObjectSpec(contentsOf: TestObjectCatalog.path(name))
            let baseline = ObjectLoaderSuite.idBaseline()
            let result = Result { () throws(LoaderError) in try ObjectLoader.load(spec) }
            // Until the CO-RE engine is integrated, objects with CO-RE records fail with that typed error.
            if spec.programs.contains(where: { $0.autoload && $0.coreRelocationCount > 0 }) {
                guard case .failure(.object(.coreRelocationsNotApplied)) = result else {
                    Issue.record("\(name): expected the CO-RE step to refuse, got \(result)")
                    return
                }
                #expect(ObjectLoaderSuite.heldObjects(of: spec, createdAfter: baseline).isEmpty)
                return
            }
            // struct_ops maps are not implemented yet: the load must refuse with that typed error.
            if spec.programs.contains(where: { if case .unsupported? = $0.loadError { true } else { false } }) {
                guard case .failure(.program(_, _, .unsupported)) = result else {
                    Issue.record("\(name): expected the unsupported-feature error, got \(result)")
                    return
                }
                return
            }
            switch (entry.load, result) {
            case (.ok, .success(let loaded)):
                #expect(Set(loaded.programs.keys) == Set(entry.programs.filter(\.autoload).map(\.name)))
                #expect((loaded.btf != nil) == (spec.btf != nil),
                            "the kernel refused the object's BTF: \(String(describing: loaded.btfLoadError))")
                #expect(Set(loaded.maps.keys) == Set(entry.maps.map(\.name)))
                for expected in entry.maps {
                    let info = try #require(try loaded.map(named: expected.name)?.info())
                    #expect("\(info.type)" == expected.type, "map \(expected.name)")
                    #expect(info.keySize == expected.key_size, "map \(expected.name)")
                    #expect(info.valueSize == expected.value_size, "map \(expected.name)")
                    if expected.max_entries != 0 { #expect(info.maxEntries == expected.max_entries, "map \(expected.name)") }
                }
                loaded.close()
                #expect(ObjectLoaderSuite.heldObjects(of: spec, createdAfter: baseline).isEmpty)
            case (.error(let fields), .failure(let error)):
                Self.check(error, against: fields)
                #expect(ObjectLoaderSuite.heldObjects(of: spec, createdAfter: baseline).isEmpty, "descriptors left after \(error)")
            case (.ok, .failure(let error)):
                Issue.record("\(name) should load: \(error)")
            case (.error(let fields), .success(let loaded)):
                loaded.close()
                Issue.record("\(name) should fail with \(fields)")
            }
        }

        static func check(_ error: LoaderError, against fields: [String: String]) {
            switch (fields["error"], error) {
            case ("verifier", .programLoad(let program, _, let failure)):
                #expect(program == fields["program"])
                #expect(failure.errno == .accessDenied || failure.errno == .invalidArgument)
                #expect(failure.log.map { !$0.text.isEmpty } == true, "a verifier rejection carries the log")
            case ("EPERM", .programLoad(let program, _, let failure)):
                #expect(program == fields["program"])
                #expect(failure.errno == .notPermitted)
            case ("ENOENT", .programLoad(let program, _, let failure)):
                #expect(program == fields["program"])
                #expect(failure.errno == .noSuchEntry)
            case ("unknown section", .program(let program, let section, .unknownSection)):
                #expect(program == fields["program"] && section == fields["section"])
            case ("unresolved call", .program(let program, _, .unresolvedCall(_, _, _, let symbol))):
                #expect(program == fields["program"] && symbol == fields["symbol"])
            case ("static function in program section", .program(_, let section, .staticFunctionInProgramSection(_, let symbol))):
                #expect(section == fields["section"] && symbol == fields["symbol"])
            default:
                Issue.record("expected \(fields), got \(error)")
            }
        }
    }
}
