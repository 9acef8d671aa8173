extension Program {
    /// The kernel addresses of the program's JIT-compiled functions
    /// (`jited_ksyms`): the main function first, then each subprogram in the
    /// order the verifier numbered them. Translated BPF-to-BPF calls carry such
    /// an index as their immediate, so this is what names their targets.
    ///
    /// Empty when the program was not JIT-compiled; zeros when the caller may
    /// not see kernel addresses.
    public func jitedFunctionAddresses() throws(BPFError) -> [UInt64] {
        var counted = ProgramInfoRecord()
        try descriptor.withRawValue { fd throws(BPFError) in
            try ObjectInfo.fetch(fd, into: &counted, context: "read \(displayName) info")
        }
        var addresses = [UInt64](repeating: 0, count: Int(counted.jitedKernelSymbolCount))
        guard !addresses.isEmpty else { return [] }
        var record = ProgramInfoRecord()
        let outcome = addresses.withUnsafeMutableBytes { buffer in
            record.jitedKernelSymbolCount = UInt32(truncatingIfNeeded: buffer.count / 8)
            record.jitedKernelSymbols = UInt64(UInt(bitPattern: buffer.baseAddress))
            return Result { () throws(BPFError) in
                try descriptor.withRawValue { fd throws(BPFError) in
                    try ObjectInfo.fetch(fd, into: &record, context: "read \(displayName) function addresses")
                }
            }
        }
        try outcome.get()
        return Array(addresses.prefix(Int(record.jitedKernelSymbolCount)))
    }
}
