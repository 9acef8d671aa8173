/// A map or program name as bpf(2) takes it: `char[16]`, NUL-terminated.
package struct ObjectName: Sendable {
    /// The bytes, the last always 0.
    package var bytes: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                        UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8)
        = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)

    /// The longest name the kernel keeps, in bytes.
    package static let capacity = 15

    /// An empty name.
    package init() {}

    /// `name` cut to its first 15 bytes, as the kernel would keep it.
    package init(_ name: String) {
        // One copy of the contiguous UTF-8: a loop over `utf8.prefix` costs
        // more than the rest of naming a map or program.
        var name = name
        name.withUTF8 { source in
            withUnsafeMutableBytes(of: &bytes) { buffer in
                buffer.copyMemory(from: UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: source.prefix(Self.capacity))))
            }
        }
    }

    /// The name up to the first NUL.
    package var string: String {
        withUnsafeBytes(of: bytes) { buffer in
            String(decoding: buffer.prefix { $0 != 0 }, as: UTF8.self)
        }
    }
}
