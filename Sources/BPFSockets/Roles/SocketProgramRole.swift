import BPFObject

/// The part a program plays for the sockets of a sockmap or sockhash.
public enum SocketProgramRole: Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// An sk_skb program returning how many bytes make up the next message of
    /// a TCP stream (`BPF_SK_SKB_STREAM_PARSER`).
    case streamParser
    /// An sk_skb program judging each parsed message: pass, drop or redirect
    /// (`BPF_SK_SKB_STREAM_VERDICT`). Excludes ``skbVerdict``.
    case streamVerdict
    /// An sk_skb program judging each received skb without a parser
    /// (`BPF_SK_SKB_VERDICT`, kernel 5.13+); works for TCP, UDP and AF_UNIX.
    /// Excludes ``streamVerdict``.
    ///
    /// A UDP (or AF_UNIX datagram) socket can be a redirect's target only
    /// once it is connected: the redirect helpers accept a non-TCP target
    /// only in state `TCP_ESTABLISHED` (the kernel's
    /// `sock_map_redirect_allowed`), which a datagram socket reaches only
    /// through `connect`. A redirect to a bound but unconnected UDP socket
    /// finds no target, and the datagram is dropped. Any bound UDP socket
    /// can still be inserted, and run the verdict as the receiver.
    case skbVerdict
    /// An sk_msg program judging each `sendmsg`/`sendfile` before it is sent
    /// (`BPF_SK_MSG_VERDICT`).
    case messageVerdict

    /// The attach type the kernel knows the role by.
    public var attachType: AttachType {
        switch self {
        case .streamParser: .socketSKBStreamParser
        case .streamVerdict: .socketSKBStreamVerdict
        case .skbVerdict: .socketSKBVerdict
        case .messageVerdict: .socketMessageVerdict
        }
    }

    /// The program type the role takes: sk_skb, or sk_msg for ``messageVerdict``.
    public var programType: ProgramType {
        self == .messageVerdict ? .socketMessage : .socketSKB
    }

    /// The role that cannot share a map with this one, if any.
    public var excludedRole: SocketProgramRole? {
        switch self {
        case .streamVerdict: .skbVerdict
        case .skbVerdict: .streamVerdict
        case .streamParser, .messageVerdict: nil
        }
    }

    /// The libbpf name: `stream_parser`, `stream_verdict`, `skb_verdict`, `msg_verdict`.
    public var description: String {
        switch self {
        case .streamParser: "stream_parser"
        case .streamVerdict: "stream_verdict"
        case .skbVerdict: "skb_verdict"
        case .messageVerdict: "msg_verdict"
        }
    }
}
