/// `union bpf_attr` for BPF_PROG_TEST_RUN (`test`).
package struct TestRunAttributes: Sendable {
    package var programFD: UInt32 = 0
    /// Written by the kernel: the program's return value.
    package var returnValue: UInt32 = 0
    package var dataSizeIn: UInt32 = 0
    /// In: the capacity of `dataOut`. Out: the size of the output data.
    package var dataSizeOut: UInt32 = 0
    package var dataIn: UInt64 = 0
    package var dataOut: UInt64 = 0
    package var repeatCount: UInt32 = 0
    /// Written by the kernel: average nanoseconds per run.
    package var duration: UInt32 = 0
    package var contextSizeIn: UInt32 = 0
    package var contextSizeOut: UInt32 = 0
    package var contextIn: UInt64 = 0
    package var contextOut: UInt64 = 0
    package var flags: UInt32 = 0
    package var cpu: UInt32 = 0
    package var batchSize: UInt32 = 0

    package init() {}
}
