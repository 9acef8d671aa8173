import BPFInstructions
import COREOracles
import Testing

@testable import BPF
@testable import BPFObject

/// The running kernel's BTF as CO-RE's target: parsed once per process and
/// shared by every caller and every relocation pass, never copied per program.
@Suite("CO-RE kernel target")
struct COREKernelTargetTests {
    @Test func kernelBTFIsParsedOnceAndShared() throws {
        let target = try CORETarget.kernel()
        #expect(try CORETarget.kernel() === target)
        #expect(try CORETarget.kernel().vmlinux === target.vmlinux)
        // The loader's CO-RE target, externs and attach-target lookups read the same instance.
        #expect(try RunningKernel.coreTarget(at: RunningKernel.vmlinuxPath).get() === target)
        #expect(try RunningKernel.btf(at: RunningKernel.vmlinuxPath).get() === target.vmlinux)
        // Every pass reads one decoded view of vmlinux.
        #expect(target.types(of: target.vmlinux) === target.types(of: target.vmlinux))
    }

    /// Relocating several objects, each with several programs, decodes vmlinux's types once:
    /// every pass reads the view the target already holds.
    @Test func relocationPassesShareOneDecodedView() throws {
        let target = try CORETarget.kernel()
        let types = target.types(of: target.vmlinux)
        for name in ["core_vmlinux", "core_relocations", "core_subprogram"] {
            let spec = try ObjectSpec(contentsOf: try COREFixtures.object(name)).relinked(coreTarget: target)
            #expect(spec.programs.allSatisfy { $0.loadError == nil }, "\(name)")
            #expect(spec.programs.contains { $0.coreRelocationCount > 0 }, "\(name)")
        }
        #expect(target.types(of: target.vmlinux) === types)
        #expect(try CORETarget.kernel() === target)
    }
}
