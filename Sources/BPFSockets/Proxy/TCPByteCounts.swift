import Glibc

/// A TCP socket's byte counters in sequence space, read from `TCP_INFO` and
/// `SIOCOUTQ`: what the splice proxy compares to know that every byte one
/// socket received has reached its partner's send queue, before it passes
/// the end of the stream on, and that the partner's peer has acknowledged
/// them, before it closes the pair.
struct TCPByteCounts {
    /// Sequence space taken in from the peer (`tcpi_bytes_received`): the
    /// payload, plus one once the peer's FIN arrived. The SYN is not counted.
    var received: UInt64
    /// Sequence space written to the send queue: acknowledged
    /// (`tcpi_bytes_acked`, which counts the SYN on the connecting side and
    /// a FIN once acknowledged) plus still queued (`SIOCOUTQ`).
    var written: UInt64
    /// Sequence space in the send queue that the peer has not yet
    /// acknowledged (`SIOCOUTQ`), a FIN included: 0 once the peer has it all.
    var unacknowledged: UInt64
    /// Whether the connection is gone (`TCP_CLOSE`, after a reset, say):
    /// nothing more will be acknowledged.
    var closed: Bool

    /// `struct tcp_info` offsets of `tcpi_bytes_acked` and `tcpi_bytes_received`
    /// (Linux 4.1 and later); Glibc's struct predates them.
    private static let bytesAckedOffset = 120
    private static let bytesReceivedOffset = 128
    /// `SIOCOUTQ`, which Glibc's module does not export (it equals `TIOCOUTQ`).
    private static let outputQueueRequest = UInt(0x5411)

    /// The counters of `fd`, or nil if it is not a TCP socket the kernel reports on.
    init?(of fd: Int32) {
        var info = [UInt8](repeating: 0, count: 256)
        var length = socklen_t(info.count)
        let minimum = Self.bytesReceivedOffset + MemoryLayout<UInt64>.size
        guard getsockopt(fd, Int32(IPPROTO_TCP), TCP_INFO, &info, &length) == 0, Int(length) >= minimum else {
            return nil
        }
        // Acknowledged first, queued second: bytes move from queued to
        // acknowledged in between, so the sum can only come out low, never high.
        let acknowledged = info.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: Self.bytesAckedOffset, as: UInt64.self) }
        received = info.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: Self.bytesReceivedOffset, as: UInt64.self) }
        var queued: Int32 = 0
        guard ioctl(fd, Self.outputQueueRequest, &queued) == 0, let queued = UInt64(exactly: queued) else { return nil }
        written = acknowledged &+ queued
        unacknowledged = queued
        // tcpi_state is the first byte; 7 is TCP_CLOSE.
        closed = info[0] == 7
    }
}
