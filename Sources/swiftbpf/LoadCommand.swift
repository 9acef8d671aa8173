import ArgumentParser
import BPF
import BPFObject
import Glibc

/// `swiftbpf load OBJ --pin DIR`: loads every autoload program and every map
/// and pins them, so they outlive the command.
struct LoadCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "load",
        abstract: "Load an object's programs and maps and pin them under a bpffs directory.",
        discussion: """
            Programs are pinned as DIR/<program>, maps as DIR/maps/<map> (dots in \
            internal map names become underscores: DIR/maps/_rodata); maps with \
            pinning by name are reused from DIR/maps when compatible.
            """)

    @Argument(help: "The BPF object file (.o).")
    var object: String

    @Option(name: .long, help: "The bpffs directory to pin programs and maps in.")
    var pin: String

    @OptionGroup var output: OutputOptions

    struct Report: Encodable {
        struct Program: Encodable {
            var name: String
            var section: String
            var id: UInt32
        }

        struct Map: Encodable {
            var name: String
            var id: UInt32
        }

        var programs: [Program]
        var maps: [Map]
    }

    func run() throws {
        let mapDirectory = pin + "/maps"
        guard mkdir(pin, 0o755) == 0 || errno == EEXIST, mkdir(mapDirectory, 0o755) == 0 || errno == EEXIST else {
            throw LoadFailure(message: "cannot create \(mapDirectory): errno \(errno)", log: nil)
        }
        let loaded: LoadedObject
        do {
            loaded = try ObjectLoader.load(contentsOf: object, options: LoadOptions(pinRoot: mapDirectory))
        } catch {
            throw LoadFailure(message: "\(object): \(error)", log: error.verifierLog?.text)
        }
        defer { loaded.close() }
        var pinned: [String] = []
        do {
            var report = Report(programs: [], maps: [])
            for program in loaded.spec.programs {
                guard let kernelProgram = loaded.program(named: program.name) else { continue }
                let path = pin + "/" + program.name
                try kernelProgram.pin(at: path)
                pinned.append(path)
                report.programs.append(.init(name: program.name, section: program.sectionName,
                                             id: try kernelProgram.info().id))
            }
            for map in loaded.spec.maps {
                guard let kernelMap = loaded.map(named: map.name) else { continue }
                // bpffs refuses names with dots, so `.rodata` is pinned as `_rodata` (as libbpf sanitizes pin paths).
                let path = mapDirectory + "/" + map.name.replacingDots()
                if access(path, F_OK) != 0 {
                    try kernelMap.pin(at: path)
                    pinned.append(path)
                }
                report.maps.append(.init(name: map.name, id: try kernelMap.info().id))
            }
            if output.json {
                try output.printJSON(report)
            } else {
                for program in report.programs { print("program \(program.name) (\(program.section)): id \(program.id)") }
                for map in report.maps { print("map \(map.name): id \(map.id)") }
            }
        } catch {
            for path in pinned { unlink(path) }
            throw LoadFailure(message: "pin under \(pin): \(error)", log: nil)
        }
    }
}

extension String {
    /// The name with `.` replaced by `_`, which bpffs accepts.
    func replacingDots() -> String {
        String(String.UnicodeScalarView(unicodeScalars.map { $0 == "." ? "_" : $0 }))
    }
}

/// A failed load: the message, then the verifier's whole log.
struct LoadFailure: Error, CustomStringConvertible {
    var message: String
    var log: String?

    var description: String {
        guard let log, !log.isEmpty else { return message }
        return message + "\nverifier log:\n" + log
    }
}
