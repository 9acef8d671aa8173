/// BPF_OBJ_GET_INFO_BY_FD into one of the kernel's `bpf_*_info` structs.
enum ObjectInfo {
    /// Fills `info` for the object behind `fd`. Fields the kernel does not know
    /// stay as they were.
    static func fetch<Info>(_ fd: Int32, into info: inout Info, context: @autoclosure () -> String) throws(BPFError) {
        let result = withUnsafeMutableBytes(of: &info) { buffer in
            var attributes = ObjectInfoAttributes()
            attributes.bpfFD = UInt32(bitPattern: fd)
            attributes.infoLength = UInt32(truncatingIfNeeded: buffer.count)
            attributes.info = UInt64(UInt(bitPattern: buffer.baseAddress))
            return SystemCall.bpf(.objectGetInfoByFD, &attributes)
        }
        if result < 0 {
            throw BPFError(.command(.objectGetInfoByFD), errno: Errno(rawValue: Int32(truncatingIfNeeded: -result)),
                           context: context())
        }
    }
}
