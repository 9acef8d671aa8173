import Glibc

/// A kernel timestamp in nanoseconds since boot (`CLOCK_BOOTTIME`), such as a
/// program's load time, turned into wall-clock time the way bpftool does.
struct BootTime {
    /// Seconds since the Unix epoch.
    var epochSeconds: Int64

    init(epochSeconds: Int64) {
        self.epochSeconds = epochSeconds
    }

    init(nanosecondsSinceBoot: UInt64) {
        var boot = timespec()
        var real = timespec()
        clock_gettime(CLOCK_BOOTTIME, &boot)
        clock_gettime(CLOCK_REALTIME, &real)
        let nanoseconds = Int64(real.tv_nsec) - Int64(boot.tv_nsec) + Int64(truncatingIfNeeded: nanosecondsSinceBoot)
        epochSeconds = Int64(real.tv_sec) - Int64(boot.tv_sec) + nanoseconds / 1_000_000_000
    }

    /// Local time as `2026-11-21T18:40:02+0000` (`strftime("%FT%T%z")`).
    var text: String {
        var seconds = time_t(epochSeconds)
        var parts = tm()
        guard localtime_r(&seconds, &parts) != nil else { return String(epochSeconds) }
        var buffer = [CChar](repeating: 0, count: 64)
        let count = strftime(&buffer, buffer.count, "%FT%T%z", &parts)
        return String(decoding: buffer.prefix(count).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
