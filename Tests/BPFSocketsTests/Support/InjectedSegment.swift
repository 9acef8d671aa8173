import BPFSockets
import Glibc

/// A TCP segment written by hand and sent through a raw IPv4 socket
/// (`IPPROTO_RAW`, which implies `IP_HDRINCL`), as if one end of a loopback
/// connection had sent it: the way to make the other end receive a
/// retransmission that overlaps bytes it already has.
struct InjectedSegment {
    var source: UInt16
    var destination: UInt16
    var sequence: UInt32
    var acknowledgment: UInt32
    var payload: [UInt8]

    /// The sequence numbers `connection` would use next, read in TCP repair
    /// mode: the next byte it sends, and the next byte it expects.
    static func sequenceNumbers(of connection: Int32) throws -> (send: UInt32, receive: UInt32) {
        let repair: Int32 = 19, repairQueue: Int32 = 20, queueSequence: Int32 = 21
        let receiveQueue: Int32 = 1, sendQueue: Int32 = 2
        func option(_ name: Int32, _ value: Int32) throws {
            var value = value
            guard setsockopt(connection, Int32(IPPROTO_TCP), name, &value, 4) == 0 else {
                throw InjectionError(call: "setsockopt \(name)", errno: errno)
            }
        }
        func queueStart(_ queue: Int32) throws -> UInt32 {
            try option(repairQueue, queue)
            var sequence: UInt32 = 0
            var length = socklen_t(4)
            guard getsockopt(connection, Int32(IPPROTO_TCP), queueSequence, &sequence, &length) == 0 else {
                throw InjectionError(call: "getsockopt TCP_QUEUE_SEQ", errno: errno)
            }
            return sequence
        }
        try option(repair, 1)
        defer { _ = try? option(repair, 0) }
        return (try queueStart(sendQueue), try queueStart(receiveQueue))
    }

    /// Sends the segment from 127.0.0.1:`source` to 127.0.0.1:`destination`.
    func send() throws {
        let fd = socket(AF_INET, Int32(SOCK_RAW.rawValue), Int32(IPPROTO_RAW))
        guard fd >= 0 else { throw InjectionError(call: "socket", errno: errno) }
        defer { close(fd) }
        let loopback: [UInt8] = [127, 0, 0, 1]
        var tcp: [UInt8] = []
        tcp += Self.bytes(source) + Self.bytes(destination) + Self.bytes(sequence) + Self.bytes(acknowledgment)
        // Data offset 5 words; flags ACK and PSH; window; checksum (later); urgent pointer.
        tcp += [0x50, 0x18] + Self.bytes(UInt16(0xffff)) + [0, 0, 0, 0]
        tcp += payload
        let pseudoHeader = loopback + loopback + [0, UInt8(IPPROTO_TCP)] + Self.bytes(UInt16(tcp.count))
        let checksum = Self.checksum(pseudoHeader + tcp)
        tcp[16] = UInt8(checksum >> 8)
        tcp[17] = UInt8(checksum & 0xff)
        // The kernel fills in the IP header's id, total length and checksum.
        let ip: [UInt8] = [0x45, 0, 0, 0, 0, 0, 0x40, 0, 64, UInt8(IPPROTO_TCP), 0, 0] + loopback + loopback
        let packet = ip + tcp
        var target = sockaddr_in()
        target.sin_family = sa_family_t(AF_INET)
        target.sin_addr.s_addr = UInt32(0x7f00_0001).bigEndian
        let sent = packet.withUnsafeBytes { bytes in
            withUnsafePointer(to: &target) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    sendto(fd, bytes.baseAddress, bytes.count, 0, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
        }
        guard sent == packet.count else { throw InjectionError(call: "sendto", errno: errno) }
    }

    private static func bytes(_ value: UInt16) -> [UInt8] { [UInt8(value >> 8), UInt8(value & 0xff)] }
    private static func bytes(_ value: UInt32) -> [UInt8] { bytes(UInt16(value >> 16)) + bytes(UInt16(value & 0xffff)) }

    /// The Internet checksum (RFC 1071) of `data`.
    private static func checksum(_ data: [UInt8]) -> UInt16 {
        var sum: UInt32 = 0
        for index in stride(from: 0, to: data.count, by: 2) {
            let low = index + 1 < data.count ? UInt32(data[index + 1]) : 0
            sum += UInt32(data[index]) << 8 | low
        }
        while sum > 0xffff { sum = (sum & 0xffff) + (sum >> 16) }
        return ~UInt16(sum)
    }
}

/// A failed call while injecting a segment.
struct InjectionError: Error {
    var call: String
    var errno: Int32
}
