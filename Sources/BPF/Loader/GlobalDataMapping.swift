import BPFObject
import Glibc

/// A global data map's single value, reached through `mmap` when the map is
/// mmapable (writes then need no system call), else through lookup and update.
final class GlobalDataMapping: Sendable {
    private let map: Map
    /// The mapping's address, or nil when the map is reached by element commands.
    private let address: PthreadMutex<UnsafeMutableRawPointer?>
    private let length: Int

    init(map: Map, writable: Bool) throws(BPFError) {
        self.map = map
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let length = max(page, (map.valueSize + page - 1) / page * page)
        self.length = length
        guard map.flags.contains(.mmapable) else {
            address = PthreadMutex(nil)
            return
        }
        let mapped = try map.descriptor.withRawValue { fd throws(BPFError) in
            let protection = writable ? PROT_READ | PROT_WRITE : PROT_READ
            let pointer = mmap(nil, length, protection, MAP_SHARED, fd, 0)
            guard let pointer, pointer != MAP_FAILED else {
                throw BPFError(.system("mmap"), errno: .current, context: "map the value of \(map.displayName)")
            }
            return pointer
        }
        address = PthreadMutex(mapped)
    }

    func read(offset: Int, count: Int) throws(LoaderError) -> [UInt8] {
        guard offset >= 0, offset + count <= map.valueSize else {
            throw .map(name: map.name, phase: "read variable", BPFError(.system("read"), errno: .outOfRange,
                                                                      context: "offset \(offset) past the value"))
        }
        let mapped: [UInt8]? = address.withLock { pointer in
            guard let pointer else { return nil }
            return Array(UnsafeRawBufferPointer(start: pointer + offset, count: count))
        }
        if let mapped { return mapped }
        do {
            return Array(try map.loadSingleValue()[offset..<(offset + count)])
        } catch {
            throw .map(name: map.name, phase: "read variable", error)
        }
    }

    func write(_ bytes: [UInt8], offset: Int) throws(LoaderError) {
        guard offset >= 0, offset + bytes.count <= map.valueSize else {
            throw .map(name: map.name, phase: "write variable", BPFError(.system("write"), errno: .outOfRange,
                                                                       context: "offset \(offset) past the value"))
        }
        let written: Bool = address.withLock { pointer in
            guard let pointer else { return false }
            bytes.withUnsafeBytes { source in
                UnsafeMutableRawBufferPointer(start: pointer + offset, count: source.count).copyMemory(from: source)
            }
            return true
        }
        if written { return }
        var value = try read(offset: 0, count: map.valueSize)
        value.replaceSubrange(offset..<(offset + bytes.count), with: bytes)
        do {
            try map.storeSingleValue(value)
        } catch {
            throw .map(name: map.name, phase: "write variable", error)
        }
    }

    func unmap() {
        address.withLock { pointer in
            if let pointer { munmap(pointer, length) }
            pointer = nil
        }
    }
}
