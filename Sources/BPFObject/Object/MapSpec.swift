/// A map as the object declares it: its shape and flags, its BTF types,
/// and what the loader must put in it.
public struct MapSpec: Hashable, Sendable {
    /// Where the definition came from.
    public enum Origin: Hashable, Sendable {
        /// A BTF-defined map in `.maps`.
        case btfDefined
        /// A `struct bpf_map_def` (or iproute2's longer `bpf_elf_map`) in the legacy `maps` section.
        case legacy
        /// A global data section (`.data`, `.rodata.*`, `.bss`…) as a one-entry array.
        case globalData(section: String)
        /// The `.kconfig` externs as a one-entry array.
        case kconfig
    }

    /// How the map is pinned.
    public enum Pinning: Hashable, Sendable, CustomStringConvertible {
        /// Not pinned.
        case none
        /// `LIBBPF_PIN_BY_NAME`: pinned as `<pin root>/<name>`, and reused if a compatible map is there.
        case byName

        /// `none` or `by_name`, as expected.json spells them.
        public var description: String { self == .none ? "none" : "by_name" }
    }

    /// A slot the loader fills after creating the map (static `.values`).
    public struct Slot: Hashable, Sendable {
        /// What goes in the slot.
        public enum Target: Hashable, Sendable {
            /// The program with this name (prog arrays).
            case program(String)
            /// The map with this name (map-in-map).
            case map(String)
        }

        /// The key (array index).
        public var index: UInt32
        /// What goes in the slot.
        public var target: Target
    }

    /// The name programs and users refer to: the symbol for user maps, the
    /// section name (`.rodata`, `.kconfig`) for internal maps.
    public var name: String
    /// The name given to the kernel (15 bytes at most): for `.data`, `.rodata`,
    /// `.bss` and `.kconfig` libbpf's object-name prefix plus the section.
    public var kernelName: String
    /// Where the definition came from.
    public var origin: Origin
    /// The map type.
    public var type: MapType
    /// The key size in bytes.
    public var keySize: UInt32
    /// The value size in bytes.
    public var valueSize: UInt32
    /// The capacity; 0 for a perf event array means one per possible CPU.
    public var maxEntries: UInt32
    /// Creation flags.
    public var flags: MapFlags
    /// The NUMA node, when the definition sets one.
    public var numaNode: UInt32?
    /// How the map is pinned.
    public var pinning: Pinning
    /// Type-specific extra (bloom filter hash count…).
    public var mapExtra: UInt64
    /// The key's type in the object's BTF, or 0.
    public var btfKeyTypeID: BTFTypeID
    /// The value's type in the object's BTF (the DATASEC for global data), or 0.
    public var btfValueTypeID: BTFTypeID
    /// The initial contents of a global data map's value; nil for other maps.
    public var initialValue: [UInt8]?
    /// Slots to fill after creation.
    public var slots: [Slot]
    /// iproute2's `id` field, which other legacy maps' `inner_id` refers to; 0 if none.
    public var legacyID: UInt32
    /// iproute2's `inner_id` field: the `legacyID` of this map-of-maps' template.
    public var legacyInnerID: UInt32?
    private var innerStorage: [MapSpec]

    /// Creates a map spec.
    public init(name: String, kernelName: String? = nil, origin: Origin = .btfDefined, type: MapType,
                keySize: UInt32, valueSize: UInt32, maxEntries: UInt32, flags: MapFlags = [],
                numaNode: UInt32? = nil, pinning: Pinning = .none, mapExtra: UInt64 = 0,
                btfKeyTypeID: BTFTypeID = 0, btfValueTypeID: BTFTypeID = 0, initialValue: [UInt8]? = nil,
                slots: [Slot] = [], innerMap: MapSpec? = nil, legacyID: UInt32 = 0) {
        self.name = name
        self.kernelName = kernelName ?? String(name.prefix(15))
        self.origin = origin
        self.type = type
        self.keySize = keySize
        self.valueSize = valueSize
        self.maxEntries = maxEntries
        self.flags = flags
        self.numaNode = numaNode
        self.pinning = pinning
        self.mapExtra = mapExtra
        self.btfKeyTypeID = btfKeyTypeID
        self.btfValueTypeID = btfValueTypeID
        self.initialValue = initialValue
        self.slots = slots
        self.legacyID = legacyID
        innerStorage = innerMap.map { [$0] } ?? []
    }

    /// For map-of-maps: the template inner maps must match.
    public var innerMap: MapSpec? {
        get { innerStorage.first }
        set { innerStorage = newValue.map { [$0] } ?? [] }
    }

    /// Whether the map is a one-entry array the loader fills from a section
    /// (global data or `.kconfig`).
    public var isInternal: Bool {
        switch origin {
        case .globalData, .kconfig: true
        case .btfDefined, .legacy: false
        }
    }

    /// Whether the loader freezes the map after filling it: read-only data and `.kconfig`.
    public var isFrozenAfterLoad: Bool { isInternal && flags.contains(.readOnlyProgram) }
}
