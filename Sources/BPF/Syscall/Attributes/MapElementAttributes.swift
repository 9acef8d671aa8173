/// `union bpf_attr` for the element commands (LOOKUP, UPDATE, DELETE,
/// GET_NEXT_KEY, LOOKUP_AND_DELETE) and MAP_FREEZE.
package struct MapElementAttributes: Sendable {
    package var mapFD: UInt32 = 0
    private var padding: UInt32 = 0
    /// Address of the key.
    package var key: UInt64 = 0
    /// Address of the value, or of the next key for GET_NEXT_KEY.
    package var value: UInt64 = 0
    package var flags: UInt64 = 0

    package init() {}
}
