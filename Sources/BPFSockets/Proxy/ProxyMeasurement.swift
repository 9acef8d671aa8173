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
    /// The median round trip of a 64-byte message, in microseconds: the
    /// median over the rounds of each round's median.
    public var latencyP50Microseconds: Double
    /// The 99th-percentile round trip, in microseconds: the median over the
    /// rounds of each round's 99th percentile.
    public var latencyP99Microseconds: Double
    /// Each round's throughput in MiB/s, in round order.
    public var roundMebibytesPerSecond: [Double]
    /// Each round's 99th-percentile round trip in microseconds, in round order.
    public var roundLatencyP99Microseconds: [Double]

    /// In how many rounds this path beat `other`: higher throughput, and
    /// lower p99. Each round measured both paths back to back, so on a
    /// machine whose load shifts, these paired counts say more than the
    /// medians alone.
    public func roundsAhead(of other: ProxyMeasurement) -> (throughput: Int, latencyP99: Int) {
        (zip(roundMebibytesPerSecond, other.roundMebibytesPerSecond).count { $0.0 > $0.1 },
         zip(roundLatencyP99Microseconds, other.roundLatencyP99Microseconds).count { $0.0 < $0.1 })
    }

    /// A failed measurement.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        /// What went wrong.
        public var description: String
    }

    /// Measures each of `paths` to an echo server: pushes `bytes` through
    /// it while reading the echo back and comparing every byte, and times
    /// `roundTrips` 64-byte ping-pongs.
    ///
    /// The work is split into `rounds` rounds, and each round visits every
    /// path (in a rotating order), so a burst of load elsewhere on the
    /// machine hits all paths alike. Every path gets the same bytes in the
    /// same 1 MiB writes and the same 64-byte messages. Each figure is the
    /// median over the rounds (throughput, p50, p99), so one round hit by a
    /// burst of load does not decide it.
    ///
    /// - Parameter cpu: if given, the client's threads run confined to that
    ///   CPU (pair it with an ``EchoServer`` confined to the same one, and
    ///   the endpoints stay off the other CPUs the proxies may use).
    public static func compare(_ paths: [(name: String, address: SocketAddress)], bytes: Int, roundTrips: Int,
                               rounds: Int = 4, cpu: Int? = nil) throws -> [ProxyMeasurement] {
        if let cpu {
            try ThreadAffinity.check(cpu)
            // On a thread of its own, so the caller keeps its CPUs; the writers it starts inherit the one.
            return try DedicatedThread.run {
                try ThreadAffinity.confineCallingThread(to: cpu)
                return try compare(paths, bytes: bytes, roundTrips: roundTrips, rounds: rounds)
            }
        }
        // Build the pattern before any clock starts.
        _ = pattern.count
        let rounds = max(rounds, 1)
        var rates = [[Double]](repeating: [], count: paths.count)
        var seconds = [Double](repeating: 0, count: paths.count)
        var p50s = [[Double]](repeating: [], count: paths.count)
        var p99s = [[Double]](repeating: [], count: paths.count)
        for round in 0..<rounds {
            let share = bytes / rounds + (round == rounds - 1 ? bytes % rounds : 0)
            let trips = roundTrips / rounds + (round == rounds - 1 ? roundTrips % rounds : 0)
            for step in 0..<paths.count {
                let index = (step + round) % paths.count
                let start = monotonicSeconds()
                let elapsed: Double, latencies: [Double]
                do {
                    try stream(share, to: paths[index].address)
                    elapsed = monotonicSeconds() - start
                    latencies = try pingPong(trips, to: paths[index].address)
                } catch let failure as Failure {
                    throw Failure(description: "\(paths[index].name), round \(round + 1): \(failure.description)")
                }
                seconds[index] += elapsed
                rates[index].append(Double(share) / 1_048_576 / max(elapsed, 1e-9))
                p50s[index].append(percentile(latencies, 0.5))
                p99s[index].append(percentile(latencies, 0.99))
            }
        }
        return paths.indices.map { index in
            ProxyMeasurement(path: paths[index].name, bytes: bytes, seconds: seconds[index],
                             mebibytesPerSecond: median(rates[index]),
                             latencyP50Microseconds: median(p50s[index]) * 1e6,
                             latencyP99Microseconds: median(p99s[index]) * 1e6,
                             roundMebibytesPerSecond: rates[index],
                             roundLatencyP99Microseconds: p99s[index].map { $0 * 1e6 })
        }
    }

    private static func median(_ values: [Double]) -> Double { percentile(values, 0.5) }

    private static func percentile(_ values: [Double], _ fraction: Double) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return 0 }
        return sorted[min(sorted.count - 1, Int((Double(sorted.count) * fraction).rounded(.down)))]
    }

    /// The pattern's period: a prime, so chunk boundaries never line up with it.
    static let period = 65_521
    private static let chunk = 1 << 20
    /// `chunk + period` bytes of the pattern, so any chunk starts at `offset % period`.
    static let pattern: [UInt8] = (0..<(chunk + period)).map { UInt8(truncatingIfNeeded: ($0 % period) &* 131 &+ 7) }

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
                throw Failure(description: "the echo differs within bytes \(received)..<\(received + length)"
                              + mismatch(in: buffer[..<length], at: received))
            }
            received += length
        }
    }

    /// Where `got`, received from stream offset `offset`, first departs from
    /// the pattern, and where in the pattern the bytes from there on belong:
    /// a shift says bytes were lost or repeated, no match says they are not
    /// the stream's bytes at all. The pattern's bytes repeat every 256
    /// positions between its wraps, so only bytes that span a wrap pin the
    /// shift down to the period.
    static func mismatch(in got: ArraySlice<UInt8>, at offset: Int) -> String {
        let expected = { (position: Int) in pattern[position % period] }
        guard let first = got.indices.first(where: { got[$0] != expected(offset + $0 - got.startIndex) }) else {
            return ""
        }
        let rest = got[first...], position = offset + first - got.startIndex
        let phases = (0..<period).lazy.filter { phase in
            rest.indices.allSatisfy { rest[$0] == expected(phase + $0 - first) }
        }.prefix(2)
        let matching = Array(phases)
        let place: String
        if let phase = matching.first {
            // Several phases fit when the bytes span no wrap: then only the shift modulo 256 is known.
            let modulus = matching.count == 1 ? period : 256
            place = "they are the stream's bytes \((phase - position % modulus + modulus) % modulus) further on, "
                + "modulo \(modulus)"
        } else {
            place = "they are not the stream's bytes"
        }
        return "; first at byte \(position), where \(rest.count) bytes read "
            + rest.prefix(8).map { String($0, radix: 16) }.joined(separator: " ") + "...: " + place
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
