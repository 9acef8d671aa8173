import BPF

/// What `/proc/self/fdinfo/N` says about a BPF object's descriptor: the
/// memory charged for it and, for maps, whether it is frozen. bpf(2) reports
/// neither, which is why bpftool reads this file too.
struct DescriptorInfo {
    /// Each `key:\tvalue` line.
    private var fields: [String: String] = [:]

    /// Reads the fdinfo of `descriptor`.
    init(_ descriptor: OwnedDescriptor) throws {
        let path = try descriptor.withRawValue { fd in "/proc/self/fdinfo/\(fd)" }
        let text = try WholeFile.text(path)
        for line in text.split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let value = line[line.index(after: colon)...].drop { $0 == " " || $0 == "\t" }
            fields[String(line[..<colon])] = String(value)
        }
    }

    /// The bytes charged to the memory cgroup (`memlock`).
    var memlock: UInt64? { fields["memlock"].flatMap { UInt64($0) } }

    /// Whether the map is frozen (`frozen`).
    var isFrozen: Bool { fields["frozen"] == "1" }
}
