import BPFObject

/// A BPF map this process holds a descriptor to.
///
/// Element operations take keys and values either as raw bytes or as
/// fixed-layout (`BitwiseCopyable`) Swift values whose size must equal the
/// map's key and value sizes. Neither allocates.
public final class Map: KernelObject, CustomStringConvertible {
    /// The descriptor.
    public let descriptor: OwnedDescriptor
    /// The map's type.
    public let type: MapType
    /// The key size in bytes.
    public let keySize: Int
    /// The value size in bytes, for one CPU.
    public let valueSize: Int
    /// The capacity.
    public let maxEntries: Int
    /// The creation flags.
    public let flags: MapFlags
    /// The name the kernel kept.
    public let name: String
    /// The bytes one lookup fills: ``valueSize``, or for per-CPU maps the value
    /// rounded up to 8 bytes times the number of possible CPUs.
    public let valueBufferSize: Int

    private init(descriptor: OwnedDescriptor, type: MapType, keySize: Int, valueSize: Int,
                 maxEntries: Int, flags: MapFlags, name: String) throws(BPFError) {
        self.descriptor = descriptor
        self.type = type
        self.keySize = keySize
        self.valueSize = valueSize
        self.maxEntries = maxEntries
        self.flags = flags
        self.name = name
        valueBufferSize = type.isPerCPU ? try PossibleCPUs.count() * PossibleCPUs.perCPUStride(valueSize) : valueSize
    }

    /// Creates a map (BPF_MAP_CREATE).
    ///
    /// - Throws: a ``BPFError``; when the kernel lacks the map type, its
    ///   ``BPFError/missingFeature`` says so and how that was probed.
    public convenience init(_ parameters: MapParameters) throws(BPFError) {
        try self.init(parameters, diagnosingFailure: true)
    }

    /// Creates a map; `diagnosingFailure` is false only for the feature probes themselves.
    convenience init(_ parameters: MapParameters, diagnosingFailure: Bool) throws(BPFError) {
        var attributes = MapCreateAttributes()
        attributes.mapType = parameters.type.rawValue
        attributes.keySize = parameters.keySize
        attributes.valueSize = parameters.valueSize
        attributes.maxEntries = parameters.maxEntries
        attributes.mapFlags = parameters.flags.rawValue
        attributes.mapName = ObjectName(parameters.name)
        attributes.mapIfindex = parameters.interfaceIndex
        attributes.btfKeyTypeID = parameters.btfKeyTypeID
        attributes.btfValueTypeID = parameters.btfValueTypeID
        attributes.btfVMLinuxValueTypeID = parameters.btfVMLinuxValueTypeID
        attributes.mapExtra = parameters.mapExtra
        if let node = parameters.numaNode {
            attributes.numaNode = node
            attributes.mapFlags |= MapFlags.numaNode.rawValue
        }
        let descriptor: OwnedDescriptor
        do {
            descriptor = try Self.borrowing(parameters.innerMap?.descriptor, parameters.btf?.descriptor) {
                (innerFD, btfFD) throws(BPFError) in
                attributes.innerMapFD = innerFD
                attributes.btfFD = btfFD
                return try SystemCall.descriptor(.mapCreate, &attributes, "create \(parameters.type) map '\(parameters.name)'")
            }
        } catch {
            throw diagnosingFailure ? MissingFeatureDiagnosis.mapCreate(error, type: parameters.type) : error
        }
        try self.init(descriptor: descriptor, type: parameters.type, keySize: Int(parameters.keySize),
                      valueSize: Int(parameters.valueSize), maxEntries: Int(parameters.maxEntries),
                      flags: MapFlags(rawValue: attributes.mapFlags), name: attributes.mapName.string)
    }

    /// Runs `body` with the numbers of two optional descriptors, 0 for absent ones.
    private static func borrowing<Result>(
        _ first: OwnedDescriptor?, _ second: OwnedDescriptor?,
        _ body: (UInt32, UInt32) throws(BPFError) -> Result
    ) throws(BPFError) -> Result {
        try OwnedDescriptor.borrowing(first) { firstFD throws(BPFError) in
            try OwnedDescriptor.borrowing(second) { secondFD throws(BPFError) in try body(firstFD, secondFD) }
        }
    }

    /// Takes ownership of a map descriptor and reads the map's shape from the kernel.
    convenience init(adopting descriptor: OwnedDescriptor) throws(BPFError) {
        let info = try MapInfo(descriptor)
        try self.init(descriptor: descriptor, type: info.type, keySize: Int(info.keySize),
                      valueSize: Int(info.valueSize), maxEntries: Int(info.maxEntries), flags: info.flags,
                      name: info.name)
    }

    /// Opens the map pinned at `path` in a bpffs mount; read-only if asked,
    /// so that updates through this handle fail with EPERM.
    public static func open(pinnedAt path: String, readOnly: Bool = false) throws(BPFError) -> Map {
        try Map(adopting: ObjectPath.open(path, readOnly: readOnly))
    }

    /// Opens the map with the machine-wide `id`.
    public static func open(id: UInt32) throws(BPFError) -> Map {
        try Map(adopting: KernelObjectKind.map.open(id: id))
    }

    /// The kernel's current view of the map.
    public func info() throws(BPFError) -> MapInfo { try MapInfo(descriptor) }

    /// Makes the map read-only for user space from now on (BPF_MAP_FREEZE);
    /// programs can still write unless the map is also ``MapFlags/readOnlyProgram``.
    public func freeze() throws(BPFError) {
        try descriptor.withRawValue { fd throws(BPFError) in
            var attributes = MapElementAttributes()
            attributes.mapFD = UInt32(bitPattern: fd)
            _ = try SystemCall.check(.mapFreeze, &attributes, "freeze \(displayName)")
        }
    }

    /// `map 'name'`, for error messages.
    public var displayName: String { "\(type) map '\(name)'" }

    /// The type, name and shape.
    public var description: String {
        "\(type) map '\(name)' (key \(keySize) B, value \(valueSize) B, max \(maxEntries))"
    }
}

extension OwnedDescriptor {
    /// Runs `body` with the number of `descriptor`, or 0 when there is none.
    static func borrowing<Result>(
        _ descriptor: OwnedDescriptor?, _ body: (UInt32) throws(BPFError) -> Result
    ) throws(BPFError) -> Result {
        guard let descriptor else { return try body(0) }
        return try descriptor.withRawValue { fd throws(BPFError) in try body(UInt32(bitPattern: fd)) }
    }
}
