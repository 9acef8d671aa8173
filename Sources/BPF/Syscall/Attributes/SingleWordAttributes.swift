/// `union bpf_attr` for the commands that take one 32-bit word: LINK_DETACH
/// (`link_detach.link_fd`) and ENABLE_STATS (`enable_stats.type`).
package struct SingleWordAttributes: Sendable {
    package var word: UInt32

    package init(_ word: UInt32) { self.word = word }
}
