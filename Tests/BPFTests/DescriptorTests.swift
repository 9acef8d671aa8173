import Glibc
import Testing

@testable import BPF

@Suite("Descriptors")
struct DescriptorTests {
    @Test func descriptorsAreCloseOnExec() throws {
        let map = try Map(.small())
        let flags = try map.descriptor.withRawValue { fcntl($0, F_GETFD) }
        #expect(flags & FD_CLOEXEC != 0)
        let copy = try map.descriptor.duplicate()
        #expect(try copy.withRawValue { fcntl($0, F_GETFD) } & FD_CLOEXEC != 0)
    }

    /// What descriptor `fd` refers to, such as `anon_inode:bpf-map` or `/dev/null`.
    private func target(of fd: Int32) -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        let count = readlink("/proc/self/fd/\(fd)", &buffer, buffer.count - 1)
        return count < 0 ? "" : String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    @Test func closeReleasesTheObjectAtOnceAndLaterUseFails() throws {
        let map = try Map(.small(name: "closing"))
        let id = try map.info().id
        let fd = try map.descriptor.withRawValue { $0 }
        #expect(target(of: fd) == "anon_inode:bpf-map")
        map.close()
        map.close()
        #expect(map.descriptor.isClosed)
        let error = #expect(throws: BPFError.self) { try map.update(UInt32(1), UInt64(1)) }
        #expect(error?.errno == .badDescriptor)
        // The number is parked on a placeholder until the owner goes away, so
        // it cannot be reused under a racing call; the map itself is gone.
        #expect(target(of: fd) == "/dev/null")
        #expect(fcntl(fd, F_GETFD) & FD_CLOEXEC != 0)
        var released = false
        for _ in 0..<100 where !released {
            released = (try? Map.open(id: id)) == nil
            if !released { usleep(20_000) }
        }
        #expect(released)
    }

    @Test func deinitClosesTheNumber() throws {
        var fd: Int32 = -1
        do {
            let map = try Map(.small())
            fd = try map.descriptor.withRawValue { $0 }
            map.close()
        }
        #expect(target(of: fd) != "/dev/null" || fcntl(fd, F_GETFD) < 0)
    }

    @Test func aCallRacingWithCloseFailsCleanly() throws {
        let map = try Map(.small())
        try map.descriptor.withRawValue { fd throws(BPFError) in
            map.close()
            // Borrowed before the close: the number still exists, but now names
            // the placeholder, which the kernel rejects.
            var attributes = MapElementAttributes()
            attributes.mapFD = UInt32(bitPattern: fd)
            #expect(SystemCall.bpf(.mapFreeze, &attributes) == -Int(Errno.invalidArgument.rawValue))
        }
    }

    @Test func descriptorZeroIsNeverKept() async {
        // In a child process: freeing descriptor 0 here would hand it to
        // whatever a test running in parallel opens next.
        await #expect(processExitsWith: .success) {
            close(0)
            guard let map = try? Map(.small()), let fd = try? map.descriptor.withRawValue({ $0 }) else { exit(2) }
            exit(fd >= 3 && fcntl(fd, F_GETFD) & FD_CLOEXEC != 0 ? 0 : 1)
        }
    }
}
