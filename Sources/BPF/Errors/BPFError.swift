/// A failed kernel operation: which one, the errno, what we were doing, and
/// what to do about it. Program and BTF loads also keep the kernel's full log.
public struct BPFError: Error, Sendable, CustomStringConvertible {
    /// What failed: a bpf(2) command or another system call.
    public enum Operation: Sendable, Hashable, CustomStringConvertible {
        /// A bpf(2) command.
        case command(BPFCommand)
        /// Another system call or file access, such as `mmap` or reading sysfs.
        case system(String)

        /// The command's C name or the system call's name.
        public var description: String {
            switch self {
            case .command(let command): command.description
            case .system(let call): call
            }
        }
    }

    /// What failed.
    public let operation: Operation
    /// The errno it failed with.
    public let errno: Errno
    /// What the library was doing, such as `update map 'counts'`.
    public let context: String
    /// The verifier's (or BTF checker's) complete log, when the kernel wrote one.
    public let log: VerifierLog?
    /// The kernel feature the operation needs and the running kernel lacks,
    /// as ``FeatureProbe`` found after the failure; nil when the failure is
    /// not for lack of a feature, or no probe covers it.
    public let missingFeature: FeatureProbeResult?

    /// Creates an error.
    public init(_ operation: Operation, errno: Errno, context: String, log: VerifierLog? = nil,
                missingFeature: FeatureProbeResult? = nil) {
        self.operation = operation
        self.errno = errno
        self.context = context
        self.log = log
        self.missingFeature = missingFeature
    }

    /// The bpf(2) command that failed, if the failure was one.
    public var command: BPFCommand? {
        if case .command(let command) = operation { return command }
        return nil
    }

    /// The key is not in the map (ENOENT from an element command).
    public var isKeyNotFound: Bool { errno == .noSuchEntry && command?.addressesKey == true }
    /// The key is already in the map (EEXIST from an update with `.noExist`).
    public var isKeyExists: Bool { errno == .exists && command?.addressesKey == true }
    /// The kernel does not support the operation for this object (ENOTSUPP or EOPNOTSUPP).
    public var isNotSupported: Bool { errno == .kernelNotSupported || errno == .operationNotSupported }
    /// The caller lacks a privilege (EPERM).
    public var isPermissionDenied: Bool { errno == .notPermitted }

    /// What to do about the failure, when the errno and command say something useful.
    public var hint: String? {
        switch (errno, command) {
        case (.notPermitted, .some(let command)): Self.privilegeHint(for: command)
        case (.noSuchEntry, _) where isKeyNotFound: "the key is not in the map"
        case (.noSuchEntry, .some(.objectGet)): "nothing is pinned at that path"
        case (.noSuchEntry, .some(.mapGetFDByID)), (.noSuchEntry, .some(.programGetFDByID)),
             (.noSuchEntry, .some(.linkGetFDByID)), (.noSuchEntry, .some(.btfGetFDByID)):
            "no object has that id (it may have been freed)"
        case (.exists, _) where isKeyExists: "the key is already in the map (update flag .noExist)"
        case (.tooBig, .some(.mapUpdateElement)): "the index is past max_entries, or the map is full"
        case (.accessDenied, .some(.programLoad)): "the verifier rejected the program; see the log"
        case (.accessDenied, .some(.objectPin)), (.accessDenied, .some(.objectGet)):
            "this user may not write (pin) or read (open) that path; check its owner and mode"
        case (.busy, .some(.programAttach)), (.busy, .some(.linkCreate)):
            "another program holds this attach point (stream_verdict and skb_verdict exclude each other)"
        case (.kernelNotSupported, _), (.operationNotSupported, _):
            "this kernel does not support the operation for this map or program type"
        case (.badDescriptor, _): "a descriptor is closed or of the wrong kind"
        default: nil
        }
    }

    private static func privilegeHint(for command: BPFCommand) -> String {
        switch command {
        case .mapLookupElement, .mapUpdateElement, .mapDeleteElement, .mapLookupAndDeleteElement,
             .mapUpdateBatch, .mapDeleteBatch, .mapLookupBatch, .mapLookupAndDeleteBatch:
            "the map is frozen or read-only for user space"
        case .linkUpdate:
            "the link does not hold the program to replace, or the caller lacks CAP_NET_ADMIN"
        case .programAttach, .programDetach, .programQuery, .linkCreate, .linkDetach:
            "attaching needs root or CAP_NET_ADMIN (CAP_SYS_ADMIN for some program types)"
        case .programGetNextID, .mapGetNextID, .btfGetNextID, .linkGetNextID, .programGetFDByID,
             .mapGetFDByID, .btfGetFDByID, .linkGetFDByID, .enableStats:
            "this command needs root or CAP_SYS_ADMIN"
        case .objectPin, .objectGet:
            "the directory is not on a bpf filesystem, or this user may not write to it"
        default:
            "this needs root or CAP_BPF (unprivileged bpf is disabled by kernel.unprivileged_bpf_disabled)"
        }
    }

    /// The context, operation, errno, the missing feature (which, and how it
    /// was probed) and the hint, then the last lines of the log.
    public var description: String {
        var text = "\(context): \(operation) failed with \(errno)"
        if let missingFeature { text += ": \(missingFeature)" }
        if let hint { text += ": \(hint)" }
        if let log, !log.text.isEmpty {
            text += "\nlast lines of the kernel log:\n" + log.tail(lines: 20)
        }
        return text
    }
}
