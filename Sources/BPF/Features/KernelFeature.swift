import BPFInstructions
import BPFObject

/// Something the running kernel may or may not support, which
/// ``FeatureProbe`` finds out by trying the smallest operation that needs it.
public enum KernelFeature: Sendable, Hashable, CustomStringConvertible {
    /// The bpf(2) system call itself (a command that needs no privilege).
    case bpfSystemCall
    /// Loading BTF (BPF_BTF_LOAD, Linux 5.0).
    case btf
    /// A map type (BPF_MAP_CREATE).
    case mapType(MapType)
    /// A program type (BPF_PROG_LOAD), with the expected attach type some
    /// types need (such as `sk_lookup`).
    case programType(ProgramType, expectedAttachType: AttachType = AttachType(rawValue: 0))
    /// A helper function callable from a program type.
    case helper(HelperFunction, programType: ProgramType)
    /// Links on a sockmap (BPF_LINK_CREATE with a sockmap target, Linux 6.10).
    case sockmapLinks

    /// What the feature is, such as `map type sockhash`.
    public var description: String {
        switch self {
        case .bpfSystemCall: "the bpf(2) system call"
        case .btf: "BTF loading (BPF_BTF_LOAD)"
        case .mapType(let type): "map type \(type)"
        case .programType(let type, _): "program type \(type)"
        case .helper(let helper, let type):
            "helper bpf_\(helper.name ?? "#\(helper.rawValue)") in \(type) programs"
        case .sockmapLinks: "sockmap links (BPF_LINK_CREATE on a sockmap, Linux 6.10)"
        }
    }

    /// How the probe tests the feature, for messages.
    public var probeMethod: String {
        switch self {
        case .bpfSystemCall:
            "BPF_MAP_GET_NEXT_ID, which fails with ENOSYS when bpf(2) is missing"
        case .btf:
            "BPF_BTF_LOAD of a BTF blob holding one int type"
        case .mapType(let type):
            "BPF_MAP_CREATE of a \(type) map with \(FeatureProbe.mapShape(for: type).description)"
        case .programType(let type, let attachType):
            "BPF_PROG_LOAD of a \(type) program `r0 = 0; exit`"
                + (attachType.rawValue == 0 ? "" : " with expected attach type \(attachType)")
        case .helper(_, let type):
            "BPF_PROG_LOAD of a \(type) program calling the helper, judged by the verifier's log "
                + "(an unknown or forbidden helper is reported as such; other rejections mean the helper exists)"
        case .sockmapLinks:
            "BPF_LINK_CREATE of an sk_skb stream verdict program on a one-entry sockmap"
        }
    }
}
