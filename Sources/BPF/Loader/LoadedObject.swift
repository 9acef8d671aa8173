import BPFObject
import Synchronization

/// The kernel objects of a loaded ``ObjectSpec``: its maps and programs by
/// name, and the object's BTF. ``close()`` (or the object going away)
/// closes every descriptor exactly once; pinned objects stay in bpffs.
public final class LoadedObject: Sendable {
    /// The spec the objects were loaded from (CO-RE applied, externs resolved).
    public let spec: ObjectSpec
    /// The maps by ``MapSpec/name`` (`.rodata` and the like for global data).
    public let maps: [String: Map]
    /// The loaded programs by name.
    public let programs: [String: Program]
    /// The object's BTF in the kernel, when the kernel accepted it.
    public let btf: KernelBTF?
    /// Why the kernel refused the object's BTF, when it did; the maps and
    /// programs were then loaded without BTF, as libbpf does.
    public let btfLoadError: BPFError?
    private let mappings: [String: GlobalDataMapping]
    private let isClosed = Atomic<Bool>(false)

    init(spec: ObjectSpec, maps: [String: Map], programs: [String: Program], btf: KernelBTF?,
         btfLoadError: BPFError?, mappings: [String: GlobalDataMapping]) {
        self.spec = spec
        self.maps = maps
        self.programs = programs
        self.btf = btf
        self.btfLoadError = btfLoadError
        self.mappings = mappings
    }

    /// The map called `name`.
    public func map(named name: String) -> Map? { maps[name] }

    /// The program called `name`.
    public func program(named name: String) -> Program? { programs[name] }

    /// The current bytes of a global variable of `.data`, `.bss` or `.rodata`,
    /// read through the map's memory mapping (or a lookup when the map is not mmapable).
    public func readVariable(_ name: String) throws(LoaderError) -> [UInt8] {
        let (variable, mapping) = try locate(name)
        return try mapping.read(offset: variable.offset, count: variable.size)
    }

    /// Writes a `.data` or `.bss` variable, checked against the size of its BTF type.
    public func writeVariable(_ name: String, bytes: [UInt8]) throws(LoaderError) {
        let (variable, mapping) = try locate(name)
        guard bytes.count == variable.size else {
            throw .object(.variableSizeMismatch(name: name, expected: variable.size, actual: bytes.count))
        }
        guard !variable.isReadOnly else { throw .object(.variableNotWritable(name: name, section: variable.section)) }
        try mapping.write(bytes, offset: variable.offset)
    }

    /// Reads a variable as a fixed-layout Swift value of the same size.
    public func readVariable<Value: BitwiseCopyable>(_ name: String, as type: Value.Type = Value.self) throws(LoaderError) -> Value {
        let bytes = try readVariable(name)
        guard bytes.count == MemoryLayout<Value>.size else {
            throw .object(.variableSizeMismatch(name: name, expected: bytes.count, actual: MemoryLayout<Value>.size))
        }
        return bytes.withUnsafeBytes { $0.loadUnaligned(as: Value.self) }
    }

    /// Writes a variable from a fixed-layout Swift value of the same size.
    public func writeVariable<Value: BitwiseCopyable>(_ name: String, value: Value) throws(LoaderError) {
        try writeVariable(name, bytes: withUnsafeBytes(of: value) { Array($0) })
    }

    private func locate(_ name: String) throws(LoaderError) -> (GlobalVariable, GlobalDataMapping) {
        guard let variable = spec.variable(named: name), let mapping = mappings[variable.section] else {
            throw .object(.unknownVariable(name))
        }
        return (variable, mapping)
    }

    /// Closes every map, program and BTF descriptor (once; later calls do nothing).
    public func close() {
        guard !isClosed.exchange(true, ordering: .acquiringAndReleasing) else { return }
        for mapping in mappings.values { mapping.unmap() }
        for program in programs.values { program.close() }
        for map in maps.values { map.close() }
        btf?.close()
    }

    deinit { close() }
}
