import BPF
import BPFObject
import Foundation
import Testing
import TestObjectCatalog

extension ObjectLoaderSuite {
    /// Our loader against libbpf's (bpftool 7.1 `prog loadall`): the same
    /// translated instructions for every program and the same map definitions.
    ///
    /// bpftool runs in a private mount namespace with its own bpffs on
    /// /sys/fs/bpf, so objects that pin maps by name cannot touch the machine's.
    @Suite struct LoaderParityTests {
        /// Why an object is not compared, when it is not.
        static func exclusion(_ name: String, _ entry: TestObjectCatalog.Entry, _ spec: ObjectSpec) -> String? {
            if let note = entry.libbpf_oracle { return "libbpf 1.1 cannot load it (\(note))" }
            if case .error = entry.load { return "the object does not load" }
            if entry.programs.contains(where: { !$0.autoload }) {
                return "bpftool 7.1's loadall cannot pin a program that autoload left unloaded"
            }
            if spec.programs.contains(where: { $0.coreRelocationCount > 0 }) {
                return "CO-RE relocations are not applied by our loader yet"
            }
            if spec.programs.contains(where: { if case .unsupported? = $0.loadError { true } else { false } }) {
                return "struct_ops maps are not supported by our loader yet"
            }
            return nil
        }

        /// Programs' xlated listings and maps' JSON descriptions as bpftool prints them.
        struct View {
            var programs: [String: String] = [:]
            /// Map definitions as a set: kernel names are cut to 15 bytes, so two maps can share one.
            var maps: Set<[String: String]> = []
        }

        @Test(arguments: TestObjectCatalog.names)
        func translatedProgramsAndMapsMatchLibbpf(name: String) throws {
            let entry = try #require(TestObjectCatalog.entries[name])
            let path = TestObjectCatalog.path(name)
            let spec = try ObjectSpec(contentsOf: path)
            if let reason = Self.exclusion(name, entry, spec) {
                // Record why, and check the reason still holds where bpftool is the obstacle.
                if entry.libbpf_oracle != nil || reason.contains("bpftool") {
                    #expect(try Self.libbpfView(path) == nil, "\(name): \(reason), yet bpftool loaded it")
                }
                return
            }
            let theirs = try #require(try Self.libbpfView(path), "bpftool failed to load \(name)")
            let loaded = try ObjectLoader.load(spec)
            defer { loaded.close() }
            var ours = View()
            for (programName, program) in loaded.programs {
                let id = try program.info().id
                ours.programs[programName] = try Self.bpftool(["prog", "dump", "xlated", "id", "\(id)"])
                for mapID in Self.referencedMapIDs(ours.programs[programName] ?? "") {
                    let map = try Self.definition(try Self.bpftool(["map", "show", "id", mapID, "--json"]))
                    ours.maps.insert(map)
                }
            }
            #expect(Set(ours.programs.keys) == Set(theirs.programs.keys))
            for (programName, listing) in theirs.programs {
                let mine = Self.normalized(ours.programs[programName] ?? "")
                let libbpf = Self.normalized(listing)
                #expect(mine == libbpf, "\(name)/\(programName) differs:\n\(Self.firstDifference(mine, libbpf))")
            }
            #expect(ours.maps == theirs.maps)
        }

        /// Runs bpftool in a private mount namespace on a fresh bpffs and returns
        /// what it loaded, or nil if loadall failed.
        static func libbpfView(_ object: String) throws -> View? {
            let script = """
                mount -t bpf bpf /sys/fs/bpf || exit 2
                bpftool prog loadall "$1" /sys/fs/bpf/parity >/dev/null 2>&1 || { echo "@@failed"; exit 0; }
                for p in /sys/fs/bpf/parity/*; do
                    echo "@@program $(basename "$p")"
                    bpftool prog dump xlated pinned "$p" | tee /tmp/parity-xlated.$$
                    for id in $(grep -o 'map\\[id:[0-9]*' /tmp/parity-xlated.$$ | cut -d: -f2 | sort -u); do
                        echo "@@map"
                        bpftool map show id "$id" --json
                        echo
                    done
                done
                rm -f /tmp/parity-xlated.$$
                """
            let output = try run("/usr/bin/unshare", ["-m", "--propagation", "private", "sh", "-c", script, "parity", object])
            guard !output.contains("@@failed") else { return nil }
            var view = View()
            for block in output.components(separatedBy: "@@").dropFirst() {
                if block.hasPrefix("program ") {
                    let lines = block.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false)
                    let programName = String(lines[0].dropFirst("program ".count))
                    view.programs[programName] = lines.count > 1 ? String(lines[1]) : ""
                } else if block.hasPrefix("map") {
                    let map = try definition(String(block.dropFirst(3)))
                    view.maps.insert(map)
                }
            }
            return view
        }

        /// The ids of the maps a listing's instructions refer to. libbpf also
        /// binds every `.rodata*` map to every program (BPF_PROG_BIND_MAP, for
        /// bpftool's metadata display), which our loader does not, so maps are
        /// compared as the code uses them.
        static func referencedMapIDs(_ listing: String) -> Set<String> {
            var ids: Set<String> = []
            var rest = Substring(listing)
            while let range = rest.range(of: "map[id:") {
                rest = rest[range.upperBound...]
                ids.insert(String(rest.prefix { $0.isNumber }))
            }
            return ids
        }

        /// The attributes of `bpftool map show --json` that define a map.
        ///
        /// libbpf 1.1 makes every internal map mmapable; current libbpf (and our
        /// loader) only those with a non-static variable, as expected.json
        /// records. The BPF_F_MMAPABLE bit of internal maps is therefore left out.
        static func definition(_ json: String) throws -> [String: String] {
            let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any] ?? [:]
            var result: [String: String] = [:]
            for key in ["name", "type", "flags", "bytes_key", "bytes_value", "max_entries", "frozen"] {
                result[key] = object[key].map { "\($0)" }
            }
            if let name = result["name"], name.contains("."), let flags = result["flags"].flatMap({ UInt32($0) }) {
                result["flags"] = "\(flags & ~MapFlags.mmapable.rawValue)"
            }
            return result
        }

        /// The listing with what differs between two loads of the same code
        /// replaced: map ids (numbered in order of appearance), program tags and kernel addresses.
        static func normalized(_ listing: String) -> String {
            var ids: [String: Int] = [:]
            var result = ""
            var rest = Substring(listing)
            while let range = rest.range(of: "map[id:") {
                result += rest[..<range.upperBound]
                rest = rest[range.upperBound...]
                let digits = rest.prefix { $0.isNumber }
                let number = ids[String(digits)] ?? ids.count
                ids[String(digits)] = number
                result += "#\(number)"
                rest = rest.dropFirst(digits.count)
            }
            result += rest
            return result.split(separator: "\n").map { line in
                var line = String(line)
                if let tag = line.range(of: "bpf_prog_") {
                    line = String(line[..<tag.upperBound]) + "TAG" + line[tag.upperBound...].drop { $0.isHexDigit }
                }
                // Kernel addresses the verifier inserts (map pointers for bpf_timer and the like).
                if let address = line.range(of: "0xffff") {
                    line = String(line[..<address.lowerBound]) + "KERNEL_ADDRESS"
                        + line[address.upperBound...].drop { $0.isHexDigit }
                }
                return line
            }.joined(separator: "\n")
        }

        static func firstDifference(_ a: String, _ b: String) -> String {
            let left = a.split(separator: "\n")
            let right = b.split(separator: "\n")
            for index in 0..<max(left.count, right.count) {
                let x = index < left.count ? String(left[index]) : "<end>"
                let y = index < right.count ? String(right[index]) : "<end>"
                if x != y { return "line \(index):\n  ours:   \(x)\n  libbpf: \(y)" }
            }
            return "no difference"
        }

        static func bpftool(_ arguments: [String]) throws -> String {
            try run("/usr/sbin/bpftool", arguments)
        }

        static func run(_ executable: String, _ arguments: [String]) throws -> String {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = arguments
            let pipe = Pipe()
            process.standardOutput = pipe
            process.standardError = FileHandle.nullDevice
            try process.run()
            let data = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return String(decoding: data, as: UTF8.self)
        }
    }
}
