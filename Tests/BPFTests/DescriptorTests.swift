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

    @Test func closeIsIdempotentAndLaterUseFails() throws {
        let map = try Map(.small())
        let fd = try map.descriptor.withRawValue { $0 }
        map.close()
        map.close()
        #expect(map.descriptor.isClosed)
        let error = #expect(throws: BPFError.self) { try map.update(UInt32(1), UInt64(1)) }
        #expect(error?.errno == .badDescriptor)
        // The number is really closed: fcntl on it fails, or it belongs to a newer object.
        let stillOurs = fcntl(fd, F_GETFD) >= 0 && (try? Map(adopting: OwnedDescriptor(adopting: dup(fd))))?.name == "test"
        #expect(!stillOurs)
    }

    @Test func closeWaitsForRunningOperations() throws {
        let map = try Map(.small())
        try map.descriptor.withRawValue { fd throws(BPFError) in
            map.close()
            // Still borrowed: the number must stay valid until this closure ends.
            #expect(fcntl(fd, F_GETFD) >= 0)
        }
        #expect(map.descriptor.isClosed)
    }

    @Test func descriptorZeroIsNeverKept() throws {
        // Free descriptor 0 so the kernel hands it to the next object.
        let saved = dup(0)
        #expect(saved >= 0)
        close(0)
        defer {
            dup2(saved, 0)
            close(saved)
        }
        let map = try Map(.small())
        let fd = try map.descriptor.withRawValue { $0 }
        #expect(fd >= 3)
        #expect(fcntl(fd, F_GETFD) & FD_CLOEXEC != 0)
    }
}
