/// Flags given when a map is created (`map_flags`, the `BPF_F_*` values of the
/// anonymous enum in the uapi header).
public struct MapFlags: OptionSet, Hashable, Sendable {
    /// The flag bits.
    public var rawValue: UInt32
    /// Creates flags from their bits; unknown bits are kept.
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// `BPF_F_NO_PREALLOC`: allocate hash elements on demand.
    public static let noPreallocation = MapFlags(rawValue: 1 << 0)
    /// `BPF_F_NO_COMMON_LRU`: one LRU list per CPU.
    public static let noCommonLRU = MapFlags(rawValue: 1 << 1)
    /// `BPF_F_NUMA_NODE`: honour the NUMA node given at creation.
    public static let numaNode = MapFlags(rawValue: 1 << 2)
    /// `BPF_F_RDONLY`: user space may only read.
    public static let readOnly = MapFlags(rawValue: 1 << 3)
    /// `BPF_F_WRONLY`: user space may only write.
    public static let writeOnly = MapFlags(rawValue: 1 << 4)
    /// `BPF_F_STACK_BUILD_ID`: stack traces store build ids.
    public static let stackBuildID = MapFlags(rawValue: 1 << 5)
    /// `BPF_F_ZERO_SEED`: hash with a zero seed (testing only).
    public static let zeroSeed = MapFlags(rawValue: 1 << 6)
    /// `BPF_F_RDONLY_PROG`: programs may only read.
    public static let readOnlyProgram = MapFlags(rawValue: 1 << 7)
    /// `BPF_F_WRONLY_PROG`: programs may only write.
    public static let writeOnlyProgram = MapFlags(rawValue: 1 << 8)
    /// `BPF_F_CLONE`: clone socket storage on accept.
    public static let clone = MapFlags(rawValue: 1 << 9)
    /// `BPF_F_MMAPABLE`: the array can be mmap'ed.
    public static let mmapable = MapFlags(rawValue: 1 << 10)
    /// `BPF_F_PRESERVE_ELEMS`: keep perf event array entries when the fd closes.
    public static let preserveElements = MapFlags(rawValue: 1 << 11)
    /// `BPF_F_INNER_MAP`: the inner map template may vary in max entries.
    public static let innerMap = MapFlags(rawValue: 1 << 12)
    /// `BPF_F_LINK`: a struct_ops map attached through a link.
    public static let link = MapFlags(rawValue: 1 << 13)
    /// `BPF_F_PATH_FD`: OBJ_PIN/OBJ_GET take a directory fd.
    public static let pathFD = MapFlags(rawValue: 1 << 14)
    /// `BPF_F_VTYPE_BTF_OBJ_FD`: the value type comes from a module's BTF.
    public static let valueTypeBTFObjectFD = MapFlags(rawValue: 1 << 15)
    /// `BPF_F_TOKEN_FD`: a BPF token fd is given.
    public static let tokenFD = MapFlags(rawValue: 1 << 16)
    /// `BPF_F_SEGV_ON_FAULT`: arena faults raise SIGSEGV in user space.
    public static let segvOnFault = MapFlags(rawValue: 1 << 17)
    /// `BPF_F_NO_USER_CONV`: arena pointers are not converted for user space.
    public static let noUserConversion = MapFlags(rawValue: 1 << 18)
}
