/// `union bpf_attr` for the GET_NEXT_ID and GET_FD_BY_ID commands.
package struct ObjectIDAttributes: Sendable {
    /// `start_id`, `prog_id`, `map_id`, `btf_id` or `link_id`.
    package var id: UInt32 = 0
    /// Written by the kernel for GET_NEXT_ID.
    package var nextID: UInt32 = 0
    package var openFlags: UInt32 = 0
    package var fdByIDTokenFD: Int32 = 0

    package init() {}
}
