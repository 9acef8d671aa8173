import BPF
import Glibc

/// Throughput and round-trip latency of one path to an echo server (direct,
/// or through a proxy), every byte checked.
public struct ProxyMeasurement: Sendable, Codable, Hashable {
    /// What was measured, such as `kernel splice`.
    public var path: String
    /// The bytes pushed through and echoed back.
    public var bytes: Int
    /// How long the push took, in seconds.
    public var seconds: Double
    /// Bytes per second one way, in MiB/s.
    public var mebibytesPerSecond: Double
    /// The median round trip of a 64-byte message, in microseconds.
    public var latencyP50Microseconds: Double
    /// The 99th-percentile round trip, in microseconds.
    public var latencyP99Microseconds: Double

    /// A failed measurement.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        /// What went wrong.
        public var description: String
    }

    /// Connects to `address` twice: once to push `bytes` while reading the
    /// echo back and comparing every byte, once for `roundTrips` 64-byte
    /// ping-pongs.
    public static func measure(_ path: String, to address: SocketAddress, bytes: Int,
                               roundTrips: Int) throws -> ProxyMeasurement {
        // Build the pattern before the clock starts.
        _ = pattern.count
        let start = monotonicSeconds()
        try stream(bytes, to: address)
        let seconds = monotonicSeconds() - start
        let latencies = try pingPong(roundTrips, to: address).sorted()
        func percentile(_ fraction: Double) -> Double {
            guard !latencies.isEmpty else { return 0 }
            let index = min(latencies.count - 1, Int((Double(latencies.count) * fraction).rounded(.down)))
            return latencies[index] * 1e6
        }
        return ProxyMeasurement(path: path, bytes: bytes, seconds: seconds,
                                mebibytesPerSecond: Double(bytes) / 1_048_576 / max(seconds, 1e-9),
                                latencyP50Microseconds: percentile(0.5), latencyP99Microseconds: percentile(0.99))
    }

    /// The pattern's period: a prime, so chunk boundaries never line up with it.
    private static let period = 65_521
    private static let chunk = 1 << 20
    /// `chunk + period` bytes of the pattern, so any chunk starts at `offset % period`.
    private static let pattern: [UInt8] = (0..<(chunk + period)).map { UInt8(truncatingIfNeeded: ($0 % period) &* 131 &+ 7) }

    /// Writes `count` pattern bytes on one thread and checks the echo on this one.
    private static func stream(_ count: Int, to address: SocketAddress) throws {
        let fd = try SocketCalls.connect(to: address)
        defer { close(fd) }
        let writer = DedicatedThread {
            var offset = 0
            pattern.withUnsafeBytes { pattern in
                while offset < count {
                    let length = min(chunk, count - offset)
                    let start = offset % period
                    guard SocketCalls.sendAll(fd, UnsafeRawBufferPointer(rebasing: pattern[start..<(start + length)]))
                    else { return }
                    offset += length
                }
            }
        }
        defer { writer.join() }
        var buffer = [UInt8](repeating: 0, count: chunk)
        var received = 0
        while received < count {
            let length = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, min($0.count, count - received), 0) }
            guard length > 0 else {
                shutdown(fd, Int32(SHUT_RDWR))
                throw Failure(description: "the echo stopped after \(received) of \(count) bytes")
            }
            let start = received % period
            let matches = buffer.withUnsafeBytes { got in
                pattern.withUnsafeBytes { expected in
                    guard let got = got.baseAddress, let expected = expected.baseAddress else { return false }
                    return memcmp(got, expected + start, length) == 0
                }
            }
            guard matches else {
                shutdown(fd, Int32(SHUT_RDWR))
                throw Failure(description: "the echo differs within bytes \(received)..<\(received + length)")
            }
            received += length
        }
    }

    /// The round-trip times of `count` 64-byte messages, in seconds.
    private static func pingPong(_ count: Int, to address: SocketAddress) throws -> [Double] {
        let fd = try SocketCalls.connect(to: address)
        defer { close(fd) }
        var message = [UInt8](repeating: 0, count: 64)
        var reply = [UInt8](repeating: 0, count: 64)
        var latencies: [Double] = []
        latencies.reserveCapacity(count)
        for round in 0..<count {
            message[0] = UInt8(truncatingIfNeeded: round)
            let start = monotonicSeconds()
            guard message.withUnsafeBytes({ SocketCalls.sendAll(fd, $0) }) else {
                throw Failure(description: "send failed in round trip \(round)")
            }
            var received = 0
            while received < reply.count {
                let length = reply.withUnsafeMutableBytes { recv(fd, $0.baseAddress.map { $0 + received }, 64 - received, 0) }
                guard length > 0 else { throw Failure(description: "the echo stopped in round trip \(round)") }
                received += length
            }
            latencies.append(monotonicSeconds() - start)
            guard reply == message else { throw Failure(description: "round trip \(round) came back changed") }
        }
        return latencies
    }

    private static func monotonicSeconds() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }
}
