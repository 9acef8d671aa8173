/// Buffers a second BPF_OBJ_GET_INFO_BY_FD on a link points the kernel at, for
/// its names and arrays; freed with the value.
final class LinkInfoBuffers {
    /// The largest name or path read (PATH_MAX).
    static let maximumNameLength = 4096
    /// The most array entries read, so a kernel answer never sizes an allocation alone.
    static let maximumEntries = 1 << 20

    private var allocations: [UnsafeMutableRawBufferPointer] = []

    init() {}

    deinit {
        for allocation in allocations { allocation.deallocate() }
    }

    /// Allocates `byteCount` zeroed bytes and stores their address in `field` of `record`.
    func provide(_ byteCount: Int, at field: LinkInfoLayout.Field, in record: inout LinkInfoRecord) -> Int {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(byteCount, 8), alignment: 8)
        buffer.initializeMemory(as: UInt8.self, repeating: 0)
        allocations.append(buffer)
        record.setDoubleWord(field, UInt64(UInt(bitPattern: buffer.baseAddress)))
        return allocations.count - 1
    }

    /// A name buffer of at most ``maximumNameLength`` bytes: its address in `field`, its length in
    /// `lengthField`. A reported length of 0 gets no buffer (the kernel refuses a buffer without a
    /// length); its index, -1, reads as the empty string.
    func provideName(length: UInt32, at field: LinkInfoLayout.Field, lengthField: LinkInfoLayout.Field,
                     in record: inout LinkInfoRecord) -> Int {
        let size = min(Int(length), Self.maximumNameLength)
        guard size > 0 else { return -1 }
        record.setWord(lengthField, UInt32(size))
        return provide(size, at: field, in: &record)
    }

    /// The text in buffer `index`, up to its first NUL.
    func string(_ index: Int) -> String {
        guard allocations.indices.contains(index) else { return "" }
        return String(decoding: allocations[index].prefix { $0 != 0 }, as: UTF8.self)
    }

    /// The first `count` 64-bit words of buffer `index`.
    func words(_ index: Int, count: Int) -> [UInt64] {
        guard allocations.indices.contains(index) else { return [] }
        let buffer = allocations[index]
        let available = min(max(count, 0), buffer.count / 8)
        return (0..<available).map { buffer.load(fromByteOffset: $0 * 8, as: UInt64.self) }
    }
}
