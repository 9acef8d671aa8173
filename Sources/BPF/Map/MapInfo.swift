import BPFObject

/// What the kernel reports about a map (`struct bpf_map_info`).
public struct MapInfo: Sendable, Hashable {
    /// The map's type.
    public var type: MapType
    /// The machine-wide id.
    public var id: UInt32
    /// The key size in bytes.
    public var keySize: UInt32
    /// The value size in bytes.
    public var valueSize: UInt32
    /// The capacity.
    public var maxEntries: UInt32
    /// The creation flags.
    public var flags: MapFlags
    /// The name.
    public var name: String
    /// The id of the BTF object describing key and value, or 0.
    public var btfID: UInt32
    /// The key's BTF type id.
    public var btfKeyTypeID: UInt32
    /// The value's BTF type id.
    public var btfValueTypeID: UInt32
    /// The type-specific extra word.
    public var mapExtra: UInt64

    init(_ descriptor: OwnedDescriptor) throws(BPFError) {
        var record = MapInfoRecord()
        try descriptor.withRawValue { fd throws(BPFError) in
            try ObjectInfo.fetch(fd, into: &record, context: "read map info")
        }
        type = MapType(rawValue: record.type)
        id = record.id
        keySize = record.keySize
        valueSize = record.valueSize
        maxEntries = record.maxEntries
        flags = MapFlags(rawValue: record.mapFlags)
        name = record.name.string
        btfID = record.btfID
        btfKeyTypeID = record.btfKeyTypeID
        btfValueTypeID = record.btfValueTypeID
        mapExtra = record.mapExtra
    }
}

/// `struct bpf_map_info` up to `map_extra`.
package struct MapInfoRecord: Sendable {
    package var type: UInt32 = 0
    package var id: UInt32 = 0
    package var keySize: UInt32 = 0
    package var valueSize: UInt32 = 0
    package var maxEntries: UInt32 = 0
    package var mapFlags: UInt32 = 0
    package var name = ObjectName()
    package var ifindex: UInt32 = 0
    package var btfVMLinuxValueTypeID: UInt32 = 0
    package var netnsDevice: UInt64 = 0
    package var netnsInode: UInt64 = 0
    package var btfID: UInt32 = 0
    package var btfKeyTypeID: UInt32 = 0
    package var btfValueTypeID: UInt32 = 0
    package var btfVMLinuxID: UInt32 = 0
    package var mapExtra: UInt64 = 0

    package init() {}
}
