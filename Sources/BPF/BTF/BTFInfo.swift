/// What the kernel reports about a BTF object (`struct bpf_btf_info`).
public struct BTFInfo: Sendable, Hashable {
    /// The machine-wide id.
    public var id: UInt32
    /// The size of the marshalled BTF in bytes.
    public var size: UInt32
    /// The name: `vmlinux` or a module's name for kernel BTF, else empty.
    public var name: String
    /// Whether this is the kernel's or a module's own BTF.
    public var isKernel: Bool

    init(_ descriptor: OwnedDescriptor) throws(BPFError) {
        var name = [UInt8](repeating: 0, count: 64)
        var record = BTFInfoRecord()
        try descriptor.withRawValue { fd throws(BPFError) in
            let outcome = name.withUnsafeMutableBytes { buffer in
                record.name = UInt64(UInt(bitPattern: buffer.baseAddress))
                record.nameLength = UInt32(buffer.count)
                return Result { () throws(BPFError) in try ObjectInfo.fetch(fd, into: &record, context: "read BTF info") }
            }
            try outcome.get()
        }
        id = record.id
        size = record.btfSize
        self.name = String(decoding: name.prefix { $0 != 0 }, as: UTF8.self)
        isKernel = record.kernelBTF != 0
    }
}

/// `struct bpf_btf_info`.
package struct BTFInfoRecord: Sendable {
    package var btf: UInt64 = 0
    package var btfSize: UInt32 = 0
    package var id: UInt32 = 0
    package var name: UInt64 = 0
    package var nameLength: UInt32 = 0
    package var kernelBTF: UInt32 = 0

    package init() {}
}
