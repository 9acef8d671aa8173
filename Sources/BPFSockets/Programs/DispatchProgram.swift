import BPF
import BPFInstructions
import BPFObject
import Glibc

/// The socket dispatcher's sk_lookup program, written with the instruction
/// builder.
///
/// It fetches the current rule list (an array map with one element of
/// ``capacity`` rules, found in element 0 of an array-of-maps, so that the
/// dispatcher can swap whole lists), and for the first rule whose transport, family, port range and masked
/// local address match, selects the socket in slot 0 (TCP) or 1 (UDP) of
/// the dispatcher's sockmap with `bpf_sk_assign` (without
/// `BPF_SK_LOOKUP_F_REPLACE`, so an earlier program's selection stands).
/// Anything else passes on to the regular lookup.
public enum DispatchProgram {
    /// How many rules the program checks.
    public static let capacity = 32
    /// The name the statements use for the rule array.
    public static let rulesMapName = "rules"
    /// The name the statements use for the sockmap of target sockets.
    public static let socketsMapName = "targets"

    // struct bpf_sk_lookup offsets.
    private static let familyOffset: Int16 = 8
    private static let protocolOffset: Int16 = 12
    private static let localIPv4Offset: Int16 = 40
    private static let localIPv6Offset: Int16 = 44
    private static let localPortOffset: Int16 = 60

    /// The program's statements.
    public static var statements: [Statement] {
        var statements: [Statement] = [
            .mov(.r6, .r1),
            .store(0, to: .r10, offset: -4, size: .word),
            .mov(.r2, .r10),
            .add(.r2, -4),
            .loadMap(.r1, named: rulesMapName),
            .call(.mapLookupElem),
            .jump(.equal, .r0, 0, to: "pass"),
            // The outer element is the current list's map; the key is still 0.
            .mov(.r1, .r0),
            .mov(.r2, .r10),
            .add(.r2, -4),
            .call(.mapLookupElem),
            .jump(.equal, .r0, 0, to: "pass"),
            .mov(.r7, .r0),
            .load(.r8, from: .r6, offset: protocolOffset, size: .word),
            .load(.r9, from: .r6, offset: familyOffset, size: .word),
        ]
        for rule in 0..<capacity {
            statements += ruleCheck(rule, base: Int16(rule * DispatchRuleRecord.size))
        }
        statements += [
            .label("pass"),
            .mov(.r0, 1),
            .exit(),
            // Slot 0 holds the TCP target, slot 1 the UDP one.
            .label("select"),
            .store(0, to: .r10, offset: -8, size: .word),
            .jump(.notEqual, .r8, .constant(Int32(IPPROTO_UDP)), to: "lookup_target"),
            .store(1, to: .r10, offset: -8, size: .word),
            .label("lookup_target"),
            .mov(.r2, .r10),
            .add(.r2, -8),
            .loadMap(.r1, named: socketsMapName),
            .call(.mapLookupElem),
            .jump(.equal, .r0, 0, to: "pass"),
            .mov(.r7, .r0),
            .mov(.r1, .r6),
            .mov(.r2, .r7),
            .mov(.r3, 0),
            .call(.skAssign),
            .mov(.r1, .r7),
            .call(.skRelease),
            .mov(.r0, 1),
            .exit(),
        ]
        return statements
    }

    /// Jumps to `select` if rule `rule` (at `r7 + base`) matches, falls through otherwise.
    private static func ruleCheck(_ rule: Int, base: Int16) -> [Statement] {
        let next = "rule_\(rule + 1)", ipv6 = "rule_\(rule)_ipv6"
        var statements: [Statement] = [
            .load(.r1, from: .r7, offset: base, size: .word),
            .jump(.equal, .r1, 0, to: "pass"),
            .jump(.notEqual, .r1, .r8, to: next),
            .load(.r1, from: .r7, offset: base + 4, size: .word),
            .jump(.notEqual, .r1, .r9, to: next),
            .load(.r1, from: .r6, offset: localPortOffset, size: .word),
            .load(.r2, from: .r7, offset: base + 40, size: .word),
            .jump(.less, .r1, .r2, to: next),
            .load(.r2, from: .r7, offset: base + 44, size: .word),
            .jump(.greater, .r1, .r2, to: next),
            .jump(.equal, .r9, .constant(AF_INET6), to: ipv6),
        ]
        statements += maskedWordCheck(context: localIPv4Offset, rule: base, word: 0, next: next)
        statements += [.jump(to: "select"), .label(ipv6)]
        for word: Int16 in 0...3 {
            statements += maskedWordCheck(context: localIPv6Offset + 4 * word, rule: base, word: word, next: next)
        }
        statements += [.jump(to: "select"), .label(next)]
        return statements
    }

    /// Jumps to `next` unless `(ctx[context] & mask[word]) == address[word]`.
    private static func maskedWordCheck(context: Int16, rule base: Int16, word: Int16, next: String) -> [Statement] {
        [
            .load(.r1, from: .r6, offset: context, size: .word),
            .load(.r2, from: .r7, offset: base + 24 + 4 * word, size: .word),
            .and(.r1, .r2),
            .load(.r2, from: .r7, offset: base + 8 + 4 * word, size: .word),
            .jump(.notEqual, .r1, .r2, to: next),
        ]
    }

    /// Loads the program for a rule slot (an array-of-maps of one element,
    /// whose inner maps are arrays of one ``capacity``-rule element) and a
    /// target sockmap.
    public static func load(rules: Map, targets: SockMap, logLevel: VerifierLogLevel = []) throws(BPFError) -> Program {
        try ProgramAssembler.load(statements, type: .socketLookup, attachType: .socketLookup, name: "dispatch",
                                  maps: [rulesMapName: rules, socketsMapName: targets.map], logLevel: logLevel)
    }
}
