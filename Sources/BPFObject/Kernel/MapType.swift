/// The kind of a BPF map: `enum bpf_map_type`.
public struct MapType: KernelEnumeration {
    /// The kernel's number for the type.
    public var rawValue: UInt32
    /// Creates a type from its kernel number; unknown numbers are kept.
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// `BPF_MAP_TYPE_UNSPEC`.
    public static let unspecified = MapType(rawValue: 0)
    /// `BPF_MAP_TYPE_HASH`: a hash table.
    public static let hash = MapType(rawValue: 1)
    /// `BPF_MAP_TYPE_ARRAY`: an array indexed by u32.
    public static let array = MapType(rawValue: 2)
    /// `BPF_MAP_TYPE_PROG_ARRAY`: program fds for tail calls.
    public static let programArray = MapType(rawValue: 3)
    /// `BPF_MAP_TYPE_PERF_EVENT_ARRAY`: perf event fds per CPU.
    public static let perfEventArray = MapType(rawValue: 4)
    /// `BPF_MAP_TYPE_PERCPU_HASH`: a hash table with one value per CPU.
    public static let perCPUHash = MapType(rawValue: 5)
    /// `BPF_MAP_TYPE_PERCPU_ARRAY`: an array with one value per CPU.
    public static let perCPUArray = MapType(rawValue: 6)
    /// `BPF_MAP_TYPE_STACK_TRACE`: stack traces by id.
    public static let stackTrace = MapType(rawValue: 7)
    /// `BPF_MAP_TYPE_CGROUP_ARRAY`: cgroup fds.
    public static let cgroupArray = MapType(rawValue: 8)
    /// `BPF_MAP_TYPE_LRU_HASH`: a hash table that evicts the least recently used entry.
    public static let lruHash = MapType(rawValue: 9)
    /// `BPF_MAP_TYPE_LRU_PERCPU_HASH`: an LRU hash with one value per CPU.
    public static let lruPerCPUHash = MapType(rawValue: 10)
    /// `BPF_MAP_TYPE_LPM_TRIE`: longest-prefix match.
    public static let lpmTrie = MapType(rawValue: 11)
    /// `BPF_MAP_TYPE_ARRAY_OF_MAPS`: an array whose values are maps.
    public static let arrayOfMaps = MapType(rawValue: 12)
    /// `BPF_MAP_TYPE_HASH_OF_MAPS`: a hash table whose values are maps.
    public static let hashOfMaps = MapType(rawValue: 13)
    /// `BPF_MAP_TYPE_DEVMAP`: net devices for XDP redirects.
    public static let devmap = MapType(rawValue: 14)
    /// `BPF_MAP_TYPE_SOCKMAP`: sockets indexed by u32.
    public static let sockmap = MapType(rawValue: 15)
    /// `BPF_MAP_TYPE_CPUMAP`: CPUs for XDP redirects.
    public static let cpumap = MapType(rawValue: 16)
    /// `BPF_MAP_TYPE_XSKMAP`: AF_XDP sockets.
    public static let xskmap = MapType(rawValue: 17)
    /// `BPF_MAP_TYPE_SOCKHASH`: sockets under keys chosen by the user.
    public static let sockhash = MapType(rawValue: 18)
    /// `BPF_MAP_TYPE_CGROUP_STORAGE`: storage per cgroup and attach point.
    public static let cgroupStorage = MapType(rawValue: 19)
    /// `BPF_MAP_TYPE_REUSEPORT_SOCKARRAY`: sockets for SO_REUSEPORT selection.
    public static let reuseportSocketArray = MapType(rawValue: 20)
    /// `BPF_MAP_TYPE_PERCPU_CGROUP_STORAGE`: cgroup storage with one value per CPU.
    public static let perCPUCgroupStorage = MapType(rawValue: 21)
    /// `BPF_MAP_TYPE_QUEUE`: a FIFO queue.
    public static let queue = MapType(rawValue: 22)
    /// `BPF_MAP_TYPE_STACK`: a LIFO stack.
    public static let stack = MapType(rawValue: 23)
    /// `BPF_MAP_TYPE_SK_STORAGE`: storage per socket.
    public static let socketStorage = MapType(rawValue: 24)
    /// `BPF_MAP_TYPE_DEVMAP_HASH`: net devices by key for XDP redirects.
    public static let devmapHash = MapType(rawValue: 25)
    /// `BPF_MAP_TYPE_STRUCT_OPS`: a kernel struct of BPF function pointers.
    public static let structOps = MapType(rawValue: 26)
    /// `BPF_MAP_TYPE_RINGBUF`: a ring buffer from kernel to user space.
    public static let ringBuffer = MapType(rawValue: 27)
    /// `BPF_MAP_TYPE_INODE_STORAGE`: storage per inode.
    public static let inodeStorage = MapType(rawValue: 28)
    /// `BPF_MAP_TYPE_TASK_STORAGE`: storage per task.
    public static let taskStorage = MapType(rawValue: 29)
    /// `BPF_MAP_TYPE_BLOOM_FILTER`: a bloom filter.
    public static let bloomFilter = MapType(rawValue: 30)
    /// `BPF_MAP_TYPE_USER_RINGBUF`: a ring buffer from user space to kernel.
    public static let userRingBuffer = MapType(rawValue: 31)
    /// `BPF_MAP_TYPE_CGRP_STORAGE`: storage per cgroup.
    public static let cgrpStorage = MapType(rawValue: 32)
    /// `BPF_MAP_TYPE_ARENA`: a sparse memory region shared with user space.
    public static let arena = MapType(rawValue: 33)

    /// The bpftool names, indexed by raw value.
    public static let names = [
        "unspec", "hash", "array", "prog_array", "perf_event_array", "percpu_hash", "percpu_array",
        "stack_trace", "cgroup_array", "lru_hash", "lru_percpu_hash", "lpm_trie", "array_of_maps",
        "hash_of_maps", "devmap", "sockmap", "cpumap", "xskmap", "sockhash", "cgroup_storage",
        "reuseport_sockarray", "percpu_cgroup_storage", "queue", "stack", "sk_storage", "devmap_hash",
        "struct_ops", "ringbuf", "inode_storage", "task_storage", "bloom_filter", "user_ringbuf",
        "cgrp_storage", "arena",
    ]
    /// Unknown types print as `map type N`.
    public static let unknownPrefix = "map type"

    /// Whether lookups return one value per possible CPU.
    public var isPerCPU: Bool {
        [.perCPUHash, .perCPUArray, .lruPerCPUHash, .perCPUCgroupStorage].contains(self)
    }
}
