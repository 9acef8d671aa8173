import Foundation
import Glibc

import BPF

/// The kernel objects a test created, by kind and id, and the checks that
/// they are all gone again: from the kernel's id tables and from this
/// process's descriptor table.
///
/// Other suites run in parallel in the same process and create objects of
/// their own, so only the ids recorded here are compared, never totals.
public struct HardeningCensus {
    /// The ids recorded, by kind.
    public private(set) var created: [KernelObjectKind: Set<UInt32>] = [:]

    /// Starts with nothing recorded.
    public init() {}

    /// Records the id of `object`.
    public mutating func record(_ object: some KernelObject) throws {
        let (kind, id): (KernelObjectKind, UInt32) = switch object {
        case let map as Map: (.map, try map.info().id)
        case let program as Program: (.program, try program.info().id)
        case let link as BPF.Link: (.link, try link.info().id)
        case let btf as KernelBTF: (.btf, try btf.info().id)
        default: throw CensusError.unknownKind(String(describing: type(of: object)))
        }
        // The descriptor table must see the object as this kind and id, or
        // the check for leaked descriptors would pass for want of matches.
        let fd = try object.descriptor.withRawValue { $0 }
        let entry = BPFDescriptorTable.entry(for: fd)
        guard entry?.kind == kind, entry?.id == id else {
            throw CensusError.unrecognized("fd \(fd): \(String(describing: entry)), expected \(kind) \(id)")
        }
        created[kind, default: []].insert(id)
    }

    /// How many objects were recorded.
    public var count: Int { created.values.reduce(0) { $0 + $1.count } }

    /// The recorded ids still live in the kernel. The kernel frees maps,
    /// programs and links after an RCU grace period (and BTF after the last
    /// program using it), so this waits up to five seconds for them to go.
    public func survivors() throws -> [KernelObjectKind: Set<UInt32>] {
        var left: [KernelObjectKind: Set<UInt32>] = [:]
        for _ in 0..<250 {
            left = [:]
            for (kind, ids) in created {
                let alive = ids.intersection(try kind.ids())
                if !alive.isEmpty { left[kind] = alive }
            }
            if left.isEmpty { return left }
            usleep(20_000)
        }
        return left
    }

    /// This process's descriptors that refer to a recorded object, as
    /// `fd -> anon_inode:bpf-map id 12`.
    public func openDescriptors() -> [String] {
        BPFDescriptorTable.current().compactMap { entry in
            guard let kind = entry.kind, created[kind]?.contains(entry.id) == true else { return nil }
            return "fd \(entry.fd) -> \(entry.target) id \(entry.id)"
        }
    }

    /// Why an object could not be recorded.
    public enum CensusError: Error { case unknownKind(String), unrecognized(String) }
}

/// This process's descriptors that point at BPF objects, read from
/// /proc/self/fd (`anon_inode:bpf-map`, `anon_inode:bpf-prog`,
/// `anon_inode:bpf_link`, `anon_inode:btf`) and /proc/self/fdinfo (their ids).
public enum BPFDescriptorTable {
    /// One descriptor.
    public struct Entry: Sendable {
        /// The descriptor number.
        public var fd: Int32
        /// What /proc/self/fd says it points at.
        public var target: String
        /// The kind of object, nil for a BPF object of another kind.
        public var kind: KernelObjectKind?
        /// The object's id, from /proc/self/fdinfo.
        public var id: UInt32
    }

    /// The kind of object behind a /proc/self/fd link target, and the
    /// fdinfo field that holds its id.
    private static let kinds: [String: (KernelObjectKind, String)] = [
        "anon_inode:bpf-map": (.map, "map_id"),
        "anon_inode:bpf-prog": (.program, "prog_id"),
        "anon_inode:bpf_link": (.link, "link_id"),
        "anon_inode:btf": (.btf, "btf_id"),
    ]

    /// Whether a /proc/self/fd link target is a BPF object.
    public static func isBPF(_ target: String) -> Bool {
        target.hasPrefix("anon_inode:bpf") || target == "anon_inode:btf"
    }

    /// Every descriptor of this process that points at a BPF object.
    public static func current() -> [Entry] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd") else { return [] }
        return names.compactMap { name in Int32(name).flatMap(entry(for:)) }
    }

    /// What descriptor `fd` points at, if it is a BPF object.
    public static func entry(for fd: Int32) -> Entry? {
        let target = linkTarget(of: fd)
        guard isBPF(target) else { return nil }
        guard let (kind, field) = kinds[target] else { return Entry(fd: fd, target: target, kind: nil, id: 0) }
        return Entry(fd: fd, target: target, kind: kind, id: fdinfoField(field, of: fd) ?? 0)
    }

    /// What descriptor `fd` refers to, such as `anon_inode:bpf-map` or `/dev/null`.
    public static func linkTarget(of fd: Int32) -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        let count = readlink("/proc/self/fd/\(fd)", &buffer, buffer.count - 1)
        return count < 0 ? "" : String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    private static func fdinfoField(_ field: String, of fd: Int32) -> UInt32? {
        guard let info = try? String(contentsOfFile: "/proc/self/fdinfo/\(fd)", encoding: .utf8) else { return nil }
        for line in info.split(separator: "\n") {
            let parts = line.split(separator: ":", maxSplits: 1)
            if parts.count == 2, parts[0] == field { return UInt32(parts[1].trimmingCharacters(in: .whitespaces)) }
        }
        return nil
    }
}

/// This process's resident memory.
public enum ResidentMemory {
    /// Bytes resident now (the second field of /proc/self/statm, in pages).
    public static func bytes() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return -1 }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return -1 }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }
}
