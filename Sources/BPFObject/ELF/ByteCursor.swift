import BPFInstructions
/// An error a binary parser can report when the input ends early.
///
/// ``ByteCursor`` is generic over it so that each format throws its own typed
/// error, with the file offset where the bytes ran out.
protocol TruncationReporting: Error {
    /// The error for a read of `needed` bytes at `offset` that goes past the data.
    static func truncated(offset: Int, needed: Int) -> Self
}

/// A bounds-checked reader of integers over a byte array in a given byte order.
///
/// Every read checks the remaining length first and throws instead of
/// trapping, so no input can make a parser built on it crash. Offsets are
/// absolute positions in `bytes`, which keeps error offsets meaningful.
struct ByteCursor<Failure: TruncationReporting> {
    /// The whole input; the cursor reads only `offset..<end`.
    let bytes: [UInt8]
    /// How integers are stored.
    let byteOrder: ByteOrder
    /// One past the last byte this cursor may read.
    let end: Int
    /// The absolute position of the next read.
    var offset: Int

    /// Creates a cursor over `range` of `bytes`, which must lie inside the array.
    init(bytes: [UInt8], byteOrder: ByteOrder, range: Range<Int>) throws(Failure) {
        guard range.lowerBound >= 0, range.upperBound <= bytes.count else {
            throw .truncated(offset: range.lowerBound, needed: range.count)
        }
        self.bytes = bytes
        self.byteOrder = byteOrder
        self.end = range.upperBound
        self.offset = range.lowerBound
    }

    /// Creates a cursor over all of `bytes`.
    init(bytes: [UInt8], byteOrder: ByteOrder) {
        self.bytes = bytes
        self.byteOrder = byteOrder
        self.end = bytes.count
        self.offset = 0
    }

    /// How many bytes are left before ``end``.
    var remaining: Int { end - offset }

    /// Reads an integer at the cursor and advances past it.
    @inline(__always)
    mutating func read<T: FixedWidthInteger>(_: T.Type = T.self) throws(Failure) -> T {
        let value: T = try peek(at: offset)
        offset += MemoryLayout<T>.size
        return value
    }

    /// Reads an integer at an absolute offset without moving the cursor.
    @inline(__always)
    func peek<T: FixedWidthInteger>(at position: Int, as _: T.Type = T.self) throws(Failure) -> T {
        let size = MemoryLayout<T>.size
        guard position >= 0, position <= end, end - position >= size else {
            throw .truncated(offset: position, needed: size)
        }
        let raw = bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: position, as: T.self) }
        return byteOrder == .littleEndian ? T(littleEndian: raw) : T(bigEndian: raw)
    }

    /// Moves the cursor forward by `count` bytes.
    mutating func skip(_ count: Int) throws(Failure) {
        guard count >= 0, count <= remaining else { throw .truncated(offset: offset, needed: count) }
        offset += count
    }
}
