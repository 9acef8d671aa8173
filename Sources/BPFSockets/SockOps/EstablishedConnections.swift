import BPF
import BPFObject

/// The TCP connections established in a cgroup, each in a ``SockHash``
/// under its own ``SocketFourTuple``, kept there by the built-in
/// ``MembershipProgram`` attached to the cgroup.
///
/// A connection joins when it reaches the established state (as client or
/// server) in a process of the cgroup, and leaves when it closes. Programs
/// attached to ``connections`` apply to connections that join after the attach.
public final class EstablishedConnections: Sendable {
    /// The connections, by 4-tuple as seen from the socket.
    public let connections: SockHash<SocketFourTuple>
    /// The sock_ops program.
    public let program: Program
    /// The link attaching it to the cgroup.
    public let link: Link

    /// Starts collecting the connections established in `cgroup`.
    public init(cgroup: Cgroup, capacity: UInt32 = 65_536) throws(SocketMapError) {
        connections = try SockHash(capacity: capacity, name: "connections")
        do {
            program = try MembershipProgram.load(connections: connections)
            link = try cgroup.attachSocketOperations(program)
        } catch {
            throw SocketMapError(.kernel, context: "collect the connections of cgroup \(cgroup)", kernelError: error)
        }
    }

    /// Stops collecting: detaches the program. Connections in the map stay until they close.
    public func stop() {
        try? link.detach()
        link.close()
    }
}
