import BPFInstructions
import BPFObject
import TestObjectCatalog
import Testing

@testable import BPF

/// A load or attach that fails because the kernel lacks a feature says which
/// feature and how that was probed; a failure for another reason does not
/// blame a feature. Unknown map and program types and forbidden helpers come
/// from the real kernel; only a kernel without sockmap links is simulated,
/// since this one has them.
@Suite("Hardening: missing features in errors")
struct MissingFeatureErrorTests {
    private static let unknownMapType = MapType(rawValue: 4_000)
    private static let unknownProgramType = ProgramType(rawValue: 4_000)

    @Test func aMapOfAnUnknownTypeNamesTheMissingMapType() throws {
        let error = #expect(throws: BPFError.self) { try Map(.small(Self.unknownMapType)) }
        #expect(error?.errno == .invalidArgument)
        #expect(error?.missingFeature?.feature == .mapType(Self.unknownMapType))
        let message = error?.description ?? ""
        #expect(message.contains("map type 4000 is missing from this kernel"), "\(message)")
        #expect(message.contains("BPF_MAP_CREATE of a map type 4000 map with key 4 B, value 8 B, 1 entry failed with EINVAL"),
                "\(message)")
    }

    @Test func aMapRefusedForItsShapeBlamesNoFeature() throws {
        // A hash map with 0-byte keys: EINVAL, but hash maps exist.
        let error = #expect(throws: BPFError.self) {
            try Map(MapParameters(type: .hash, keySize: 0, valueSize: 8, maxEntries: 1, name: "shapeless"))
        }
        #expect(error?.errno == .invalidArgument)
        #expect(error?.missingFeature == nil, "\(String(describing: error))")
    }

    @Test func aProgramOfAnUnknownTypeNamesTheMissingProgramType() throws {
        let error = #expect(throws: BPFError.self) { try TestPrograms.load(Self.unknownProgramType) }
        #expect(error?.missingFeature?.feature == .programType(Self.unknownProgramType))
        let message = error?.description ?? ""
        #expect(message.contains("program type 4000 is missing from this kernel"), "\(message)")
        #expect(message.contains("BPF_PROG_LOAD of a program type 4000 program `r0 = 0; exit` failed with EINVAL"),
                "\(message)")
    }

    @Test func aHelperTheProgramTypeMayNotCallIsNamed() throws {
        let applyBytes = try #require(HelperFunction(name: "msg_apply_bytes"))
        let instructions = [ProbeInstruction.call(applyBytes), .move(.r0, 0), .exit].map(\.instruction)
        let error = #expect(throws: BPFError.self) {
            try Program(ProgramParameters(type: .xdp, instructions: instructions, name: "forbidden"))
        }
        #expect(error?.missingFeature?.feature == .helper(applyBytes, programType: .xdp))
        let message = error?.description ?? ""
        #expect(message.contains("helper bpf_msg_apply_bytes in xdp programs is missing from this kernel"), "\(message)")
        // The verifier's own words stay in the message.
        #expect(message.contains("cannot use helper bpf_msg_apply_bytes"), "\(message)")
    }

    @Test func aVerifierRejectionBlamesNoFeature() throws {
        // r0 is never set: the verifier refuses, and every feature involved exists.
        let error = #expect(throws: BPFError.self) {
            try Program(ProgramParameters(type: .socketFilter, instructions: [TestPrograms.exit], name: "unset"))
        }
        #expect(error?.errno == .accessDenied)
        #expect(error?.missingFeature == nil)
    }

    @Test func theLoaderNamesAMapTypeTheKernelLacks() throws {
        var spec = try ObjectSpec(contentsOf: TestObjectCatalog.path("maps_basic"))
        let name = try #require(spec.maps.first?.name)
        spec.maps[0].type = Self.unknownMapType
        let error = #expect(throws: LoaderError.self) { try ObjectLoader.load(spec) }
        guard case .map(let failed, let phase, let kernelError) = error else {
            Issue.record("\(String(describing: error))")
            return
        }
        #expect(failed == name && phase == "create")
        #expect(kernelError.missingFeature?.feature == .mapType(Self.unknownMapType))
        let message = error?.description ?? ""
        #expect(message.hasPrefix("map '\(name)': create: "), "\(message)")
        #expect(message.contains("map type 4000 is missing from this kernel: BPF_MAP_CREATE of a map type 4000 map"),
                "\(message)")
    }

    @Test func aKernelWithoutSockmapLinksIsNamedWhenALinkIsRefused() throws {
        let map = try Map(MapParameters(type: .sockmap, keySize: 4, valueSize: 8, maxEntries: 1, name: "links"))
        defer { map.close() }
        let program = try TestPrograms.load(.socketSKB, expectedAttachType: .socketSKBStreamVerdict)
        defer { program.close() }
        // Kernels before 6.10 answer LINK_CREATE on a sockmap with EINVAL; this one is told to.
        let oldKernel = ForcedFailure(.invalidArgument, for: .linkCreate)
        let error = #expect(throws: BPFError.self) {
            try ForcedFailure.$current.withValue(oldKernel) {
                try Link(program: program, target: .map(map), attachType: .socketSKBStreamVerdict)
            }
        }
        #expect(error?.missingFeature?.feature == .sockmapLinks)
        let message = error?.description ?? ""
        #expect(message.contains("sockmap links (BPF_LINK_CREATE on a sockmap, Linux 6.10) is missing from this kernel"),
                "\(message)")
        #expect(message.contains("BPF_LINK_CREATE of an sk_skb stream verdict program on a one-entry sockmap"),
                "\(message)")
        // The attach itself and the probe behind the message.
        #expect(oldKernel.attempts == 2)
        // Unforced, the same link is created.
        try Link(program: program, target: .map(map), attachType: .socketSKBStreamVerdict).close()
    }
}
