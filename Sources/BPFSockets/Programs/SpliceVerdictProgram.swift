import BPF
import BPFInstructions
import BPFObject

/// The splice proxy's verdict, written with the instruction builder: an
/// skb_verdict program that sends every byte a socket receives out through
/// its partner, the socket stored in a sockhash under the receiver's own
/// ``SocketFourTuple``, each byte exactly once.
///
/// In C it reads:
/// ```c
/// if (skb->len == 0)
///     return SK_DROP;
/// struct tcp_sock *tp = bpf_skc_to_tcp_sock(skb->sk);
/// if (tp) {
///     struct sk_buff *kskb = bpf_cast_to_kern_ctx(skb);
///     s32 seen = tp->copied_seq - TCP_SKB_CB(kskb)->seq
///                - !!(TCP_SKB_CB(kskb)->tcp_flags & TCPHDR_SYN);
///     if (seen > 0) {
///         u32 cut = min(seen, skb->len);
///         for (int i = 0; cut > 0; i++) {      // at most 128 rounds
///             u32 step = min(cut, 0xfff);
///             if (i == 128 || bpf_skb_adjust_room(skb, -step, 0, 0))
///                 return SK_DROP;
///             cut -= step;
///         }
///         if (skb->len == 0)
///             return SK_DROP;
///     }
/// }
/// struct four_tuple key = tuple_of(skb);
/// return bpf_sk_redirect_hash(skb, &partners, &key, 0);
/// ```
///
/// Without a stream parser the kernel hands the verdict each queued skb
/// whole (`tcp_read_skb`), while TCP queues a retransmitted segment that
/// partly overlaps bytes it already has without trimming it
/// (`tcp_data_queue`, "partial packet"): `recvmsg` skips the overlap by
/// sequence number, the verdict used to redirect it a second time. So the
/// verdict compares the skb's first sequence number with the socket's
/// `copied_seq`, which the kernel advances by the length of every skb the
/// verdict redirected or dropped (`tcp_eat_skb`, after the program ran),
/// and pulls the bytes already passed on off the front before it
/// redirects. The difference is taken in 32 bits and read as signed, so
/// sequence wraparound does not matter. A trimmed skb advances
/// `copied_seq` by what is left, which keeps it equal to the end of the
/// bytes passed on; an skb with nothing new is emptied first, so dropping
/// it does not move `copied_seq` past bytes not yet received. Should the
/// kernel fail to pull the bytes (no memory for a linear head) or the
/// overlap exceed 128 pulls (about 512 KiB), the skb is dropped: the partner then
/// misses its new bytes instead of receiving old ones twice; neither has
/// been seen here.
///
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

    /// The program's statements for the kernel whose structures `layout` describes.
    static func statements(layout: ReceivedSegmentLayout) -> [Statement] {
        let key: Int16 = -48
        // `struct __sk_buff`: len is its first word, sk (a pointer) at 168.
        let length: Int16 = 0, socket: Int16 = 168
        let synchronize: Int32 = 0x02, cutLimit: Int32 = 128, largestCut: Int32 = 0xfff
        return [
            .mov(.r6, .r1),
            .load(.r1, from: .r6, offset: length, size: .word),
            .jump(.equal, .r1, 0, to: "drop"),
            .load(.r1, from: .r6, offset: socket, size: .doubleWord),
            .jump(.equal, .r1, 0, to: "forward"),
            .call(.skcToTcpSock),
            .jump(.equal, .r0, 0, to: "forward"),
            // r8 = copied_seq, the next byte not yet passed on.
            .load(.r8, from: .r0, offset: layout.copiedSequence, size: .word),
            .mov(.r1, .r6),
            .callKernelFunction(btfID: layout.castToKernelContext),
            .load(.r1, from: .r0, offset: layout.sequence, size: .word),
            .sub(.r8, .register(.r1), width: .bits32),
            // A SYN takes the first sequence number, not a byte.
            .load(.r1, from: .r0, offset: layout.flags, size: .halfWord),
            .and(.r1, .constant(synchronize)),
            .jump(.equal, .r1, 0, to: "counted"),
            .sub(.r8, 1, width: .bits32),
            .label("counted"),
            // r8: how many of the skb's bytes were passed on already.
            .jump(.signedLessOrEqual, .r8, 0, to: "forward", width: .bits32),
            .load(.r1, from: .r6, offset: length, size: .word),
            .jump(.less, .r8, .register(.r1), to: "cut", width: .bits32),
            .mov(.r8, .r1),
            .label("cut"),
            .mov(.r9, 0),
            .label("cut_step"),
            .jump(.greaterOrEqual, .r9, .constant(cutLimit), to: "drop"),
            .mov(.r2, .r8),
            .jump(.lessOrEqual, .r2, .constant(largestCut), to: "cut_size"),
            .mov(.r2, .constant(largestCut)),
            .label("cut_size"),
            .sub(.r8, .register(.r2)),
            .neg(.r2),
            .mov(.r1, .r6),
            .mov(.r3, 0),
            .mov(.r4, 0),
            .call(.skbAdjustRoom),
            .jump(.notEqual, .r0, 0, to: "drop"),
            .add(.r9, 1),
            .jump(.notEqual, .r8, 0, to: "cut_step"),
            .load(.r1, from: .r6, offset: length, size: .word),
            .jump(.equal, .r1, 0, to: "drop"),
            .label("forward"),
        ]
            + FourTupleStatements.store(from: .r6, layout: .socketBuffer, at: key, tag: "tuple")
            + FourTupleStatements.call(.skRedirectHash, context: .r6, map: partnerMapName, keyAt: key)
            + [.exit(), .label("drop"), .mov(.r0, 0), .exit()]
    }

    /// Loads the program for `partners` as an skb_verdict program.
    public static func load(partners: SockHash<SocketFourTuple>,
                            logLevel: VerifierLogLevel = []) throws(BPFError) -> Program {
        try ProgramAssembler.load(statements(layout: try ReceivedSegmentLayout.running()), type: .socketSKB, attachType: .socketSKBVerdict, name: "splice_verdict",
                                  maps: [partnerMapName: partners.map], logLevel: logLevel)
    }
}
