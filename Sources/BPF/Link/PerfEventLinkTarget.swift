/// What a perf-event link's program runs on (`perf_event` in `bpf_link_info`).
public enum PerfEventLinkTarget: Sendable, Hashable {
    /// A uprobe or uretprobe on `file` at `offset`.
    case uprobe(file: String, offset: UInt32, isReturn: Bool, cookie: UInt64, referenceCounterOffset: UInt64)
    /// A kprobe or kretprobe on `function` (plus `offset`) at kernel `address`;
    /// `missed` counts runs skipped for recursion.
    case kprobe(function: String, offset: UInt32, address: UInt64, isReturn: Bool, missed: UInt64, cookie: UInt64)
    /// A tracepoint, by name.
    case tracepoint(name: String, cookie: UInt64)
    /// A perf event by `perf_event_attr` type and config, such as a software clock.
    case event(type: UInt32, config: UInt64, cookie: UInt64)
    /// A kind of perf event this library does not know (`enum bpf_perf_event_type`).
    case unknown(type: UInt32)

    /// The perf type's name as bpftool prints it (`software`, `hardware`, …), or its number.
    public static func eventTypeName(_ type: UInt32) -> String {
        let names = ["hardware", "software", "tracepoint", "hw_cache", "raw", "breakpoint"]
        return Int(exactly: type).flatMap { names.indices.contains($0) ? names[$0] : nil } ?? "\(type)"
    }
}
