import BPFObject
import Glibc
import Testing

@testable import BPF

@Suite("Attach and links")
struct AttachTests {
    private func sockmap(_ name: String = "socks") throws -> Map {
        try Map(MapParameters(type: .sockmap, keySize: 4, valueSize: 8, maxEntries: 4, name: name))
    }

    @Test func attachQueryDetachOnASockmap() throws {
        let map = try sockmap()
        let verdict = try TestPrograms.load(.socketSKB, returning: 1, name: "verdict")
        try verdict.attach(to: .map(map), as: .socketSKBStreamVerdict)
        let attached = try Program.query(.map(map), attachType: .socketSKBStreamVerdict)
        #expect(attached.ids == [try verdict.info().id])
        try verdict.detach(from: .map(map), as: .socketSKBStreamVerdict)
        #expect(try Program.query(.map(map), attachType: .socketSKBStreamVerdict).ids.isEmpty)
        let again = #expect(throws: BPFError.self) { try verdict.detach(from: .map(map), as: .socketSKBStreamVerdict) }
        #expect(again?.errno == .noSuchEntry)
    }

    @Test func streamVerdictAndSKBVerdictExcludeEachOther() throws {
        let map = try sockmap()
        let verdict = try TestPrograms.load(.socketSKB, returning: 1)
        try verdict.attach(to: .map(map), as: .socketSKBStreamVerdict)
        let error = #expect(throws: BPFError.self) { try verdict.attach(to: .map(map), as: .socketSKBVerdict) }
        #expect(error?.errno == .busy)
        #expect(error?.hint?.contains("exclude each other") == true)
    }

    @Test func attachToABadDescriptorIsBadDescriptor() throws {
        let program = try TestPrograms.load(.socketSKB, returning: 1)
        let error = #expect(throws: BPFError.self) { try program.attach(to: .descriptor(-1), as: .socketSKBStreamVerdict) }
        #expect(error?.errno == .badDescriptor)
    }

    @Test func sockmapLinkUpdateInfoDetach() throws {
        let map = try sockmap()
        let first = try TestPrograms.load(.socketSKB, returning: 1, name: "first")
        let second = try TestPrograms.load(.socketSKB, returning: 1, name: "second")
        let link = try Link(program: first, target: .map(map), attachType: .socketSKBStreamVerdict)
        var info = try link.info()
        #expect(info.type == .sockmap)
        #expect(info.programID == (try first.info().id))
        #expect(info.target == .sockmap(mapID: try map.info().id, attachType: .socketSKBStreamVerdict))

        try link.update(to: second, replacing: first)
        info = try link.info()
        #expect(info.programID == (try second.info().id))
        let stale = #expect(throws: BPFError.self) { try link.update(to: first, replacing: first) }
        #expect(stale?.errno == .notPermitted)

        try link.detach()
        #expect(try Program.query(.map(map), attachType: .socketSKBStreamVerdict).ids.isEmpty)
    }

    @Test func linkPinOpenAndID() throws {
        let map = try sockmap()
        let program = try TestPrograms.load(.socketMessage, returning: 1)
        let link = try Link(program: program, target: .map(map), attachType: .socketMessageVerdict)
        let path = Environment.pinPath("link")
        try link.pin(at: path)
        defer { unlink(path) }
        let id = try link.info().id
        #expect(try KernelObjectKind.link.ids().contains(id))
        let pinned = try Link.open(pinnedAt: path)
        #expect(try pinned.info().id == id)
        #expect(try Link.open(id: id).info().programID == (try program.info().id))
    }

    @Test func socketLookupLinkInANewNetworkNamespace() throws {
        let namespace = try Scopes.newNetworkNamespace()
        defer { close(namespace) }
        let program = try TestPrograms.load(.socketLookup, returning: 1, expectedAttachType: .socketLookup)
        // sk_lookup takes only links: PROG_ATTACH is refused.
        let refused = #expect(throws: BPFError.self) { try program.attach(to: .descriptor(namespace), as: .socketLookup) }
        #expect(refused?.errno == .invalidArgument)
        let link = try Link(program: program, target: .descriptor(namespace), attachType: .socketLookup)
        var status = stat()
        #expect(fstat(namespace, &status) == 0)
        #expect(try link.info().target == .networkNamespace(inode: UInt32(truncatingIfNeeded: status.st_ino),
                                                             attachType: .socketLookup))
        #expect(try link.info().type == .networkNamespace)
    }

    @Test func cgroupAttachQueryAndLink() throws {
        try Scopes.withChildCgroup { cgroup in
            let first = try TestPrograms.load(.cgroupSKB, returning: 1, name: "first",
                                              expectedAttachType: .cgroupInetIngress)
            let second = try TestPrograms.load(.cgroupSKB, returning: 1, name: "second",
                                               expectedAttachType: .cgroupInetIngress)
            try first.attach(to: .descriptor(cgroup), as: .cgroupInetIngress, flags: .allowMulti)
            try second.attach(to: .descriptor(cgroup), as: .cgroupInetIngress, flags: [.allowMulti, .replace],
                              replacing: first)
            var attached = try Program.query(.descriptor(cgroup), attachType: .cgroupInetIngress)
            #expect(attached.ids == [try second.info().id])
            #expect(attached.attachFlags == .allowMulti)
            try second.detach(from: .descriptor(cgroup), as: .cgroupInetIngress)

            let link = try Link(program: first, target: .descriptor(cgroup), attachType: .cgroupInetIngress)
            attached = try Program.query(.descriptor(cgroup), attachType: .cgroupInetIngress)
            #expect(attached.ids == [try first.info().id])
            guard case .cgroup(let id, let type) = try link.info().target else {
                Issue.record("not a cgroup link")
                return
            }
            #expect(id != 0)
            #expect(type == .cgroupInetIngress)
            link.close()
            #expect(try Program.query(.descriptor(cgroup), attachType: .cgroupInetIngress).ids.isEmpty)
        }
    }
}
