/// The value size of a sockmap or sockhash, which decides whether user space
/// can read sockets back.
public enum SocketValueSize: UInt32, Sendable, Hashable {
    /// 8-byte values: inserts take a descriptor and lookups return the
    /// socket's cookie (the `SO_COOKIE` value). The default.
    case cookie = 8
    /// 4-byte values: inserts work, but every lookup fails with ENOSPC because
    /// a 64-bit cookie does not fit. Only for maps shared with programs or
    /// tools that insist on 4-byte values.
    case insertOnly = 4
}
