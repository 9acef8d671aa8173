/// `union bpf_attr` for BPF_OBJ_PIN and BPF_OBJ_GET.
package struct ObjectPinAttributes: Sendable {
    /// Address of the NUL-terminated path.
    package var pathname: UInt64 = 0
    package var bpfFD: UInt32 = 0
    package var fileFlags: UInt32 = 0
    package var pathFD: Int32 = 0

    package init() {}
}
