import BPF
import BPFInstructions
import BPFObject

/// The splice proxy's verdict, written with the instruction builder: an
/// skb_verdict program that sends every skb a socket receives out through
/// its partner, the socket stored in a sockhash under the receiver's own
/// ``SocketFourTuple``.
///
/// In C it reads:
/// ```c
/// if (skb->len == 0)
///     return SK_DROP;
/// struct four_tuple key = tuple_of(skb);
/// return bpf_sk_redirect_hash(skb, &partners, &key, 0);
/// ```
/// The empty skb is the one that carried a bare FIN. Redirected, it would
/// reach the partner's psock backlog as a send of zero bytes, which the
/// kernel takes for a broken pipe: it sets `EPIPE` on the partner and stops
/// all further redirects to it, so the other direction of a half-closed
/// connection would die. The proxy passes the end of the stream on itself.
///
/// A socket whose partner is missing gets `SK_DROP` from the helper; the
/// proxy puts both partners in place before either gets the program.
public enum SpliceVerdictProgram {
    /// The name the statements use for the partner sockhash.
    public static let partnerMapName = "partners"

    /// The program's statements.
    public static var statements: [Statement] {
        let key: Int16 = -48
        return [
            .mov(.r6, .r1),
            // struct __sk_buff's len is its first word.
            .load(.r1, from: .r6, offset: 0, size: .word),
            .jump(.equal, .r1, 0, to: "empty"),
        ]
            + FourTupleStatements.store(from: .r6, layout: .socketBuffer, at: key, tag: "tuple")
            + FourTupleStatements.call(.skRedirectHash, context: .r6, map: partnerMapName, keyAt: key)
            + [.exit(), .label("empty"), .mov(.r0, 0), .exit()]
    }

    /// Loads the program for `partners` as an skb_verdict program.
    public static func load(partners: SockHash<SocketFourTuple>,
                            logLevel: VerifierLogLevel = []) throws(BPFError) -> Program {
        try ProgramAssembler.load(statements, type: .socketSKB, attachType: .socketSKBVerdict, name: "splice_verdict",
                                  maps: [partnerMapName: partners.map], logLevel: logLevel)
    }
}
