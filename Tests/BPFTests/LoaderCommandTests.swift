import BPF
import Foundation
import Glibc
import HardeningSupport
import Testing
import TestObjectCatalog

extension ObjectLoaderSuite {
    /// The `swiftbpf inspect` and `swiftbpf load` commands, run as the built binary.
    @Suite struct LoaderCommandTests {
        /// The swiftbpf binary `swift build` put next to the test bundle.
        static let binary = ProcessInfo.processInfo.environment["SWIFTBPF_BINARY"]
            ?? ProbeProcess.builtExecutable("swiftbpf")

        struct Run {
            var status: Int32
            var output: Data
            var error: String
        }

        static func swiftbpf(_ arguments: [String]) throws -> Run {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: binary)
            process.arguments = arguments
            let output = Pipe()
            let error = Pipe()
            process.standardOutput = output
            process.standardError = error
            try process.run()
            let outputData = output.fileHandleForReading.readDataToEndOfFile()
            let errorData = error.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return Run(status: process.terminationStatus, output: outputData,
                       error: String(decoding: errorData, as: UTF8.self))
        }

        struct InspectOutput: Decodable {
            struct Program: Decodable {
                var name: String
                var section: String
                var type: String
                var instructions: Int
            }

            struct Map: Decodable {
                var name: String
                var type: String
            }

            struct BTF: Decodable {
                var core_relocations: Int
            }

            var programs: [Program]
            var maps: [Map]
            var relocations: [String: Int]
            var core_relocations: [String: Int]
            struct Extern: Decodable {
                var name: String
                var kind: String
                var weak: Bool
            }

            var externs: [Extern]
            var btf: BTF?
            var license: String
        }

        @Test(arguments: ["sockmap_all_roles", "core_relocations", "kconfig_externs", "legacy_maps_iproute2"])
        func inspectListsWhatTheManifestDeclares(name: String) throws {
            let entry = try #require(TestObjectCatalog.entries[name])
            let run = try Self.swiftbpf(["inspect", TestObjectCatalog.path(name), "--json"])
            #expect(run.status == 0, "\(run.error)")
            let report = try JSONDecoder().decode(InspectOutput.self, from: run.output)
            #expect(report.programs.map(\.name) == entry.programs.map(\.name))
            #expect(report.programs.map(\.section) == entry.programs.map(\.section))
            #expect(report.programs.allSatisfy { $0.instructions > 0 })
            #expect(Set(report.maps.map(\.name)) == Set(entry.maps.map(\.name)))
            #expect(report.license == "GPL")
            #expect(report.core_relocations.values.reduce(0, +) == (report.btf?.core_relocations ?? 0))
            if name == "core_relocations" { #expect(report.core_relocations["field_byte_offset", default: 0] > 0) }
            if name == "sockmap_all_roles" { #expect(report.relocations["map", default: 0] > 0) }
            if name == "kconfig_externs" {
                #expect(report.externs.count == 8 && report.externs.allSatisfy { $0.kind == "kconfig" })
                #expect(report.externs.filter(\.weak).map(\.name).sorted() == ["CONFIG_MODULES", "CONFIG_SWIFTBPF_DOES_NOT_EXIST"])
            }
        }

        @Test func inspectPrintsTextByDefault() throws {
            let run = try Self.swiftbpf(["inspect", TestObjectCatalog.path("err_unknown_section")])
            #expect(run.status == 0)
            let text = String(decoding: run.output, as: UTF8.self)
            #expect(text.contains("unknown_program"))
            #expect(text.contains("unknown section 'swiftbpf/not_a_program_type'"))
        }

        struct LoadOutput: Decodable {
            struct Program: Decodable {
                var name: String
                var section: String
                var id: UInt32
            }

            struct Map: Decodable {
                var name: String
                var id: UInt32
            }

            var programs: [Program]
            var maps: [Map]
        }

        @Test func loadPinsEveryProgramAndMapAndPrintsTheirIDs() throws {
            let directory = Environment.pinPath("cli-load")
            let run = try Self.swiftbpf(["load", TestObjectCatalog.path("sockmap_all_roles"), "--pin", directory, "--json"])
            #expect(run.status == 0, "\(run.error)")
            let report = try JSONDecoder().decode(LoadOutput.self, from: run.output)
            let entry = try #require(TestObjectCatalog.entries["sockmap_all_roles"])
            #expect(report.programs.map(\.name) == entry.programs.map(\.name))
            var pins: [String] = []
            for program in report.programs {
                let path = directory + "/" + program.name
                pins.append(path)
                #expect(try Program.open(pinnedAt: path).info().id == program.id)
            }
            for map in report.maps {
                let path = directory + "/maps/" + String(map.name.map { $0 == "." ? "_" : $0 })
                pins.append(path)
                #expect(try Map.open(pinnedAt: path).info().id == map.id)
            }
            #expect(Set(report.maps.map(\.name)) == Set(entry.maps.map(\.name)))
            for path in pins { unlink(path) }
            rmdir(directory + "/maps")
            rmdir(directory)
        }

        @Test func aFailedLoadExitsNonZeroWithTheVerifierLogAndPinsNothing() throws {
            let directory = Environment.pinPath("cli-fail")
            let run = try Self.swiftbpf(["load", TestObjectCatalog.path("err_verifier"), "--pin", directory])
            #expect(run.status != 0)
            #expect(run.error.contains("bad_stack_read"))
            #expect(run.error.contains("verifier log:"))
            #expect(run.error.contains("processed"))
            let left = (try? FileManager.default.contentsOfDirectory(atPath: directory + "/maps")) ?? []
            #expect(left.isEmpty)
            #expect(access(directory + "/good_program", F_OK) != 0)
            rmdir(directory + "/maps")
            rmdir(directory)
        }
    }
}
