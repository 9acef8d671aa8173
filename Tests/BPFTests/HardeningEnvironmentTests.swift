import BPFInstructions
import BPFObject
import Foundation
import Glibc
import TestObjectCatalog
import Testing

@testable import BPF

/// A machine without what the library needs: no bpffs where a pin goes, or
/// a kernel without a feature. Each error says what is missing.
@Suite("Hardening: environment")
struct HardeningEnvironmentTests {
    /// A fresh directory on an ordinary filesystem.
    private func plainDirectory() throws -> String {
        var template = Array("/tmp/swiftbpf-not-bpffs.XXXXXX".utf8CString)
        let directory = try #require(mkdtemp(&template))
        return String(cString: directory)
    }

    @Test func pinningOutsideABPFFilesystemSaysHowToMountOne() throws {
        let directory = try plainDirectory()
        defer { rmdir(directory) }
        let map = try Map(.small(name: "unpinnable"))
        let error = #expect(throws: BPFError.self) { try map.pin(at: "\(directory)/map") }
        #expect(error?.errno == .notPermitted)
        let message = error?.description ?? ""
        #expect(message.contains("\(directory) is not on a bpf filesystem"), "\(message)")
        #expect(message.contains("mount -t bpf bpf \(directory)"), "\(message)")
    }

    @Test func openingAFileOutsideABPFFilesystemSaysSo() throws {
        let directory = try plainDirectory()
        let path = "\(directory)/map"
        #expect(FileManager.default.createFile(atPath: path, contents: Data()))
        defer {
            unlink(path)
            rmdir(directory)
        }
        let error = #expect(throws: BPFError.self) { try Map.open(pinnedAt: path) }
        #expect(error?.errno == .accessDenied)
        #expect(error?.description.contains("\(directory) is not on a bpf filesystem") == true, "\(String(describing: error))")
    }

    @Test func aPinIntoAMissingDirectoryIsNotBlamedOnTheFilesystem() throws {
        let map = try Map(.small(name: "unpinnable"))
        let error = #expect(throws: BPFError.self) { try map.pin(at: "\(Environment.bpffs)/no-such-directory/map") }
        #expect(error?.errno == .noSuchEntry)
        #expect(error?.description.contains("not on a bpf filesystem") == false)
    }

    @Test(arguments: [
        KernelFeature.bpfSystemCall, .btf, .mapType(.sockhash), .mapType(.ringBuffer), .mapType(.queue),
        .mapType(.lpmTrie), .mapType(.hashOfMaps), .mapType(.cgroupStorage), .mapType(.devmap),
        .programType(.socketSKB), .programType(.socketLookup, expectedAttachType: .socketLookup),
        .helper(HelperFunction(name: "sk_redirect_map")!, programType: .socketSKB),
        .helper(HelperFunction(name: "msg_apply_bytes")!, programType: .socketMessage),
        .sockmapLinks,
    ])
    func featuresThisKernelHasAreAvailable(feature: KernelFeature) {
        let result = FeatureProbe.probe(feature)
        #expect(result.availability == .available, "\(result)")
        #expect(FeatureProbe.result(for: feature) == result)
    }

    @Test func featuresNoKernelHasAreMissingAndSayHowTheyWereProbed() throws {
        let unknownMap = FeatureProbe.probe(.mapType(MapType(rawValue: 4_000)))
        #expect(unknownMap.availability == .missing(.invalidArgument))
        #expect(unknownMap.description.contains("BPF_MAP_CREATE"), "\(unknownMap)")

        let unknownProgram = FeatureProbe.probe(.programType(ProgramType(rawValue: 4_000)))
        #expect(unknownProgram.availability == .missing(.invalidArgument))
        #expect(unknownProgram.description.contains("BPF_PROG_LOAD"), "\(unknownProgram)")

        // A helper that does not exist, and one a program type may not call.
        let unknownHelper = FeatureProbe.probe(.helper(HelperFunction(rawValue: 9_999), programType: .socketFilter))
        #expect(unknownHelper.availability == .missing(.invalidArgument), "\(unknownHelper)")
        let forbidden = FeatureProbe.probe(.helper(HelperFunction(name: "msg_apply_bytes")!, programType: .xdp))
        #expect(!forbidden.isAvailable, "\(forbidden)")
        #expect(forbidden.description.contains("helper bpf_msg_apply_bytes in xdp programs is missing"), "\(forbidden)")

        let special = FeatureProbe.probe(.mapType(.structOps))
        #expect(special.availability == .undetermined(.operationNotSupported))
        #expect(special.description.contains("needs BTF types"), "\(special)")
    }

    @Test func aKernelWithoutSockmapLinksIsReportedAsSuch() throws {
        // This kernel has them (6.10+); an older one refuses LINK_CREATE on a
        // sockmap with EINVAL, which is forced here.
        let forced = ForcedFailure(.invalidArgument, for: .linkCreate)
        let error = #expect(throws: MissingFeatureError.self) {
            try ForcedFailure.$current.withValue(forced) {
                try FeatureProbe.require(.sockmapLinks, for: "attach the verdict program with a link")
            }
        }
        #expect(error?.feature == .sockmapLinks)
        #expect(error?.probe.availability == .missing(.invalidArgument))
        let message = error?.description ?? ""
        #expect(message.hasPrefix("attach the verdict program with a link: sockmap links"), "\(message)")
        #expect(message.contains("is missing from this kernel"), "\(message)")
        #expect(message.contains("BPF_LINK_CREATE of an sk_skb stream verdict program on a one-entry sockmap"), "\(message)")
        #expect(message.contains("EINVAL"), "\(message)")
        // The forced answer was not remembered.
        #expect(FeatureProbe.result(for: .sockmapLinks).isAvailable)
    }

    @Test func probesThatCannotTellSaySoAndWhy() throws {
        let denied = ForcedFailure(.notPermitted, for: .mapCreate)
        let result = ForcedFailure.$current.withValue(denied) { FeatureProbe.probe(.mapType(.sockmap)) }
        #expect(result.availability == .undetermined(.notPermitted))
        #expect(result.description.contains("could not be probed") && result.description.contains("CAP_BPF"), "\(result)")

        let noSystemCall = ForcedFailure(.notImplemented, for: .mapGetNextID)
        let missing = ForcedFailure.$current.withValue(noSystemCall) { FeatureProbe.probe(.bpfSystemCall) }
        #expect(missing.availability == .missing(.notImplemented))
        #expect(missing.description.contains("the bpf(2) system call is missing"), "\(missing)")
    }
}

/// The loader on a machine without the kernel's BTF file.
@Suite("Hardening: kernel BTF")
struct HardeningKernelBTFTests {
    private static let missing = "/nonexistent/sys/kernel/btf/vmlinux"

    @Test(arguments: ["kfuncs_without_core", "core_relocations"])
    func objectsThatNeedKernelBTFSayItIsMissing(object: String) throws {
        let error = #expect(throws: LoaderError.self) {
            try ObjectLoader.load(contentsOf: TestObjectCatalog.path(object), options: LoadOptions(kernelBTFPath: Self.missing))
        }
        guard case .kernel(let phase, let kernelError) = error else {
            Issue.record("\(object): \(String(describing: error))")
            return
        }
        #expect(phase == "read kernel BTF")
        #expect(kernelError.errno == .noSuchEntry)
        let message = error?.description ?? ""
        #expect(message.contains(Self.missing) && message.contains("the kernel's BTF is missing"), "\(message)")
        #expect(message.contains("CONFIG_DEBUG_INFO_BTF"), "\(message)")
    }

    @Test func objectsThatDoNotNeedItLoadWithout() throws {
        let object = try ObjectLoader.load(contentsOf: TestObjectCatalog.path("minimal"),
                                           options: LoadOptions(kernelBTFPath: Self.missing))
        #expect(!object.programs.isEmpty)
        object.close()
    }
}
