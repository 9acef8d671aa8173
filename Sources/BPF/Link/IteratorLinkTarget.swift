/// What an iterator link walks (`iter` in `bpf_link_info`).
public struct IteratorLinkTarget: Sendable, Hashable {
    /// What the iterator is narrowed to, when the target takes a parameter.
    public enum Scope: Sendable, Hashable {
        /// The whole target, such as every task.
        case all
        /// One map's elements (`bpf_map_elem`, `bpf_sk_storage_map`, `sockmap`).
        case map(id: UInt32)
        /// A cgroup and the walk order (`enum bpf_cgroup_iter_order`: 1 self only,
        /// 2 descendants pre-order, 3 descendants post-order, 4 ancestors up).
        case cgroup(id: UInt64, order: UInt32)
        /// One task or one thread group.
        case task(threadID: UInt32, processID: UInt32)
    }

    /// The iterator target's name, such as `task` or `bpf_map_elem`.
    public var name: String
    /// What it is narrowed to.
    public var scope: Scope

    /// Creates a description.
    public init(name: String, scope: Scope) {
        self.name = name
        self.scope = scope
    }
}
