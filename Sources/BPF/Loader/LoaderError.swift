import BPFObject

/// Why loading an object failed: the phase, the object part involved, and
/// the underlying error. Everything created before the failure was released.
public enum LoaderError: Error, Sendable, CustomStringConvertible {
    /// The object itself is unusable (see ``ObjectError``).
    case object(ObjectError)
    /// A program cannot be loaded for a reason found before calling the kernel.
    case program(name: String, section: String, ObjectError)
    /// The verifier rejected a program, or PROG_LOAD failed; the error holds the log.
    case programLoad(name: String, section: String, BPFError)
    /// Creating, filling, freezing or pinning a map failed.
    case map(name: String, phase: String, BPFError)
    /// A map pinned under the pin root exists but differs from the definition.
    case incompatiblePin(map: String, path: String, attribute: String, expected: String, found: String)
    /// An extern could not be resolved.
    case extern(name: String, reason: String)
    /// A program's attach target is not in the kernel's BTF.
    case attachTarget(program: String, target: String, reason: String)
    /// Another kernel operation failed (loading BTF, reading kernel files).
    case kernel(phase: String, BPFError)

    /// The phase and the failure; for verifier rejections, the end of the log.
    public var description: String {
        switch self {
        case .object(let error):
            "load object: \(error)"
        case .program(let name, let section, let error):
            "program '\(name)' (section '\(section)'): \(error)"
        case .programLoad(let name, let section, let error):
            "program '\(name)' (section '\(section)'): \(error)"
        case .map(let name, let phase, let error):
            "map '\(name)': \(phase): \(error)"
        case .incompatiblePin(let map, let path, let attribute, let expected, let found):
            "map '\(map)': the map pinned at \(path) has \(attribute) \(found), the definition says \(expected)"
        case .extern(let name, let reason):
            "extern '\(name)': \(reason)"
        case .attachTarget(let program, let target, let reason):
            "program '\(program)': attach target '\(target)': \(reason)"
        case .kernel(let phase, let error):
            "\(phase): \(error)"
        }
    }

    /// The verifier's complete log, when a program load failed with one.
    public var verifierLog: VerifierLog? {
        if case .programLoad(_, _, let error) = self { return error.log }
        return nil
    }
}
