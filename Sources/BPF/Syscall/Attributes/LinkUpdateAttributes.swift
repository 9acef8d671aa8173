/// `union bpf_attr` for BPF_LINK_UPDATE (`link_update`).
package struct LinkUpdateAttributes: Sendable {
    package var linkFD: UInt32 = 0
    /// `new_prog_fd` or `new_map_fd`.
    package var newProgramFD: UInt32 = 0
    package var flags: UInt32 = 0
    /// `old_prog_fd` or `old_map_fd`; used with `BPF_F_REPLACE`.
    package var oldProgramFD: UInt32 = 0

    package init() {}
}
