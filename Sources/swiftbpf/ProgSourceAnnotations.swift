import BPF
import BPFObject

/// The lines bpftool's `prog dump xlated` puts between instructions of a
/// program with BTF: `int name(struct __sk_buff * skb):` where a function
/// starts, and `; source text` where a source line starts.
///
/// Signatures are spelled as bpftool spells them (a space after every type,
/// `* ` for pointers); a function whose types bpftool cannot spell (type
/// tags, for one) gets no header, as in bpftool. Line records are consumed
/// as libbpf's `bpf_prog_linfo__lfind` does: for each instruction, the last
/// record at or before it, counting from the records already printed.
struct ProgSourceAnnotations {
    private let btf: BTF?
    private let functions: [ProgramDebugInfo.Function]
    private let lines: [ProgramDebugInfo.Line]
    private var nextFunction = 0
    private var printedLines = 0

    init(_ debugInfo: ProgramDebugInfo, btf: BTF?) {
        self.btf = btf
        functions = btf == nil ? [] : debugInfo.functions
        lines = btf == nil ? [] : debugInfo.lines
    }

    /// The program's records, with its BTF read from the kernel; none when it has no BTF.
    init(program: Program) throws {
        let debugInfo = try program.debugInfo()
        guard debugInfo.btfID > 0 else {
            self.init(debugInfo, btf: nil)
            return
        }
        let object = try KernelBTF.open(id: debugInfo.btfID)
        defer { object.close() }
        self.init(debugInfo, btf: try BTF.parse(bytes: try object.data()))
    }

    /// The annotations to print before the instruction at `slot`. Call it for
    /// every instruction, in order.
    mutating func lines(before slot: Int) -> [String] {
        var annotations: [String] = []
        if nextFunction < functions.count, Int(functions[nextFunction].instructionOffset) == slot {
            if let signature = signature(of: functions[nextFunction].typeID) { annotations.append(signature + ":") }
            nextFunction += 1
        }
        if let line = line(at: slot) {
            annotations.append("; " + line)
            printedLines += 1
        }
        return annotations
    }

    /// libbpf's lookup: nothing if the first unprinted record starts after
    /// `slot`, else the last record that starts at or before it.
    private func line(at slot: Int) -> String? {
        guard let btf, printedLines < lines.count, Int(lines[printedLines].instructionOffset) <= slot else { return nil }
        var found = lines[printedLines]
        for line in lines[printedLines...] {
            guard Int(line.instructionOffset) <= slot else { break }
            found = line
        }
        guard let text = try? btf.string(at: found.lineOffset) else { return nil }
        return String(text.drop { $0.isWhitespace })
    }

    /// `int name(struct __sk_buff * skb)`, or nil when bpftool would print none.
    private func signature(of typeID: UInt32) -> String? {
        guard let btf, let function = try? btf.type(typeID),
              case .function(let prototypeID, _) = function.definition,
              case .functionPrototype(let prototype)? = try? btf.type(prototypeID).definition else { return nil }
        return try? spell(prototype, name: function.name)
    }

    private struct Unspellable: Error {}

    private func spell(_ prototype: BTFFunctionPrototype, name: String?) throws -> String {
        var text = try spell(prototype.returnType) + (name ?? "") + "("
        for (index, parameter) in prototype.parameters.enumerated() {
            if index > 0 { text += ", " }
            guard parameter.type != 0 else {
                text += "..."
                continue
            }
            text += try spell(parameter.type)
            if !parameter.name.isEmpty {
                text += parameter.name
            } else if text.hasSuffix(" ") {
                text.removeLast()
            }
        }
        return text + ")"
    }

    /// A type as bpftool's `btf_dumper_type_only` spells it, with a trailing space.
    private func spell(_ id: UInt32) throws -> String {
        guard id != 0 else { return "void " }
        guard let btf else { throw Unspellable() }
        let type = try btf.type(id)
        switch type.definition {
        case .int, .typedef, .float: return type.name + " "
        case .structure: return "struct \(type.name) "
        case .union: return "union \(type.name) "
        case .enumeration, .enumeration64: return "enum \(type.name) "
        case .array(let array): return try spell(array.element) + "[\(array.count)]"
        case .pointer(let target): return try spell(target) + "* "
        case .forward(let isUnion): return "\(isUnion ? "union" : "struct") \(type.name) "
        case .volatile(let target): return try "volatile " + spell(target)
        case .const(let target): return try "const " + spell(target)
        case .restrict(let target): return try "restrict " + spell(target)
        case .functionPrototype(let prototype): return try spell(prototype, name: nil)
        case .function(let prototypeID, _):
            guard case .functionPrototype(let prototype) = try btf.type(prototypeID).definition else { throw Unspellable() }
            return try spell(prototype, name: type.name)
        case .variable, .dataSection, .declarationTag, .typeTag:
            throw Unspellable()
        }
    }
}
