/// A kernel object reached through a descriptor this process owns: a map,
/// program, link or BTF object.
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
