/// A feature the library needs is missing, or could not be probed.
public struct MissingFeatureError: Error, Sendable, CustomStringConvertible {
    /// The probe's answer.
    public let probe: FeatureProbeResult
    /// What the library was about to do, such as `attach the verdict program`.
    public let context: String

    /// Creates an error.
    public init(_ probe: FeatureProbeResult, context: String) {
        self.probe = probe
        self.context = context
    }

    /// The feature.
    public var feature: KernelFeature { probe.feature }

    /// The context, then which feature and how it was probed.
    public var description: String { "\(context): \(probe)" }
}
