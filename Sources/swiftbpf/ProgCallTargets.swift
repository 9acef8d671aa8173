import BPFInstructions

/// Names call targets in translated instructions the way `bpftool prog dump
/// xlated` does, from `/proc/kallsyms`.
///
/// The verifier rewrites a helper or kernel-function call's immediate into
/// the target's address minus `__bpf_call_base`, and a BPF-to-BPF call's into
/// the callee's index among the program's JIT-compiled functions (its
/// offset field keeps the original distance). bpftool looks those addresses up
/// in kallsyms, requiring an exact match; so does this type. A helper whose
/// address has no symbol prints as the address in hex, as in bpftool.
struct ProgCallTargets: Sendable {
    /// `__bpf_call_base`, or nil when kallsyms hides addresses.
    private let callBase: UInt64?
    /// The JIT-compiled functions' addresses: the main program, then subprograms.
    private let functionAddresses: [UInt64]
    /// The symbol at each address a call in the program targets.
    private let names: [UInt64: String]

    /// Resolves the targets of the calls among `instructions`.
    init(instructions: [Instruction], functionAddresses: [UInt64]) throws {
        self.functionAddresses = functionAddresses
        let table = KallsymsLines(try WholeFile.bytes("/proc/kallsyms"))
        let base = table.address(of: "__bpf_call_base")
        callBase = base
        var wanted = Set<UInt64>()
        for instruction in instructions {
            if let address = Self.target(of: instruction, callBase: base, functionAddresses: functionAddresses) {
                wanted.insert(address)
            }
        }
        names = table.names(at: wanted)
    }

    /// The address a call jumps to, when it can be known.
    private static func target(of instruction: Instruction, callBase: UInt64?,
                               functionAddresses: [UInt64]) -> UInt64? {
        switch instruction.callSource {
        case .function:
            guard let index = Int(exactly: UInt32(bitPattern: instruction.immediate)),
                  functionAddresses.indices.contains(index) else { return nil }
            return functionAddresses[index]
        case .helper, .kernelFunction:
            guard let callBase else { return nil }
            return callBase &+ UInt64(bitPattern: Int64(instruction.immediate))
        case nil:
            return nil
        }
    }

    /// What follows `call ` (helpers, kernel functions) or `call pc`
    /// (BPF-to-BPF calls) in bpftool's listing, for ``Disassembler/callTargetName``.
    func name(for instruction: Instruction) -> String? {
        let address = Self.target(of: instruction, callBase: callBase, functionAddresses: functionAddresses)
        if instruction.callSource == .function {
            let distance = instruction.offset < 0 ? "\(instruction.offset)" : "+\(instruction.offset)"
            // Interpreted programs have no JIT-compiled functions to name.
            guard !functionAddresses.isEmpty else { return distance }
            guard let address else { return distance }
            return distance + "#" + (names[address] ?? "0x" + String(address, radix: 16))
        }
        guard let address else { return nil }
        return names[address] ?? "0x" + String(address, radix: 16)
    }
}

/// The lines of `/proc/kallsyms` (`address type name [module]`), scanned
/// without building a string per symbol.
private struct KallsymsLines {
    private let text: [UInt8]
    /// Each line's address, and where its name starts and ends in `text`.
    private var lines: [(address: UInt64, name: Range<Int>)] = []

    init(_ text: [UInt8]) {
        self.text = text
        // One pass over the bytes: `address type name[\tmodule]\n`, without a slice or string per line.
        text.withUnsafeBufferPointer { bytes in
            var position = 0
            while position < bytes.count {
                var address: UInt64 = 0
                while position < bytes.count, let digit = Self.hexValue(bytes[position]) {
                    address = address << 4 | digit
                    position += 1
                }
                // Skip " T " to the name.
                position += 3
                let nameStart = position
                while position < bytes.count, bytes[position] != UInt8(ascii: "\n"),
                      bytes[position] != UInt8(ascii: "\t"), bytes[position] != UInt8(ascii: " ") {
                    position += 1
                }
                if nameStart < position { lines.append((address, nameStart..<position)) }
                while position < bytes.count, bytes[position] != UInt8(ascii: "\n") { position += 1 }
                position += 1
            }
        }
    }

    private static func hexValue(_ byte: UInt8) -> UInt64? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt64(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt64(byte - UInt8(ascii: "a") + 10)
        default: nil
        }
    }

    /// The address of the first line naming `name`, unless it is hidden (0).
    func address(of name: String) -> UInt64? {
        let wanted = Array(name.utf8)
        let line = lines.first { text[$0.name].elementsEqual(wanted) }
        return line.flatMap { $0.address == 0 ? nil : $0.address }
    }

    /// The first name listed at each of `addresses`, for those that have one.
    func names(at addresses: Set<UInt64>) -> [UInt64: String] {
        var names: [UInt64: String] = [:]
        guard !addresses.isEmpty else { return names }
        for line in lines where addresses.contains(line.address) && names[line.address] == nil {
            names[line.address] = String(decoding: text[line.name], as: UTF8.self)
        }
        return names
    }
}
