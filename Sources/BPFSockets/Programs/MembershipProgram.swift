import BPF
import BPFInstructions
import BPFObject

/// The membership program, written with the instruction builder: a sock_ops
/// program that adds every TCP connection reaching the established state
/// (actively, `BPF_SOCK_OPS_ACTIVE_ESTABLISHED_CB`, or passively,
/// `BPF_SOCK_OPS_PASSIVE_ESTABLISHED_CB`) to a sockhash under its own
/// ``SocketFourTuple``. The kernel removes each socket when it closes.
///
/// In C it reads:
/// ```c
/// if (ops->op == ACTIVE_ESTABLISHED || ops->op == PASSIVE_ESTABLISHED) {
///     struct four_tuple key = tuple_of(ops);
///     bpf_sock_hash_update(ops, &connections, &key, BPF_ANY);
/// }
/// return 1;
/// ```
public enum MembershipProgram {
    /// The name the statements use for the sockhash.
    public static let connectionsMapName = "connections"

    private static let activeEstablished: Int32 = 4
    private static let passiveEstablished: Int32 = 5

    /// The program's statements.
    public static var statements: [Statement] {
        let key: Int16 = -48
        return [
            .mov(.r6, .r1),
            .load(.r1, from: .r6, offset: 0, size: .word),
            .jump(.equal, .r1, .constant(activeEstablished), to: "member"),
            .jump(.equal, .r1, .constant(passiveEstablished), to: "member"),
            .jump(to: "done"),
            .label("member"),
        ]
            + FourTupleStatements.store(from: .r6, layout: .socketOperations, at: key, tag: "tuple")
            + FourTupleStatements.call(.sockHashUpdate, context: .r6, map: connectionsMapName, keyAt: key)
            + [
                .label("done"),
                .mov(.r0, 1),
                .exit(),
            ]
    }

    /// Loads the program for `connections`.
    public static func load(connections: SockHash<SocketFourTuple>,
                            logLevel: VerifierLogLevel = []) throws(BPFError) -> Program {
        try ProgramAssembler.load(statements, type: .socketOps, attachType: .cgroupSocketOps, name: "membership",
                                  maps: [connectionsMapName: connections.map], logLevel: logLevel)
    }
}
