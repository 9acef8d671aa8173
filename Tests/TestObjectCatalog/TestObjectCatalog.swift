import Foundation

/// TestObjects/expected.json decoded, and where each object was built.
///
/// Shared by the object-reader tests and the loader tests, so both check
/// the same expectations.
public enum TestObjectCatalog {
    /// The repository root (three levels above this file).
    public static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// One program as expected.json lists it.
    public struct Program: Decodable, Sendable {
        /// The function name.
        public var name: String
        /// The section, without `?`.
        public var section: String
        /// The bpftool name of the program type.
        public var type: String
        /// The bpftool name of the expected attach type, or nil for none.
        public var attach_type: String?
        /// False for `?` sections.
        public var autoload: Bool
    }

    /// One map as expected.json lists it.
    public struct Map: Decodable, Sendable {
        /// The symbol or section name.
        public var name: String
        /// The bpftool name of the map type.
        public var type: String
        /// Key size.
        public var key_size: UInt32
        /// Value size.
        public var value_size: UInt32
        /// Capacity as declared.
        public var max_entries: UInt32
        /// Creation flags as declared.
        public var map_flags: UInt32
        /// `none` or `by_name`.
        public var pinning: String
        /// True for global data and `.kconfig`.
        public var `internal`: Bool?
        /// The NUMA node, when set.
        public var numa_node: UInt32?
        /// map_extra, when set.
        public var map_extra: UInt64?
    }

    /// The load outcome: "ok" or an error description.
    public enum Outcome: Decodable, Sendable {
        /// Loads.
        case ok
        /// Fails; the fields of the error object (`error`, `program`, `section`, `symbol`, …).
        case error([String: String])

        /// Decodes either form.
        public init(from decoder: Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let text = try? container.decode(String.self), text == "ok" {
                self = .ok
            } else {
                self = .error(try container.decode([String: String].self))
            }
        }
    }

    /// One object's entry.
    public struct Entry: Decodable, Sendable {
        /// What the object exercises.
        public var description: String
        /// Feature tags.
        public var covers: [String]
        /// Set when libbpf 1.1 cannot load the object although current libbpf can.
        public var libbpf_oracle: String?
        /// The load outcome on this kernel.
        public var load: Outcome
        /// The programs in ELF order.
        public var programs: [Program]
        /// The maps.
        public var maps: [Map]
    }

    private struct File: Decodable {
        var objects: [String: Entry]
    }

    /// Every entry by object name.
    public static let entries: [String: Entry] = {
        let url = repositoryRoot.appendingPathComponent("TestObjects/expected.json")
        guard let data = try? Data(contentsOf: url), let file = try? JSONDecoder().decode(File.self, from: data) else {
            fatalError("cannot read \(url.path); run make -C TestObjects")
        }
        return file.objects
    }()

    /// The object names, sorted.
    public static var names: [String] { entries.keys.sorted() }

    /// The built object for `name` and `target` (`bpfel` or `bpfeb`).
    public static func path(_ name: String, target: String = "bpfel") -> String {
        repositoryRoot.appendingPathComponent("TestObjects/build/\(target)/\(name).o").path
    }
}
