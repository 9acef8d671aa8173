/// What a probe found out about a ``KernelFeature``.
public struct FeatureProbeResult: Sendable, Hashable, CustomStringConvertible {
    /// Whether the kernel has the feature.
    public enum Availability: Sendable, Hashable {
        /// The probe's operation succeeded.
        case available
        /// The kernel refused the operation in the way a kernel without the
        /// feature does; the errno it refused with.
        case missing(Errno)
        /// The probe could not tell, for instance for want of privilege (EPERM).
        case undetermined(Errno)
    }

    /// The feature probed.
    public let feature: KernelFeature
    /// The answer.
    public let availability: Availability

    /// Creates a result.
    public init(feature: KernelFeature, availability: Availability) {
        self.feature = feature
        self.availability = availability
    }

    /// Whether the feature is available.
    public var isAvailable: Bool { availability == .available }

    /// For example `map type sockhash is missing: BPF_MAP_CREATE of a sockhash
    /// map with key 4 B, value 8 B, 1 entry failed with EINVAL (...)`.
    public var description: String {
        switch availability {
        case .available:
            "\(feature) is available (probed by \(feature.probeMethod))"
        case .missing(let errno):
            "\(feature) is missing from this kernel: \(feature.probeMethod) failed with \(errno)"
        case .undetermined(let errno):
            "\(feature) could not be probed: \(feature.probeMethod) failed with \(errno)"
                + (errno == .notPermitted ? "; probing needs root or CAP_BPF" : "")
        }
    }
}
