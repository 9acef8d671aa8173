/// `union bpf_attr` for BPF_BTF_LOAD.
package struct BTFLoadAttributes: Sendable {
    package var btf: UInt64 = 0
    package var btfLogBuffer: UInt64 = 0
    package var btfSize: UInt32 = 0
    package var btfLogSize: UInt32 = 0
    package var btfLogLevel: UInt32 = 0
    /// Written by the kernel (6.4+): the log size that would hold the whole log.
    package var btfLogTrueSize: UInt32 = 0
    package var btfFlags: UInt32 = 0
    package var btfTokenFD: Int32 = 0

    package init() {}
}
