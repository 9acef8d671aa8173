/// BPF_ENABLE_STATS: the kernel counts run time and runs of every program
/// while at least one returned descriptor is open.
public enum RunTimeStatistics {
    /// `BPF_STATS_RUN_TIME`.
    private static let runTime: UInt32 = 0

    /// Turns counting on until the returned descriptor is closed.
    public static func enable() throws(BPFError) -> OwnedDescriptor {
        var attributes = SingleWordAttributes(runTime)
        return try SystemCall.descriptor(.enableStats, &attributes, "enable run-time statistics")
    }
}
