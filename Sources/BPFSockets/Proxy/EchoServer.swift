import BPF
import BPFObject
import Glibc
import Synchronization

/// A TCP server that sends back every byte it receives: the upstream of the
/// proxy demo and benchmark. Each connection gets a thread of its own.
public final class EchoServer: Sendable {
    /// The address it listens on.
    public let address: SocketAddress
    private let listener: Int32
    private let threads = PthreadMutex<[DedicatedThread]>([])
    private let connections = PthreadMutex<Set<Int32>>([])
    private let stopped = Atomic<Bool>(false)

    /// Listens on `address` (port 0 picks one) and starts serving.
    ///
    /// - Parameter cpu: if given, the CPU all of the server's threads are confined to.
    public init(at address: SocketAddress = SocketAddress(.loopbackV4, port: 0), cpu: Int? = nil) throws(BPFError) {
        if let cpu { try ThreadAffinity.check(cpu) }
        listener = try SocketCalls.listen(at: address)
        self.address = SocketAddress(localOf: listener) ?? address
        threads.withLock {
            $0.append(DedicatedThread { [self] in
                // Before the first accept: the connection threads inherit the CPU.
                if let cpu { try? ThreadAffinity.confineCallingThread(to: cpu) }
                acceptLoop()
            })
        }
    }

    /// Stops accepting, ends every connection and waits for the threads.
    /// Later calls do nothing (the listener must not be closed twice).
    public func stop() {
        guard !stopped.exchange(true, ordering: .acquiringAndReleasing) else { return }
        shutdown(listener, Int32(SHUT_RDWR))
        connections.withLock { $0.forEach { shutdown($0, Int32(SHUT_RDWR)) } }
        threads.withLock { threads in
            threads.forEach { $0.join() }
            threads.removeAll()
        }
        close(listener)
    }

    private func acceptLoop() {
        while let connection = try? SocketCalls.accept(listener) {
            connections.withLock { _ = $0.insert(connection) }
            let echo = DedicatedThread { [self] in
                Self.echo(connection)
                connections.withLock { _ = $0.remove(connection) }
                close(connection)
            }
            threads.withLock { threads in
                DedicatedThread.reap(&threads)
                threads.append(echo)
            }
        }
    }

    private static func echo(_ connection: Int32) {
        var buffer = [UInt8](repeating: 0, count: 256 * 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(connection, $0.baseAddress, $0.count, 0) }
            guard count > 0,
                  buffer.withUnsafeBytes({ SocketCalls.sendAll(connection, UnsafeRawBufferPointer(rebasing: $0[..<count])) })
            else { return }
        }
    }
}
