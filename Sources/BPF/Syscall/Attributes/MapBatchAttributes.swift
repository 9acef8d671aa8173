/// `union bpf_attr` for the batch commands (`batch`).
package struct MapBatchAttributes: Sendable {
    /// Address of the position to start from; 0 starts at the beginning.
    package var inBatch: UInt64 = 0
    /// Address where the kernel writes the position to continue from.
    package var outBatch: UInt64 = 0
    package var keys: UInt64 = 0
    package var values: UInt64 = 0
    /// In: how many elements fit in the buffers. Out: how many were processed.
    package var count: UInt32 = 0
    package var mapFD: UInt32 = 0
    package var elementFlags: UInt64 = 0
    package var flags: UInt64 = 0

    package init() {}
}
