import Glibc

/// A connection's local and remote address and port, laid out as the
/// built-in programs write it on the BPF stack: the key of the membership and
/// splice sockhashes.
///
/// Every field is a 32-bit word, so the layout has no padding and equals the
/// C struct `{ u32 family; u32 local[4]; u32 remote[4]; u32 local_port;
/// u32 remote_port; }` (44 bytes). Addresses keep network byte order (an IPv4
/// address fills the first word); ports are in host byte order.
public struct SocketFourTuple: BitwiseCopyable, Hashable, Sendable, CustomStringConvertible {
    /// Four address words; nested so the tuple stays `Hashable`.
    struct Words: BitwiseCopyable, Hashable, Sendable {
        var first: UInt32, second: UInt32, third: UInt32, fourth: UInt32

        init(_ address: IPAddress) {
            (first, second, third, fourth) = address.words
        }
    }

    private var familyWord: UInt32
    private var localWords: Words
    private var remoteWords: Words
    private var localPortWord: UInt32
    private var remotePortWord: UInt32

    /// The key size in bytes: 44.
    public static let size = MemoryLayout<SocketFourTuple>.size

    /// Creates the tuple of a connection from `local` to `remote` (same family).
    public init(local: SocketAddress, remote: SocketAddress) {
        familyWord = UInt32(bitPattern: local.address.family)
        localWords = Words(local.address)
        remoteWords = Words(remote.address)
        localPortWord = UInt32(local.port)
        remotePortWord = UInt32(remote.port)
    }

    /// The tuple of the connected socket `descriptor`, as seen from it.
    public init?(of descriptor: Int32) {
        guard let local = SocketAddress(localOf: descriptor), let remote = SocketAddress(peerOf: descriptor) else {
            return nil
        }
        self.init(local: local, remote: remote)
    }

    /// The same connection seen from the other end.
    public var reversed: SocketFourTuple { SocketFourTuple(local: remote, remote: local) }

    /// The local address and port.
    public var local: SocketAddress { SocketAddress(address(localWords), port: UInt16(truncatingIfNeeded: localPortWord)) }
    /// The remote address and port.
    public var remote: SocketAddress { SocketAddress(address(remoteWords), port: UInt16(truncatingIfNeeded: remotePortWord)) }

    private func address(_ words: Words) -> IPAddress {
        Int32(bitPattern: familyWord) == AF_INET6
            ? .v6(words.first, words.second, words.third, words.fourth) : .v4(words.first)
    }

    /// `local -> remote`.
    public var description: String { "\(local) -> \(remote)" }
}
