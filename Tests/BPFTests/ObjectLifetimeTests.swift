import Foundation
import Glibc
import Testing

@testable import BPF

/// Creating and dropping many objects leaves nothing behind: not in this
/// process's descriptor table, not in the kernel.
///
/// Other tests run in parallel and open descriptors and objects of their own,
/// so both counts are of objects named `lifetime` only.
@Suite("Object lifetime")
struct ObjectLifetimeTests {
    private static let count = 10_000
    private static let name = "lifetime"

    /// The ids of live kernel objects of `kind` named `lifetime`.
    private func liveIDs(_ kind: KernelObjectKind) throws -> Set<UInt32> {
        Set(try kind.ids().filter { id in
            switch kind {
            case .map: (try? Map.open(id: id).name) == Self.name
            case .program: (try? Program.open(id: id).name) == Self.name
            default: false
            }
        })
    }

    /// How many of this process's descriptors (from /proc/self/fd, identified
    /// by the `map_id`/`prog_id` lines of /proc/self/fdinfo) refer to `ids`.
    private func openDescriptors(to maps: Set<UInt32>, _ programs: Set<UInt32>) throws -> Int {
        try FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").count { fd in
            guard let info = try? String(contentsOfFile: "/proc/self/fdinfo/\(fd)", encoding: .utf8) else { return false }
            for line in info.split(separator: "\n") {
                let parts = line.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                guard parts.count == 2, let id = UInt32(parts[1]) else { continue }
                if parts[0] == "map_id", maps.contains(id) { return true }
                if parts[0] == "prog_id", programs.contains(id) { return true }
            }
            return false
        }
    }

    @Test func tenThousandMapsAndProgramsAreReleased() throws {
        let mapsBefore = try liveIDs(.map)
        let programsBefore = try liveIDs(.program)
        var created: (maps: Set<UInt32>, programs: Set<UInt32>) = ([], [])
        for index in 0..<Self.count {
            let map = try Map(.small(.array, entries: 1, name: Self.name))
            let program = try TestPrograms.load(.socketFilter, name: Self.name)
            if index.isMultiple(of: 1000) {
                created.maps.insert(try map.info().id)
                created.programs.insert(try program.info().id)
                #expect(try openDescriptors(to: created.maps, created.programs) == 2)
                created = ([], [])
            }
            // Half are closed explicitly, half by deinit.
            if index.isMultiple(of: 2) {
                map.close()
                program.close()
            }
        }
        let mapsAfter = try liveIDs(.map)
        let programsAfter = try liveIDs(.program)
        #expect(try openDescriptors(to: mapsAfter, programsAfter) == 0)
        // The kernel frees maps and programs after an RCU grace period.
        var leftover = (maps: mapsAfter.subtracting(mapsBefore), programs: programsAfter.subtracting(programsBefore))
        for _ in 0..<100 where !leftover.maps.isEmpty || !leftover.programs.isEmpty {
            usleep(50_000)
            leftover = (try liveIDs(.map).subtracting(mapsBefore), try liveIDs(.program).subtracting(programsBefore))
        }
        #expect(leftover.maps.isEmpty)
        #expect(leftover.programs.isEmpty)
    }
}
