import BPF
import BPFObject
import Foundation
import Testing

/// The object loader's kernel tests, run one at a time: several load the
/// same objects and check that a load leaves no descriptor behind.
@Suite(.serialized) enum ObjectLoaderSuite {
    /// The highest map and program ids the kernel has handed out so far.
    static func idBaseline() -> (maps: UInt32, programs: UInt32) {
        ((try? KernelObjectKind.map.ids().last) ?? 0, (try? KernelObjectKind.program.ids().last) ?? 0)
    }

    /// The maps and programs of `spec` created after `baseline` that this
    /// process still holds a descriptor to, by kernel name (from the
    /// `map_id`/`prog_id` lines of /proc/self/fdinfo). The baseline keeps
    /// objects of the same name that other suites hold out of the count.
    static func heldObjects(of spec: ObjectSpec, createdAfter baseline: (maps: UInt32, programs: UInt32)) -> [String] {
        let mapNames = Set(spec.maps.flatMap { [$0.kernelName] + ($0.innerMap.map { [$0.kernelName] } ?? []) })
        let programNames = Set(spec.programs.map { String(decoding: $0.name.utf8.prefix(15), as: UTF8.self) })
        let descriptors = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        var held: [String] = []
        for fd in descriptors {
            guard let info = try? String(contentsOfFile: "/proc/self/fdinfo/\(fd)", encoding: .utf8) else { continue }
            for line in info.split(separator: "\n") {
                let parts = line.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                guard parts.count == 2, let id = UInt32(parts[1]) else { continue }
                if parts[0] == "map_id", id > baseline.maps, let map = try? Map.open(id: id) {
                    if mapNames.contains(map.name) { held.append("map \(map.name)") }
                    map.close()
                } else if parts[0] == "prog_id", id > baseline.programs, let program = try? Program.open(id: id) {
                    if programNames.contains(program.name) { held.append("program \(program.name)") }
                    program.close()
                }
            }
        }
        return held
    }
}
