import Glibc

/// The values of a `BPF_F_MMAPABLE` array, mapped into this process: reads
/// and writes go straight to the map, with no system call.
///
/// The memory is shared with BPF programs running on every CPU, so it is
/// `@unchecked Sendable`: ordering between writers is the caller's concern,
/// as it is for the programs.
public final class MapMemory: @unchecked Sendable {
    /// The mapped bytes; value `i` starts at `i * stride`. Valid while this object lives.
    public let bytes: UnsafeMutableRawBufferPointer
    /// The distance between values: the value size rounded up to 8.
    public let stride: Int
    /// Whether the mapping may be written.
    public let isWritable: Bool
    private let mappedLength: Int

    init(map: Map, writable: Bool) throws(BPFError) {
        stride = PossibleCPUs.perCPUStride(map.valueSize)
        let length = stride * map.maxEntries
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let mappedLength = (length + page - 1) / page * page
        let protection = writable ? PROT_READ | PROT_WRITE : PROT_READ
        let address = try map.descriptor.withRawValue { fd throws(BPFError) in
            let address = mmap(nil, mappedLength, protection, MAP_SHARED, fd, 0)
            guard let address, address != MAP_FAILED else {
                throw BPFError(.system("mmap"), errno: .current, context: "map the memory of \(map.displayName)")
            }
            return address
        }
        bytes = UnsafeMutableRawBufferPointer(start: address, count: length)
        self.mappedLength = mappedLength
        isWritable = writable
    }

    /// The value at `index`, or nil past the end.
    public func load<Value: BitwiseCopyable>(at index: Int, as type: Value.Type = Value.self) -> Value? {
        guard index >= 0, (index + 1) * stride <= bytes.count, MemoryLayout<Value>.size <= stride else { return nil }
        return bytes.loadUnaligned(fromByteOffset: index * stride, as: Value.self)
    }

    /// Writes `value` at `index`. Returns false past the end or when read-only.
    @discardableResult
    public func store<Value: BitwiseCopyable>(_ value: Value, at index: Int) -> Bool {
        guard isWritable, index >= 0, (index + 1) * stride <= bytes.count, MemoryLayout<Value>.size <= stride else {
            return false
        }
        bytes.storeBytes(of: value, toByteOffset: index * stride, as: Value.self)
        return true
    }

    deinit {
        munmap(bytes.baseAddress, mappedLength)
    }
}

extension Map {
    /// Maps the values of a `BPF_F_MMAPABLE` array into memory. A frozen map
    /// can only be mapped read-only.
    public func mapMemory(writable: Bool = true) throws(BPFError) -> MapMemory {
        try MapMemory(map: self, writable: writable)
    }
}
