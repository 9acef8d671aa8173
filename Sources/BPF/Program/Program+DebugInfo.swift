/// A program's BTF function and line records for its translated
/// instructions, as the kernel reports them (`func_info`, `line_info`):
/// what a disassembly needs to print function headers and source lines.
///
/// Unlike `.BTF.ext`'s records (`BTFFunctionInfo`, `BTFLineInfo`), which
/// count bytes within an ELF section, these count instruction slots from the
/// start of the loaded program.
public struct ProgramDebugInfo: Sendable, Hashable {
    /// Where a function starts and its `FUNC` type in the program's BTF.
    public struct Function: Sendable, Hashable {
        /// The slot index of the function's first instruction.
        public var instructionOffset: UInt32
        /// The function's type id.
        public var typeID: UInt32
    }

    /// The source line an instruction came from.
    public struct Line: Sendable, Hashable {
        /// The slot index of the first instruction of the line.
        public var instructionOffset: UInt32
        /// The file name's offset in the BTF string section.
        public var fileNameOffset: UInt32
        /// The source line's offset in the BTF string section.
        public var lineOffset: UInt32
        /// The line number (upper 22 bits) and column (lower 10 bits).
        public var lineAndColumn: UInt32
    }

    /// The id of the BTF object the records refer to, or 0 when the program has none.
    public var btfID: UInt32
    /// The functions, in instruction order.
    public var functions: [Function]
    /// The lines, in instruction order.
    public var lines: [Line]
}

extension Program {
    /// `struct bpf_func_info` and `struct bpf_line_info`: the only record sizes the kernel hands out.
    private static let functionRecordSize = 8
    private static let lineRecordSize = 16

    /// The program's function and line records (empty without BTF).
    public func debugInfo() throws(BPFError) -> ProgramDebugInfo {
        var counted = ProgramInfoRecord()
        try descriptor.withRawValue { fd throws(BPFError) in
            try ObjectInfo.fetch(fd, into: &counted, context: "read \(displayName) info")
        }
        var functionBytes = [UInt8](repeating: 0, count: Int(counted.funcInfoCount) * Self.functionRecordSize)
        var lineBytes = [UInt8](repeating: 0, count: Int(counted.lineInfoCount) * Self.lineRecordSize)
        var record = ProgramInfoRecord()
        if !functionBytes.isEmpty || !lineBytes.isEmpty {
            let outcome = functionBytes.withUnsafeMutableBytes { functions in
                lineBytes.withUnsafeMutableBytes { lines in
                    record.funcInfoCount = UInt32(truncatingIfNeeded: functions.count / Self.functionRecordSize)
                    record.funcInfoRecordSize = UInt32(Self.functionRecordSize)
                    record.funcInfo = UInt64(UInt(bitPattern: functions.baseAddress))
                    record.lineInfoCount = UInt32(truncatingIfNeeded: lines.count / Self.lineRecordSize)
                    record.lineInfoRecordSize = UInt32(Self.lineRecordSize)
                    record.lineInfo = UInt64(UInt(bitPattern: lines.baseAddress))
                    return Result { () throws(BPFError) in
                        try descriptor.withRawValue { fd throws(BPFError) in
                            try ObjectInfo.fetch(fd, into: &record, context: "read \(displayName) function and line info")
                        }
                    }
                }
            }
            try outcome.get()
        }
        let functionCount = min(Int(record.funcInfoCount), functionBytes.count / Self.functionRecordSize)
        let lineCount = min(Int(record.lineInfoCount), lineBytes.count / Self.lineRecordSize)
        return functionBytes.withUnsafeBytes { functions in
            lineBytes.withUnsafeBytes { lines in
                ProgramDebugInfo(
                    btfID: counted.btfID,
                    functions: (0..<functionCount).map { index in
                        let base = index * Self.functionRecordSize
                        return ProgramDebugInfo.Function(
                            instructionOffset: functions.loadUnaligned(fromByteOffset: base, as: UInt32.self),
                            typeID: functions.loadUnaligned(fromByteOffset: base + 4, as: UInt32.self))
                    },
                    lines: (0..<lineCount).map { index in
                        let base = index * Self.lineRecordSize
                        return ProgramDebugInfo.Line(
                            instructionOffset: lines.loadUnaligned(fromByteOffset: base, as: UInt32.self),
                            fileNameOffset: lines.loadUnaligned(fromByteOffset: base + 4, as: UInt32.self),
                            lineOffset: lines.loadUnaligned(fromByteOffset: base + 8, as: UInt32.self),
                            lineAndColumn: lines.loadUnaligned(fromByteOffset: base + 12, as: UInt32.self))
                    })
            }
        }
    }
}
