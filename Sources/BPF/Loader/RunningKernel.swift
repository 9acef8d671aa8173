import BPFInstructions
import BPFObject

/// What the loader reads about the running kernel, each read at most once
/// per process: its BTF, its configuration, kallsyms, and the feature
/// probes `.kconfig`'s `LINUX_*` values need.
enum RunningKernel {
    /// Where the kernel publishes its own BTF.
    static let vmlinuxPath = "/sys/kernel/btf/vmlinux"

    /// The kernel's BTF and its modules' as CO-RE's target; vmlinux is parsed
    /// once per process and shared by CO-RE, externs and attach targets.
    private static let kernelTarget: Result<CORETarget, LoaderError> = Result { () throws(LoaderError) in
        do throws(COREError) { return try CORETarget.kernel() } catch { throw .object(.coreRelocation(error)) }
    }

    /// CO-RE's target for the kernel whose BTF is at `path`
    /// (``LoadOptions/kernelBTFPath``): the running kernel's, with its modules,
    /// at the default path; that file alone elsewhere. Each is read at most once.
    static func coreTarget(at path: String) -> Result<CORETarget, LoaderError> {
        if path == vmlinuxPath, case .success = kernelTarget { return kernelTarget }
        return otherTargets.withLock { targets in
            if let known = targets[path] { return known }
            let result = readBTF(path).map { CORETarget(btf: $0, name: path) }
            targets[path] = result
            return result
        }
    }

    /// The kernel's BTF, read from `path` (``LoadOptions/kernelBTFPath``).
    static func btf(at path: String) -> Result<BTF, LoaderError> {
        coreTarget(at: path).map(\.vmlinux)
    }

    /// Kernel BTF read from paths other than the default so far, by path; also
    /// the default path's when the kernel's own target could not be built.
    private static let otherTargets = PthreadMutex<[String: Result<CORETarget, LoaderError>]>([:])

    private static func readBTF(_ path: String) -> Result<BTF, LoaderError> {
        let bytes: [UInt8]
        do throws(SystemFile.Failure) {
            bytes = try SystemFile.read(path, limit: 1 << 28)
        } catch {
            let errno: Errno = if case .errno(let code) = error { Errno(rawValue: code) } else { .tooBig }
            return .failure(.kernel(phase: "read kernel BTF", BPFError(.system("read"), errno: errno, context:
                "read \(path): the kernel's BTF is missing, which CO-RE relocations, kfuncs and typed ksyms need "
                    + "(kernels built with CONFIG_DEBUG_INFO_BTF=y publish it at \(vmlinuxPath))")))
        }
        do throws(BTFError) {
            return .success(try BTF.parse(bytes: bytes))
        } catch {
            return .failure(.object(.btf(section: path, error)))
        }
    }

    /// The kernel symbol table.
    static let symbols: Result<KernelSymbols, KernelSymbolsError> = Result { () throws(KernelSymbolsError) in
        try KernelSymbols.runningKernel()
    }

    /// How `.kconfig` externs are resolved on this kernel. A missing
    /// configuration file leaves only weak `CONFIG_*` externs resolvable.
    static let kconfig: KconfigResolver = {
        let config = (try? KernelConfig.runningKernel()) ?? KernelConfig()
        let hasWrapper = (try? symbols.get().address(of: "__x64_sys_bpf")) != nil
            || (try? symbols.get().address(of: "__arm64_sys_bpf")) != nil
        return KconfigResolver(config: config, kernelVersion: KernelVersion.code(release: KernelVersion.runningRelease()),
                               hasBPFCookie: hasAttachCookie(), hasSyscallWrapper: hasWrapper)
    }()

    /// `LINUX_VERSION_CODE` of the running kernel, or 0.
    static let versionCode: UInt32 = KernelVersion.code(release: KernelVersion.runningRelease()) ?? 0

    /// Whether `bpf_get_attach_cookie` (helper 174) is callable from a kprobe program.
    private static func hasAttachCookie() -> Bool {
        let instructions = [
            Instruction(.init(.jump, .call, source: .constant), constant: 174),
            Instruction(.init(.alu64, .move, source: .constant), destination: .r0, constant: 0),
            Instruction(.init(.jump, .exit, source: .constant)),
        ]
        guard let program = try? Program(ProgramParameters(type: .kprobe, instructions: instructions)) else {
            return false
        }
        program.close()
        return true
    }
}
