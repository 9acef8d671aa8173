import BPF
import BPFObject

/// Where the running kernel keeps what the splice verdict needs to know
/// about a received TCP skb and its socket, none of which
/// `struct __sk_buff` shows: the skb's first sequence number and flags
/// (`TCP_SKB_CB(skb)->seq` and `->tcp_flags`, inside `skb->cb`) and the
/// socket's `copied_seq`. The offsets and the id of the kfunc
/// `bpf_cast_to_kern_ctx` come from the kernel's own BTF
/// (/sys/kernel/btf/vmlinux), because they change between kernel builds.
struct ReceivedSegmentLayout: Sendable {
    /// The BTF id of `bpf_cast_to_kern_ctx`, which turns the program's
    /// context into the `struct sk_buff` it stands for.
    let castToKernelContext: Int32
    /// `TCP_SKB_CB(skb)->seq`, from the start of `struct sk_buff`.
    let sequence: Int16
    /// `TCP_SKB_CB(skb)->tcp_flags` (16 bits), from the start of `struct sk_buff`.
    let flags: Int16
    /// `copied_seq` in `struct tcp_sock`: the sequence number of the next
    /// byte the socket has not yet handed on.
    let copiedSequence: Int16

    /// The running kernel's layout, read from its BTF at most once per process.
    static func running() throws(BPFError) -> ReceivedSegmentLayout {
        try runningKernel.get()
    }

    private static let runningKernel = Result { () throws(BPFError) -> ReceivedSegmentLayout in
        let btf: BTF
        do {
            btf = try CORETarget.kernel().vmlinux
        } catch {
            throw BPFError(.system("read kernel BTF"), errno: .noSuchEntry,
                           context: "the splice verdict needs the kernel's BTF: \(error)")
        }
        return try ReceivedSegmentLayout(btf: btf)
    }

    /// Reads the layout from `btf`, the kernel's BTF.
    init(btf: BTF) throws(BPFError) {
        func offset(of member: String, in structure: String) throws(BPFError) -> Int {
            guard let id = btf.typeID(named: structure, kind: .structure),
                  let found = Self.byteOffset(of: member, in: id, btf: btf) else {
                throw BPFError(.system("read kernel BTF"), errno: .noSuchEntry,
                               context: "the kernel's BTF has no byte-aligned '\(member)' in struct \(structure)")
            }
            return found
        }
        guard let function = btf.typeID(named: "bpf_cast_to_kern_ctx", kind: .function),
              let functionID = Int32(exactly: function) else {
            throw BPFError(.system("read kernel BTF"), errno: .noSuchEntry,
                           context: "the kernel's BTF has no kfunc bpf_cast_to_kern_ctx (kernel 6.2 or later)")
        }
        let controlBlock = try offset(of: "cb", in: "sk_buff")
        guard let sequence = Int16(exactly: controlBlock + (try offset(of: "seq", in: "tcp_skb_cb"))),
              let flags = Int16(exactly: controlBlock + (try offset(of: "tcp_flags", in: "tcp_skb_cb"))),
              let copied = Int16(exactly: try offset(of: "copied_seq", in: "tcp_sock")) else {
            throw BPFError(.system("read kernel BTF"), errno: .invalidArgument,
                           context: "a TCP field lies beyond a load's 16-bit offset")
        }
        castToKernelContext = functionID
        self.sequence = sequence
        self.flags = flags
        copiedSequence = copied
    }

    /// The byte offset of `member` in the struct or union `id`, looking
    /// into anonymous members too (as C does); nil if it is missing or a bitfield.
    private static func byteOffset(of member: String, in id: BTFTypeID, btf: BTF, depth: Int = 0) -> Int? {
        guard depth < 16, let resolved = try? btf.resolve(id), let type = try? btf.type(resolved) else { return nil }
        let members: [BTFMember]
        switch type.definition {
        case .structure(let composite), .union(let composite): members = composite.members
        default: return nil
        }
        for candidate in members {
            let bits = Int(candidate.bitOffset)
            if candidate.name == member {
                return candidate.bitfieldSize == 0 && bits % 8 == 0 ? bits / 8 : nil
            }
            if candidate.name.isEmpty, bits % 8 == 0,
               let inner = byteOffset(of: member, in: candidate.type, btf: btf, depth: depth + 1) {
                return bits / 8 + inner
            }
        }
        return nil
    }
}
