extension KernelBTF {
    /// The object's marshalled BTF (header, types, strings) as the kernel
    /// holds it, ready for `BTF.parse(bytes:)`. Split BTF (a module's) starts
    /// its type ids after its base's.
    public func data() throws(BPFError) -> [UInt8] {
        let size = try info().size
        var bytes = [UInt8](repeating: 0, count: Int(size))
        var record = BTFInfoRecord()
        let outcome = bytes.withUnsafeMutableBytes { buffer in
            record.btf = UInt64(UInt(bitPattern: buffer.baseAddress))
            record.btfSize = UInt32(truncatingIfNeeded: buffer.count)
            return Result { () throws(BPFError) in
                try descriptor.withRawValue { fd throws(BPFError) in
                    try ObjectInfo.fetch(fd, into: &record, context: "read BTF object data")
                }
            }
        }
        try outcome.get()
        // The object cannot change, so the kernel reports the size asked for above.
        return Array(bytes.prefix(Int(record.btfSize)))
    }
}
