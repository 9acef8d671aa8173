/// The order in which a binary format stores the bytes of an integer.
public enum ByteOrder: Sendable, Hashable {
    /// Least significant byte first (x86-64, `bpfel`).
    case littleEndian
    /// Most significant byte first (s390x, `bpfeb`).
    case bigEndian

    /// The byte order of the machine running this code.
    public static var host: ByteOrder {
        UInt16(littleEndian: 1) == 1 ? .littleEndian : .bigEndian
    }
}
