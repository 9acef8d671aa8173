/// The byte order of encoded instructions.
///
/// Objects built for `bpfeb` store big-endian instructions, and there the
/// register byte is swapped too: the destination register is the high nibble.
public enum ByteOrder: Sendable, Hashable {
    /// `bpfel`, and what bpf(2) expects on little-endian hosts.
    case littleEndian
    /// `bpfeb`, and what bpf(2) expects on big-endian hosts.
    case bigEndian

    /// The byte order of the machine running this code, which is what the kernel takes.
    public static var host: ByteOrder {
        1.littleEndian == 1 ? .littleEndian : .bigEndian
    }
}
