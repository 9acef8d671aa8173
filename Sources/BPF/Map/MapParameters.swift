import BPFObject

/// Everything BPF_MAP_CREATE takes: the runtime form of a map definition.
public struct MapParameters: Sendable {
    /// The map's type.
    public var type: MapType
    /// The key size in bytes.
    public var keySize: UInt32
    /// The value size in bytes (per CPU, for per-CPU maps).
    public var valueSize: UInt32
    /// The capacity.
    public var maxEntries: UInt32
    /// Creation flags.
    public var flags: MapFlags
    /// The name; the kernel keeps the first 15 bytes of letters, digits, `_` and `.`.
    public var name: String
    /// For map-of-maps types: a map whose shape the inner maps must have.
    public var innerMap: Map?
    /// BTF describing the key and value types.
    public var btf: KernelBTF?
    /// The BTF type id of the key, within ``btf``.
    public var btfKeyTypeID: UInt32
    /// The BTF type id of the value, within ``btf``.
    public var btfValueTypeID: UInt32
    /// For struct_ops maps: the kernel struct's type id in vmlinux BTF.
    public var btfVMLinuxValueTypeID: UInt32
    /// The NUMA node to allocate on; sets ``MapFlags/numaNode``.
    public var numaNode: UInt32?
    /// Type-specific: the bloom filter's hash count, the arena's user address.
    public var mapExtra: UInt64
    /// The network device to offload to, or 0.
    public var interfaceIndex: UInt32

    /// Creates parameters; the rest default to "none".
    public init(
        type: MapType, keySize: UInt32, valueSize: UInt32, maxEntries: UInt32,
        flags: MapFlags = [], name: String = "", innerMap: Map? = nil, btf: KernelBTF? = nil,
        btfKeyTypeID: UInt32 = 0, btfValueTypeID: UInt32 = 0, btfVMLinuxValueTypeID: UInt32 = 0,
        numaNode: UInt32? = nil, mapExtra: UInt64 = 0, interfaceIndex: UInt32 = 0
    ) {
        self.type = type
        self.keySize = keySize
        self.valueSize = valueSize
        self.maxEntries = maxEntries
        self.flags = flags
        self.name = name
        self.innerMap = innerMap
        self.btf = btf
        self.btfKeyTypeID = btfKeyTypeID
        self.btfValueTypeID = btfValueTypeID
        self.btfVMLinuxValueTypeID = btfVMLinuxValueTypeID
        self.numaNode = numaNode
        self.mapExtra = mapExtra
        self.interfaceIndex = interfaceIndex
    }
}
