/// `union bpf_attr` for BPF_OBJ_GET_INFO_BY_FD (`info`).
package struct ObjectInfoAttributes: Sendable {
    package var bpfFD: UInt32 = 0
    /// In: the size of the info buffer. Out: how much the kernel filled.
    package var infoLength: UInt32 = 0
    package var info: UInt64 = 0

    package init() {}
}
