import BPF
@testable import BPFSockets
import BPFInstructions
import BPFObject

/// sk_skb and sk_msg programs for the tests, written with the builder.
enum TestPrograms {
    /// `return skb->len`: each skb is one message.
    static func parser() throws -> Program {
        try load([.load(.r0, from: .r1, offset: 0, size: .word), .exit()], .streamParser, name: "parser")
    }

    /// `return verdict` with no redirect: 1 passes, 0 drops.
    static func returning(_ verdict: Int32, as role: SocketProgramRole) throws -> Program {
        try load([.mov(.r0, .constant(verdict)), .exit()], role, name: "verdict_\(verdict)")
    }

    /// `return bpf_sk_redirect_map(skb, &sockets, index, flags)` (or the sk_msg helper).
    static func redirect(to index: Int32, in map: Map, ingress: Bool = false, as role: SocketProgramRole) throws -> Program {
        try load([
            .loadMap(.r2, named: "sockets"),
            .mov(.r3, .constant(index)),
            .mov(.r4, ingress ? 1 : 0),
            .call(role == .messageVerdict ? .msgRedirectMap : .skRedirectMap),
            .exit(),
        ], role, name: "redirect", maps: ["sockets": map])
    }

    /// Counts its runs in `counter[0]`, applies its pass verdict to the next
    /// `bytes` bytes, and passes.
    static func applyBytes(_ bytes: Int32, counter: Map) throws -> Program {
        try load(counting(counter) + [
            .mov(.r1, .r6),
            .mov(.r2, .constant(bytes)),
            .call(.msgApplyBytes),
            .mov(.r0, 1),
            .exit(),
        ], .messageVerdict, name: "apply_bytes", maps: ["counter": counter])
    }

    /// Counts its runs in `counter[0]`; corks until `bytes` bytes are
    /// pending, then passes.
    static func corkBytes(_ bytes: Int32, counter: Map) throws -> Program {
        try load(counting(counter) + [
            .load(.r2, from: .r6, offset: 68, size: .word),
            .jump(.greaterOrEqual, .r2, .constant(bytes), to: "pass"),
            .mov(.r1, .r6),
            .mov(.r2, .constant(bytes)),
            .call(.msgCorkBytes),
            .label("pass"),
            .mov(.r0, 1),
            .exit(),
        ], .messageVerdict, name: "cork_bytes", maps: ["counter": counter])
    }

    /// Saves the context in r6 and adds 1 to `counter[0]`.
    private static func counting(_ counter: Map) -> [Statement] {
        [
            .mov(.r6, .r1),
            .store(0, to: .r10, offset: -4, size: .word),
            .mov(.r2, .r10),
            .add(.r2, -4),
            .loadMap(.r1, named: "counter"),
            .call(.mapLookupElem),
            .jump(.equal, .r0, 0, to: "counted"),
            .mov(.r1, 1),
            .atomic(.add, .r1, at: .r0, size: .doubleWord),
            .label("counted"),
        ]
    }

    /// A counter array: one 8-byte slot.
    static func counter() throws -> Map {
        try Map(MapParameters(type: .array, keySize: 4, valueSize: 8, maxEntries: 1, name: "counter"))
    }

    static func load(_ statements: [Statement], _ role: SocketProgramRole, name: String,
                     maps: [String: Map] = [:]) throws -> Program {
        try ProgramAssembler.load(statements, type: role.programType, attachType: role.attachType, name: name, maps: maps)
    }
}

/// sk_lookup programs for the tests.
enum LookupPrograms {
    /// `return verdict` without selecting a socket.
    static func returning(_ verdict: Int32) throws -> Program {
        try load([.mov(.r0, .constant(verdict)), .exit()], name: "lookup_\(verdict)")
    }

    /// Selects the socket in `slot` of `targets` and passes. Without
    /// `replacing`, `bpf_sk_assign` refuses (EEXIST) to override an earlier
    /// program's selection; with it, it passes `BPF_SK_LOOKUP_F_REPLACE`.
    static func selecting(slot: Int32, in targets: SockMap, replacing: Bool = false) throws -> Program {
        try load([
            .mov(.r6, .r1),
            .store(.constant(slot), to: .r10, offset: -4, size: .word),
            .mov(.r2, .r10),
            .add(.r2, -4),
            .loadMap(.r1, named: "targets"),
            .call(.mapLookupElem),
            .jump(.equal, .r0, 0, to: "pass"),
            .mov(.r7, .r0),
            .mov(.r1, .r6),
            .mov(.r2, .r7),
            .mov(.r3, replacing ? 1 : 0),
            .call(.skAssign),
            .mov(.r1, .r7),
            .call(.skRelease),
            .label("pass"),
            .mov(.r0, 1),
            .exit(),
        ], name: "select_\(slot)\(replacing ? "_r" : "")", maps: ["targets": targets.map])
    }

    private static func load(_ statements: [Statement], name: String, maps: [String: Map] = [:]) throws -> Program {
        try ProgramAssembler.load(statements, type: .socketLookup, attachType: .socketLookup, name: name, maps: maps)
    }
}
