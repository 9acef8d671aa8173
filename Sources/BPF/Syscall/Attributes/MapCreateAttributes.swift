/// `union bpf_attr` for BPF_MAP_CREATE (the first anonymous struct).
package struct MapCreateAttributes: Sendable {
    package var mapType: UInt32 = 0
    package var keySize: UInt32 = 0
    package var valueSize: UInt32 = 0
    package var maxEntries: UInt32 = 0
    package var mapFlags: UInt32 = 0
    package var innerMapFD: UInt32 = 0
    package var numaNode: UInt32 = 0
    package var mapName = ObjectName()
    package var mapIfindex: UInt32 = 0
    package var btfFD: UInt32 = 0
    package var btfKeyTypeID: UInt32 = 0
    package var btfValueTypeID: UInt32 = 0
    package var btfVMLinuxValueTypeID: UInt32 = 0
    package var mapExtra: UInt64 = 0
    package var valueTypeBTFObjectFD: Int32 = 0
    package var mapTokenFD: Int32 = 0

    package init() {}
}
