import BPF
import Foundation

/// Where the objects of one kind are pinned: every bpffs mount of this
/// process's mount namespace walked, each file asked what it holds (as
/// `bpftool -f` does). Files that cannot be opened are skipped.
struct PinnedPaths {
    private var pathsByID: [UInt32: [String]] = [:]

    /// Walks every bpffs mount for objects of `kind`.
    init(_ kind: KernelObjectKind) {
        // BTF objects cannot be pinned.
        guard kind != .btf else { return }
        for mount in Self.bpffsMounts() {
            guard let walker = FileManager.default.enumerator(atPath: mount) else { continue }
            while let relative = walker.nextObject() as? String {
                let path = mount + "/" + relative
                guard (try? KernelObjectKind.ofObject(pinnedAt: path)) == kind,
                      let id = try? Self.id(of: kind, pinnedAt: path) else { continue }
                pathsByID[id, default: []].append(path)
            }
        }
    }

    /// The paths the object with `id` is pinned at, or nil if none.
    func paths(of id: UInt32) -> [String]? {
        pathsByID[id]
    }

    private static func id(of kind: KernelObjectKind, pinnedAt path: String) throws -> UInt32? {
        switch kind {
        case .program:
            let program = try Program.open(pinnedAt: path)
            defer { program.close() }
            return try program.info().id
        case .map:
            let map = try Map.open(pinnedAt: path)
            defer { map.close() }
            return try map.info().id
        case .link:
            let link = try Link.open(pinnedAt: path)
            defer { link.close() }
            return try link.info().id
        case .btf:
            return nil
        }
    }

    /// The mount points of type `bpf` in `/proc/self/mounts`.
    private static func bpffsMounts() -> [String] {
        guard let table = try? WholeFile.text("/proc/self/mounts") else { return [] }
        return table.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: " ")
            // Mount points with spaces are escaped (\040); those are left out.
            guard fields.count >= 3, fields[2] == "bpf", !fields[1].contains("\\") else { return nil }
            return String(fields[1])
        }
    }
}
