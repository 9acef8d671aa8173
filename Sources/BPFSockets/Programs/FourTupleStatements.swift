import BPFInstructions
import Glibc

/// Statements that write the ``SocketFourTuple`` of the context's connection
/// onto the stack, so a program can use it as a sockhash key.
enum FourTupleStatements {
    /// Writes the tuple at `r10 + offset` (44 bytes) from the context in
    /// `context`, using `r1` as scratch. Labels are prefixed with `tag`.
    static func store(from context: Register, layout: ContextLayout, at offset: Int16, tag: String) -> [Statement] {
        let ipv6 = "\(tag)_ipv6", ports = "\(tag)_ports"
        var statements: [Statement] = [
            .load(.r1, from: context, offset: layout.family, size: .word),
            .store(.r1, to: .r10, offset: offset, size: .word),
            .jump(.equal, .r1, .constant(AF_INET6), to: ipv6),
            .load(.r1, from: context, offset: layout.localIPv4, size: .word),
            .store(.r1, to: .r10, offset: offset + 4, size: .word),
            .load(.r1, from: context, offset: layout.remoteIPv4, size: .word),
            .store(.r1, to: .r10, offset: offset + 20, size: .word),
        ]
        for word: Int16 in 1...3 {
            statements.append(.store(0, to: .r10, offset: offset + 4 + 4 * word, size: .word))
            statements.append(.store(0, to: .r10, offset: offset + 20 + 4 * word, size: .word))
        }
        statements.append(.jump(to: ports))
        statements.append(.label(ipv6))
        for word: Int16 in 0...3 {
            statements.append(.load(.r1, from: context, offset: layout.localIPv6 + 4 * word, size: .word))
            statements.append(.store(.r1, to: .r10, offset: offset + 4 + 4 * word, size: .word))
            statements.append(.load(.r1, from: context, offset: layout.remoteIPv6 + 4 * word, size: .word))
            statements.append(.store(.r1, to: .r10, offset: offset + 20 + 4 * word, size: .word))
        }
        statements += [
            .label(ports),
            .load(.r1, from: context, offset: layout.localPort, size: .word),
            .store(.r1, to: .r10, offset: offset + 36, size: .word),
            .load(.r1, from: context, offset: layout.remotePort, size: .word),
            .rsh(.r1, 16, width: .bits32),
            .toBigEndian(.r1, bits: 16),
            .store(.r1, to: .r10, offset: offset + 40, size: .word),
        ]
        return statements
    }

    /// Calls `helper(context, &map, r10 + offset, 0)`: the sockhash helpers
    /// that take the context, a map and a pointer to the tuple key.
    static func call(_ helper: HelperFunction, context: Register, map: String, keyAt offset: Int16) -> [Statement] {
        [
            .mov(.r1, .register(context)),
            .loadMap(.r2, named: map),
            .mov(.r3, .r10),
            .add(.r3, .constant(Int32(offset))),
            .mov(.r4, 0),
            .call(helper),
        ]
    }
}
