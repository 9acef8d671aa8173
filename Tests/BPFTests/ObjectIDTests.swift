import Testing

@testable import BPF

@Suite("Object ids")
struct ObjectIDTests {
    @Test func newObjectsAppearInTheIDWalk() throws {
        let map = try Map(.small(name: "listed"))
        let program = try TestPrograms.load(.socketFilter)
        let mapID = try map.info().id
        let programID = try program.info().id
        #expect(try KernelObjectKind.map.ids().contains(mapID))
        #expect(try KernelObjectKind.program.ids().contains(programID))
        #expect(try Map.open(id: mapID).name == "listed")
        // The walk ends with nil after the newest id. Other tests create maps
        // meanwhile, so follow any newer ids until the walk catches up.
        var last = try #require(try KernelObjectKind.map.ids().last)
        while let next = try KernelObjectKind.map.nextID(after: last) {
            #expect(next > last)
            last = next
        }
    }

    @Test func kernelBTFIsListedAndOpens() throws {
        let ids = try KernelObjectKind.btf.ids()
        #expect(!ids.isEmpty)
        let vmlinux = try ids.lazy.map { try KernelBTF.open(id: $0).info() }.first { $0.name == "vmlinux" }
        #expect(vmlinux?.isKernel == true)
        #expect((vmlinux?.size ?? 0) > 1_000_000)
    }

    @Test func openByAbsentIDIsNoSuchEntry() throws {
        let error = #expect(throws: BPFError.self) { try Map.open(id: UInt32.max) }
        #expect(error?.errno == .noSuchEntry)
        #expect(error?.command == .mapGetFDByID)
    }
}
