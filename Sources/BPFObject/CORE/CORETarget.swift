import Glibc

/// The BTF that CO-RE relocations are resolved against: the kernel's
/// (vmlinux plus the modules' split BTF), or one BTF the user names.
///
/// Targets are immutable and shared: ``kernel()`` parses
/// `/sys/kernel/btf/vmlinux` once per process, and module BTF only when a
/// relocation finds no candidate in vmlinux (as libbpf does). Every
/// relocation pass reads the same parsed specs; nothing is copied per pass.
public final class CORETarget: Sendable {
    /// The main spec: vmlinux, or the user's file.
    public let vmlinux: BTF
    /// How results name the main spec: `vmlinux`, or the file's path.
    public let name: String
    /// Where module BTF comes from, if anywhere.
    private let moduleDirectory: String?
    private let loadedModules: PthreadMutex<[CORETargetModule]?>
    /// The decoded types of each spec, kept across relocation passes.
    private let typeCaches = PthreadMutex<[ObjectIdentifier: CORETypes]>([:])

    /// A target of one spec, such as a BTF file the user names. As with
    /// libbpf's custom target path, modules are not searched.
    public init(btf: BTF, name: String = "target") {
        vmlinux = btf
        self.name = name
        moduleDirectory = nil
        loadedModules = PthreadMutex([])
    }

    /// A target of vmlinux and module specs (each split on top of `vmlinux`).
    public init(vmlinux: BTF, modules: [CORETargetModule]) {
        self.vmlinux = vmlinux
        name = "vmlinux"
        moduleDirectory = nil
        loadedModules = PthreadMutex(modules)
    }

    /// A target of `vmlinux` and the module BTF files in `moduleDirectory` (every file but `vmlinux`), read on first use.
    init(vmlinux: BTF, moduleDirectory: String) {
        self.vmlinux = vmlinux
        name = "vmlinux"
        self.moduleDirectory = moduleDirectory
        loadedModules = PthreadMutex(nil)
    }

    /// The kernel's BTF directory.
    public static let kernelDirectory = "/sys/kernel/btf"

    private static let sharedKernel = PthreadMutex<CORETarget?>(nil)

    /// The running kernel's BTF, parsed on first use and shared by every caller in the process.
    public static func kernel() throws(COREError) -> CORETarget {
        try sharedKernel.withLock { shared throws(COREError) -> CORETarget in
            if let shared { return shared }
            let vmlinux = try parse(path: kernelDirectory + "/vmlinux", base: nil)
            let target = CORETarget(vmlinux: vmlinux, moduleDirectory: kernelDirectory)
            shared = target
            return target
        }
    }

    /// A target read from `path`: raw BTF (as in /sys/kernel/btf) or an ELF object with a `.BTF` section.
    public static func file(_ path: String) throws(COREError) -> CORETarget {
        CORETarget(btf: try parse(path: path, base: nil), name: path)
    }

    /// The module specs, read from the kernel's directory on first use.
    public func modules() throws(COREError) -> [CORETargetModule] {
        try loadedModules.withLock { loaded throws(COREError) -> [CORETargetModule] in
            if let loaded { return loaded }
            var modules: [CORETargetModule] = []
            if let moduleDirectory {
                for name in try Self.entries(of: moduleDirectory) where name != "vmlinux" {
                    modules.append(CORETargetModule(name: name, btf: try Self.parse(path: moduleDirectory + "/" + name,
                                                                                      base: vmlinux)))
                }
            }
            loaded = modules
            return modules
        }
    }

    /// The shared decoded-type cache of `btf`, one of this target's specs.
    func types(of btf: BTF) -> CORETypes {
        typeCaches.withLock { caches in
            if let types = caches[ObjectIdentifier(btf)] { return types }
            let types = CORETypes(btf)
            caches[ObjectIdentifier(btf)] = types
            return types
        }
    }

    /// A generous bound on a BTF file (vmlinux is a few megabytes).
    private static let maximumFileSize = 1 << 30

    private static func parse(path: String, base: BTF?) throws(COREError) -> BTF {
        let bytes: [UInt8]
        do throws(SystemFile.Failure) { bytes = try SystemFile.read(path, limit: maximumFileSize) } catch {
            switch error {
            case .errno(let code): throw COREError(.target("cannot read \(path): \(String(cString: strerror(code)))"))
            case .tooLarge: throw COREError(.target("\(path) is larger than \(maximumFileSize) bytes"))
            }
        }
        var btfBytes = bytes
        if bytes.starts(with: [0x7f, 0x45, 0x4c, 0x46]) {
            let section: [UInt8]?
            do throws(ELFError) {
                let file = try ELFFile(bytes: bytes)
                section = file.section(named: ".BTF").map { [UInt8](file.data(of: $0)) }
            } catch {
                throw COREError(.target("\(path): \(error)"))
            }
            guard let section else { throw COREError(.target("\(path) has no .BTF section")) }
            btfBytes = section
        }
        do throws(BTFError) { return try BTF.parse(bytes: btfBytes, base: base) } catch {
            throw COREError(.target("\(path): \(error)"))
        }
    }

    private static func entries(of directory: String) throws(COREError) -> [String] {
        guard let stream = opendir(directory) else {
            throw COREError(.target("cannot list \(directory): \(String(cString: strerror(errno)))"))
        }
        defer { closedir(stream) }
        var names: [String] = []
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != ".", name != ".." { names.append(name) }
        }
        return names.sorted()
    }
}

/// A kernel module's BTF, split on top of vmlinux.
public struct CORETargetModule: Sendable {
    /// The module's name (its file name under /sys/kernel/btf).
    public let name: String
    /// The module's types; ids continue after vmlinux's.
    public let btf: BTF

    /// Wraps a module spec.
    public init(name: String, btf: BTF) {
        self.name = name
        self.btf = btf
    }
}
