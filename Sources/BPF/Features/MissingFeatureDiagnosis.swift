import BPFInstructions
import BPFObject

/// After a map create, program load or link create fails, finds out whether
/// the kernel lacks the feature the operation needed, and if so attaches the
/// probe's answer to the error (``BPFError/missingFeature``), so the message
/// says which feature is missing and how that was established.
///
/// It runs only on failure paths: a successful operation never probes. Each
/// feature is probed once per process (``FeatureProbe/result(for:)``). The
/// probes themselves create maps, programs and links without diagnosis, so a
/// failing probe cannot recurse.
enum MissingFeatureDiagnosis {
    /// The errnos a kernel answers with when it does not know a map type,
    /// program type or attach type; other errnos (EPERM, ENOMEM, EBADF, ...)
    /// say nothing about features, so they are not probed.
    private static let featureErrnos: Set<Errno> = [.invalidArgument, .kernelNotSupported, .operationNotSupported]

    /// Program types whose probe program (`r0 = 0; exit` without an attach
    /// target) fails even on kernels that have them, so a failed load of one
    /// says nothing the probe could confirm.
    private static let typesNeedingAttachTarget: Set<ProgramType> = [.tracing, .lsm, .extension_, .structOps]

    /// Helper numbers above this are not helpers but CO-RE and kfunc poison
    /// markers (195896080, 2002000000 + n), which have their own reports.
    private static let largestHelperNumber: Int32 = 100_000

    /// `error` from BPF_MAP_CREATE of a `type` map, with the missing map type attached if that is the cause.
    static func mapCreate(_ error: BPFError, type: MapType) -> BPFError {
        guard featureErrnos.contains(error.errno) else { return error }
        return attaching(.mapType(type), to: error)
    }

    /// `error` from BPF_PROG_LOAD, with the missing program type or helper attached if that is the cause.
    static func programLoad(_ error: BPFError, type: ProgramType, expectedAttachType: AttachType) -> BPFError {
        guard featureErrnos.contains(error.errno) else { return error }
        let log = error.log?.text ?? ""
        if log.isEmpty {
            // The kernel checks the program type before the verifier runs, so
            // an unknown type fails without a log.
            guard !typesNeedingAttachTarget.contains(type) else { return error }
            return attaching(.programType(type, expectedAttachType: expectedAttachType), to: error)
        }
        guard let helper = refusedHelper(in: log) else { return error }
        return attaching(.helper(helper, programType: type), to: error)
    }

    /// `error` from BPF_LINK_CREATE, with missing sockmap links attached if that is the cause.
    static func linkCreate(_ error: BPFError, target: AttachTarget) -> BPFError {
        guard featureErrnos.contains(error.errno), case .map = target else { return error }
        return attaching(.sockmapLinks, to: error)
    }

    private static func attaching(_ feature: KernelFeature, to error: BPFError) -> BPFError {
        let result = FeatureProbe.result(for: feature)
        guard case .missing = result.availability else { return error }
        return BPFError(error.operation, errno: error.errno, context: error.context, log: error.log,
                        missingFeature: result)
    }

    /// How the verifier words its refusal of a helper it does not know or
    /// does not allow in the program's type.
    private static let helperRefusals = ["invalid func ", "unknown func ", "program of this type cannot use helper "]

    /// Whether the verifier's log refuses a helper as unknown or not allowed.
    static func refusesHelper(_ log: String) -> Bool {
        helperRefusals.contains(where: log.contains)
    }

    /// The helper the verifier refused as unknown or not allowed, from the
    /// last such line of its log: `invalid func bpf_foo#N`, `unknown func
    /// bpf_foo#N` or `program of this type cannot use helper bpf_foo#N`.
    static func refusedHelper(in log: String) -> HelperFunction? {
        guard let line = log.split(separator: "\n").last(where: { line in helperRefusals.contains(where: line.contains) }),
              let hash = line.lastIndex(of: "#")
        else { return nil }
        let digits = line[line.index(after: hash)...].prefix(while: \.isNumber)
        guard let number = Int32(digits), number > 0, number <= largestHelperNumber else { return nil }
        return HelperFunction(rawValue: number)
    }
}
