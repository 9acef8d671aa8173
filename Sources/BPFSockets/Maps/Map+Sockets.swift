import BPF
import BPFObject

/// The socket operations of ``SocketMap`` on key bytes: compiled once here,
/// while the typed wrappers inline into callers.
extension Map {
    @usableFromInline
    func insertSocket(_ socket: Int32, key: UnsafeRawBufferPointer, flags: MapUpdateFlags) throws(SocketMapError) {
        do throws(BPFError) {
            // The kernel reads a u64 from 8-byte values and a u32 from 4-byte ones.
            if valueSize == 8 {
                try withUnsafeBytes(of: UInt64(UInt32(bitPattern: socket))) { (value) throws(BPFError) in
                    try update(key: key, value: value, flags: flags)
                }
            } else {
                try withUnsafeBytes(of: UInt32(bitPattern: socket)) { (value) throws(BPFError) in
                    try update(key: key, value: value, flags: flags)
                }
            }
        } catch {
            throw socketRefusal(error, key: key, socket: socket, context: "insert socket \(socket) into \(displayName)")
        }
    }

    @usableFromInline
    func socketCookie(key: UnsafeRawBufferPointer) throws(SocketMapError) -> UInt64? {
        var cookie: UInt64 = 0
        let found: Bool
        do throws(BPFError) {
            // A 4-byte lookup buffer lets the kernel give its own answer (ENOSPC).
            let size = valueSize == 8 ? 8 : 4
            found = try withUnsafeMutableBytes(of: &cookie) { (value) throws(BPFError) in
                try lookup(key: key, into: UnsafeMutableRawBufferPointer(rebasing: value[..<size]))
            }
        } catch {
            throw socketRefusal(error, key: key, socket: nil, context: "look up a socket in \(displayName)")
        }
        return found ? cookie : nil
    }

    @usableFromInline
    func removeSocket(key: UnsafeRawBufferPointer) throws(SocketMapError) -> Bool {
        do throws(BPFError) {
            try delete(key: key)
            return true
        } catch {
            // A sockmap answers EINVAL for an empty slot within range; a sockhash ENOENT.
            if error.errno == .noSuchEntry { return false }
            if error.errno == .invalidArgument, type == .sockmap, slotIndex(key) < maxEntries { return false }
            throw socketRefusal(error, key: key, socket: nil, context: "remove a socket from \(displayName)")
        }
    }

    /// The slot index of a sockmap key.
    private func slotIndex(_ key: UnsafeRawBufferPointer) -> Int {
        key.count == 4 ? Int(key.loadUnaligned(as: UInt32.self)) : Int.max
    }

    /// Turns the kernel's errno into the documented reason.
    private func socketRefusal(_ error: BPFError, key: UnsafeRawBufferPointer, socket: Int32?,
                               context: String) -> SocketMapError {
        let reason: SocketMapError.Reason
        switch error.errno {
        case .operationNotSupported:
            if let socket, let description = SocketDescription(descriptor: socket) {
                reason = .unsupportedSocket(description)
            } else {
                reason = .kernel
            }
        case .notSocket: reason = .notASocket(descriptor: socket ?? -1)
        case .busy: reason = .socketHasPrograms
        case .tooBig:
            reason = type == .sockmap
                ? .indexOutOfRange(index: UInt32(truncatingIfNeeded: slotIndex(key)), capacity: maxEntries)
                : .mapFull(capacity: maxEntries)
        case .exists: reason = .slotOccupied
        case .noSuchEntry: reason = .slotEmpty
        case .noSpace where error.command == .mapLookupElement: reason = .lookupNeedsEightByteValues
        default: reason = .kernel
        }
        return SocketMapError(reason, context: context, kernelError: error)
    }
}
