/// `union bpf_attr` for BPF_LINK_CREATE (`link_create`), with the variants of
/// its inner union that share the words at offsets 16 and 24: `target_btf_id`,
/// `tracing`, and the `relative_fd`/`expected_revision` pair of `tcx`,
/// `netkit` and `cgroup`. Sockmap and netns links use only the common part.
package struct LinkCreateAttributes: Sendable {
    /// `prog_fd`, or `map_fd` for struct_ops links.
    package var programFD: UInt32 = 0
    /// `target_fd` (a cgroup, netns or sockmap) or `target_ifindex`.
    package var targetFD: UInt32 = 0
    package var attachType: UInt32 = 0
    package var flags: UInt32 = 0
    /// `target_btf_id`, `tracing.target_btf_id`, or `relative_fd`/`relative_id`.
    package var targetBTFIDOrRelative: UInt32 = 0
    private var padding: UInt32 = 0
    /// `tracing.cookie` or `expected_revision`.
    package var cookieOrExpectedRevision: UInt64 = 0

    package init() {}
}
