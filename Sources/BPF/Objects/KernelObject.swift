/// A kernel object reached through a descriptor this process owns: a map,
/// program, link or BTF object.
///
/// Handles are `Sendable` and need no locking by the caller: any thread may
/// use one while others do. Each operation is one or more bpf(2) calls on the
/// kernel object, and the kernel makes each call atomic on its own (an element
/// update, a lookup, an attach); a sequence of calls, such as a lookup then an
/// update, is not, so a read-modify-write shared between threads needs a key
/// per thread, a per-CPU map or the caller's own lock. ``close()`` may race
/// with other operations: a call already in the kernel finishes, a later one
/// throws a ``BPFError`` (EBADF, or EINVAL from the kernel), and the
/// descriptor number is not reused for another object while the handle lives
/// (see ``OwnedDescriptor``).
public protocol KernelObject: AnyObject, Sendable {
    /// The descriptor, closed exactly once.
    var descriptor: OwnedDescriptor { get }
    /// A name for error messages, such as `map 'counts'`.
    var displayName: String { get }
}

extension KernelObject {
    /// Closes the descriptor. The kernel frees the object once nothing else
    /// (a pin, a link, another process, a map of maps) holds it.
    public func close() { descriptor.close() }

    /// Pins the object at `path` in a bpffs mount, so it outlives the process.
    public func pin(at path: String) throws(BPFError) {
        try descriptor.withRawValue { fd throws(BPFError) in
            try ObjectPath.pin(fd, at: path, context: "pin \(displayName) at \(path)")
        }
    }
}
