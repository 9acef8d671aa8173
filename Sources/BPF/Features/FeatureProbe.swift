import BPFInstructions
import BPFObject

/// Finds out whether the running kernel has a ``KernelFeature`` by trying
/// the smallest operation that needs it, as libbpf's and cilium/ebpf's probes
/// do. Each object a probe creates is closed before it returns.
///
/// ``result(for:)`` probes each feature once per process; ``probe(_:)``
/// always asks the kernel. Both are safe to call from any thread.
public enum FeatureProbe {
    private static let cache = PthreadMutex<[KernelFeature: FeatureProbeResult]>([:])

    /// The answer for `feature`, probed on first use and remembered.
    public static func result(for feature: KernelFeature) -> FeatureProbeResult {
        #if ENABLE_MOCKING
        // A forced failure must not be remembered for other tests.
        if ForcedFailure.current != nil { return probe(feature) }
        #endif
        if let known = cache.withLock({ $0[feature] }) { return known }
        let result = probe(feature)
        cache.withLock { $0[feature] = result }
        return result
    }

    /// Throws unless the kernel has `feature`; the error says which feature,
    /// how it was probed and what the kernel answered.
    ///
    /// - Parameter context: what the caller is about to do, for the message.
    public static func require(_ feature: KernelFeature, for context: @autoclosure () -> String) throws(MissingFeatureError) {
        let result = result(for: feature)
        guard result.isAvailable else { throw MissingFeatureError(result, context: context()) }
    }

    /// Asks the kernel now, without the cache.
    public static func probe(_ feature: KernelFeature) -> FeatureProbeResult {
        let availability: FeatureProbeResult.Availability
        if case .mapType(let type) = feature, mapShape(for: type).parameters == nil {
            return FeatureProbeResult(feature: feature, availability: .undetermined(.operationNotSupported))
        }
        do throws(BPFError) {
            try attempt(feature)
            availability = .available
        } catch {
            availability = classify(error, for: feature)
        }
        return FeatureProbeResult(feature: feature, availability: availability)
    }

    /// Errnos that say "not for lack of the feature": the probe cannot answer.
    private static let inconclusive: Set<Errno> = [.notPermitted, .outOfMemory, .tooManyOpenFiles, .badAddress]

    private static func classify(_ error: BPFError, for feature: KernelFeature) -> FeatureProbeResult.Availability {
        if error.errno == .notImplemented { return .missing(error.errno) }
        if inconclusive.contains(error.errno) { return .undetermined(error.errno) }
        if case .helper = feature {
            // Any rejection other than an unknown or forbidden helper means
            // the verifier knew the helper: the probe's arguments were wrong.
            let log = error.log?.text ?? ""
            return MissingFeatureDiagnosis.refusesHelper(log) ? .missing(error.errno) : .available
        }
        return .missing(error.errno)
    }

    private static func attempt(_ feature: KernelFeature) throws(BPFError) {
        switch feature {
        case .bpfSystemCall:
            // The kernel takes ids below INT_MAX; past the last one it answers ENOENT.
            _ = try KernelObjectKind.map.nextID(after: UInt32(Int32.max - 1))
        case .btf:
            try KernelBTF(bytes: try minimalBTF()).close()
        case .mapType(let type):
            try Map(try mapParameters(for: type), diagnosingFailure: false).close()
        case .programType(let type, let attachType):
            try load(type, attachType: attachType, [.move(.r0, 0), .exit]).close()
        case .helper(let helper, let type):
            try load(type, attachType: AttachType(rawValue: 0), [.call(helper), .move(.r0, 0), .exit],
                     logLevel: .basic).close()
        case .sockmapLinks:
            let map = try Map(MapParameters(type: .sockmap, keySize: 4, valueSize: 8, maxEntries: 1, name: "probe"),
                              diagnosingFailure: false)
            defer { map.close() }
            let program = try load(.socketSKB, attachType: .socketSKBStreamVerdict, [.move(.r0, 1), .exit])
            defer { program.close() }
            try Link(program: program, target: .map(map), attachType: .socketSKBStreamVerdict, diagnosingFailure: false)
                .close()
        }
    }

    private static func load(_ type: ProgramType, attachType: AttachType, _ instructions: [ProbeInstruction],
                             logLevel: VerifierLogLevel = []) throws(BPFError) -> Program {
        try Program(ProgramParameters(type: type, instructions: instructions.map(\.instruction), name: "probe",
                                      expectedAttachType: attachType, logLevel: logLevel), diagnosingFailure: false)
    }

    /// BTF with one type, `int`: header, type section, string section.
    private static func minimalBTF() throws(BPFError) -> [UInt8] {
        var builder = BTFBuilder()
        builder.add(BTFType(name: "int", .int(BTFInteger(size: 4, encoding: .signed, bitCount: 32))))
        do throws(BTFError) {
            return try builder.marshal()
        } catch {
            throw BPFError(.system("marshal BTF"), errno: .invalidArgument, context: "build the BTF probe: \(error)")
        }
    }

    private static func mapParameters(for type: MapType) throws(BPFError) -> MapParameters {
        let shape = mapShape(for: type).parameters ?? (0, 0, 0, [])
        var parameters = MapParameters(type: type, keySize: shape.key, valueSize: shape.value,
                                       maxEntries: shape.entries, flags: shape.flags, name: "probe")
        if type == .arrayOfMaps || type == .hashOfMaps {
            parameters.innerMap = try Map(MapParameters(type: .array, keySize: 4, valueSize: 4, maxEntries: 1,
                                                        name: "probe_inner"), diagnosingFailure: false)
        }
        return parameters
    }

    /// The smallest valid shape of a map of `type`, as the kernel checks it.
    static func mapShape(for type: MapType) -> ProbeMapShape {
        switch type {
        case .ringBuffer, .userRingBuffer: .init(key: 0, value: 0, entries: 4096)
        case .queue, .stack, .bloomFilter: .init(key: 0, value: 8, entries: 1)
        case .lpmTrie: .init(key: 8, value: 8, entries: 1, flags: .noPreallocation)
        case .programArray, .perfEventArray, .cgroupArray, .devmap, .devmapHash, .cpumap, .xskmap,
             .reuseportSocketArray, .arrayOfMaps, .hashOfMaps:
            .init(key: 4, value: 4, entries: 1)
        case .cgroupStorage, .perCPUCgroupStorage: .init(key: 16, value: 8, entries: 0)
        case .socketStorage, .inodeStorage, .taskStorage, .cgrpStorage, .structOps, .arena, .unspecified:
            .init(unsupportedBecause: "a \(type) map needs BTF types or a special setup this probe does not build")
        default: .init(key: 4, value: 8, entries: 1)
        }
    }
}

/// The key, value and capacity a map probe creates, or why there is none.
struct ProbeMapShape: Sendable, CustomStringConvertible {
    let parameters: (key: UInt32, value: UInt32, entries: UInt32, flags: MapFlags)?
    private let reason: String

    init(key: UInt32, value: UInt32, entries: UInt32, flags: MapFlags = []) {
        parameters = (key, value, entries, flags)
        reason = ""
    }

    init(unsupportedBecause reason: String) {
        parameters = nil
        self.reason = reason
    }

    var description: String {
        guard let parameters else { return reason }
        let capacity = parameters.entries == 1 ? "1 entry" : "\(parameters.entries) entries"
        return "key \(parameters.key) B, value \(parameters.value) B, \(capacity)"
    }
}

/// The three instruction forms the probes need.
enum ProbeInstruction {
    case move(Register, Int32)
    case call(HelperFunction)
    case exit

    var instruction: Instruction {
        switch self {
        case .move(let register, let value): Instruction(opcode: 0xb7, destination: register, constant: Int64(value))
        case .call(let helper): Instruction(opcode: 0x85, constant: Int64(helper.rawValue))
        case .exit: Instruction(opcode: 0x95)
        }
    }
}
