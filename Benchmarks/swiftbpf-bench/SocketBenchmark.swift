import BPF
import BPFObject
import BPFSockets
import CBPF
import Glibc

/// The socket API's two costs: a sockmap insert plus delete through
/// ``SockMap`` next to the same two raw bpf(2) calls, and the splice proxy
/// next to a user-space proxy and a direct connection.
struct SocketBenchmark: Benchmark {
    let name = "Sockets: sockmap insert+delete vs raw bpf(2); kernel-spliced vs user-space proxy"
    let blocks = 200
    let blockSize = 200
    let proxyMebibytes = 256
    let roundTrips = 5000

    func run() throws {
        try insertAndDelete()
        print()
        try proxies()
    }

    /// Insert and delete one established TCP socket at index 0, alternating
    /// library and raw blocks; the ratio is the median of the blocks' ratios.
    private func insertAndDelete() throws {
        let listener = try SocketCalls.listen(at: SocketAddress(.loopbackV4, port: 0))
        defer { close(listener) }
        let client = try SocketCalls.connect(to: SocketAddress(localOf: listener) ?? SocketAddress(.loopbackV4, port: 0))
        defer { close(client) }
        let sockets = try SockMap(capacity: 1, name: "bench_sockets")
        let raw = RawInsertDelete(map: try sockets.map.descriptor.withRawValue { $0 }, socket: client)
        let library = { try sockets.insert(client, at: 0); try sockets.remove(0) }
        _ = try Measurement.of(iterations: blockSize, library)
        _ = raw.measure(iterations: blockSize)
        var rawTimes: [Double] = [], libraryTimes: [Double] = [], ratios: [Double] = []
        var allocations = 0.0
        for _ in 0..<blocks {
            let rawBlock = raw.measure(iterations: blockSize)
            let libraryBlock = try Measurement.of(iterations: blockSize, library)
            rawTimes.append(rawBlock.nanoseconds)
            libraryTimes.append(libraryBlock.nanoseconds)
            ratios.append(libraryBlock.nanoseconds / rawBlock.nanoseconds)
            allocations = max(allocations, libraryBlock.allocations)
        }
        let ratio = median(ratios)
        print("\(column("operation", 16)) \(column("raw ns/op", 10)) \(column("swift ns/op", 12)) "
              + "\(column("ratio", 7)) \(column("allocs/op", 10))")
        print("\(column("insert+delete", 16)) \(column(formatted(median(rawTimes), digits: 1), 10)) "
              + "\(column(formatted(median(libraryTimes), digits: 1), 12)) \(column(formatted(ratio, digits: 3), 7)) "
              + "\(column(formatted(allocations, digits: 3), 10))")
        print("median ratio: \(formatted(ratio, digits: 3)) (goal <= 1.05): " + (ratio <= 1.05 ? "met" : "MISSED"))
    }

    /// The three paths to one echo server, measured in this run.
    private func proxies() throws {
        let echo = try EchoServer()
        defer { echo.stop() }
        let spliced = try TCPProxy(listen: SocketAddress(.loopbackV4, port: 0), upstream: echo.address)
        let copying = try TCPProxy(listen: SocketAddress(.loopbackV4, port: 0), upstream: echo.address,
                                   forwarding: .userSpaceCopy)
        spliced.start()
        copying.start()
        defer {
            spliced.stop()
            copying.stop()
        }
        print("\(column("path", 16)) \(column("MiB/s", 9)) \(column("p50 µs", 9)) \(column("p99 µs", 9))"
              + "   (\(proxyMebibytes) MiB echoed, \(roundTrips) 64-byte round trips, 8 interleaved rounds)")
        let measurements = try ProxyMeasurement.compare([
            ("direct", echo.address), ("kernel splice", spliced.listenAddress),
            ("user-space copy", copying.listenAddress),
        ], bytes: proxyMebibytes << 20, roundTrips: roundTrips, rounds: 8)
        var results: [String: ProxyMeasurement] = [:]
        for result in measurements {
            results[result.path] = result
            print("\(column(result.path, 16)) \(column(formatted(result.mebibytesPerSecond, digits: 0), 9)) "
                  + "\(column(formatted(result.latencyP50Microseconds, digits: 1), 9)) "
                  + "\(column(formatted(result.latencyP99Microseconds, digits: 1), 9))")
        }
        guard let splice = results["kernel splice"], let copy = results["user-space copy"] else { return }
        let ahead = splice.roundsAhead(of: copy), rounds = splice.roundMebibytesPerSecond.count
        print("splice ahead of user-space copy, round by round: throughput in \(ahead.throughput) of \(rounds), "
              + "p99 in \(ahead.latencyP99) of \(rounds)")
        print("splice throughput ahead of user-space copy: "
              + (splice.mebibytesPerSecond > copy.mebibytesPerSecond ? "met" : "MISSED"))
        print("splice p99 ahead of user-space copy: "
              + (splice.latencyP99Microseconds < copy.latencyP99Microseconds ? "met" : "MISSED"))
    }

}

/// BPF_MAP_UPDATE_ELEM then BPF_MAP_DELETE_ELEM of one socket at index 0,
/// straight through the trampoline, with the attribute structs built once.
private final class RawInsertDelete {
    private let key = UnsafeMutablePointer<UInt32>.allocate(capacity: 1)
    private let value = UnsafeMutablePointer<UInt64>.allocate(capacity: 1)
    private let update = UnsafeMutablePointer<MapElementAttributes>.allocate(capacity: 1)
    private let delete = UnsafeMutablePointer<MapElementAttributes>.allocate(capacity: 1)

    init(map: Int32, socket: Int32) {
        key.pointee = 0
        value.pointee = UInt64(UInt32(bitPattern: socket))
        var attributes = MapElementAttributes()
        attributes.mapFD = UInt32(bitPattern: map)
        attributes.key = UInt64(UInt(bitPattern: key))
        attributes.value = UInt64(UInt(bitPattern: value))
        update.initialize(to: attributes)
        attributes.value = 0
        delete.initialize(to: attributes)
    }

    func measure(iterations: Int) -> Measurement {
        let size = UInt32(MemoryLayout<MapElementAttributes>.size)
        return Measurement.of(iterations: iterations) {
            _ = swiftbpf_sys_bpf(BPFCommand.mapUpdateElement.rawValue, update, size)
            _ = swiftbpf_sys_bpf(BPFCommand.mapDeleteElement.rawValue, delete, size)
        }
    }

    deinit {
        key.deallocate()
        value.deallocate()
        update.deallocate()
        delete.deallocate()
    }
}
