/// `union bpf_attr` for BPF_PROG_LOAD.
package struct ProgramLoadAttributes: Sendable {
    package var programType: UInt32 = 0
    package var instructionCount: UInt32 = 0
    package var instructions: UInt64 = 0
    package var license: UInt64 = 0
    package var logLevel: UInt32 = 0
    package var logSize: UInt32 = 0
    package var logBuffer: UInt64 = 0
    package var kernelVersion: UInt32 = 0
    package var programFlags: UInt32 = 0
    package var programName = ObjectName()
    package var programIfindex: UInt32 = 0
    package var expectedAttachType: UInt32 = 0
    package var programBTFFD: UInt32 = 0
    package var funcInfoRecordSize: UInt32 = 0
    package var funcInfo: UInt64 = 0
    package var funcInfoCount: UInt32 = 0
    package var lineInfoRecordSize: UInt32 = 0
    package var lineInfo: UInt64 = 0
    package var lineInfoCount: UInt32 = 0
    package var attachBTFID: UInt32 = 0
    /// `attach_prog_fd`, or `attach_btf_obj_fd` (the same word).
    package var attachProgramFD: UInt32 = 0
    package var coreRelocationCount: UInt32 = 0
    package var fdArray: UInt64 = 0
    package var coreRelocations: UInt64 = 0
    package var coreRelocationRecordSize: UInt32 = 0
    /// Written by the kernel (6.4+): the log size that would hold the whole log.
    package var logTrueSize: UInt32 = 0
    package var programTokenFD: Int32 = 0
    package var fdArrayCount: UInt32 = 0

    package init() {}
}
