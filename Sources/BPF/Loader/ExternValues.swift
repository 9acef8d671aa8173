import BPFObject

/// The values the running kernel gives an object's externs: the `.kconfig`
/// map's contents and, for each `__ksym`, a BTF id or an address.
struct ExternValues {
    /// What a `__ksym` resolved to.
    enum Symbol {
        /// A vmlinux BTF id (VAR for typed variables, FUNC for kfuncs).
        case btfID(UInt32)
        /// A kallsyms address (untyped symbols).
        case address(UInt64)
        /// A weak extern the kernel lacks.
        case missing
    }

    var kconfigValue: [UInt8] = []
    var symbols: [String: Symbol] = [:]

    init(spec: ObjectSpec, kernelBTFPath: String) throws(LoaderError) {
        for extern in spec.externs {
            switch extern.kind {
            case .kconfig(let declaration, let offset):
                let bytes: [UInt8]
                do { bytes = try RunningKernel.kconfig.bytes(for: declaration, byteOrder: spec.byteOrder) } catch {
                    throw .extern(name: extern.name, reason: "\(error)")
                }
                if kconfigValue.count < offset + bytes.count {
                    kconfigValue += [UInt8](repeating: 0, count: offset + bytes.count - kconfigValue.count)
                }
                kconfigValue.replaceSubrange(offset..<(offset + bytes.count), with: bytes)
            case .untypedKernelSymbol:
                do {
                    let address = try RunningKernel.symbols.get().address(ofExtern: extern.name, isWeak: extern.isWeak)
                    symbols[extern.name] = address == 0 ? .missing : .address(address)
                } catch {
                    throw .extern(name: extern.name, reason: "\(error)")
                }
            case .typedKernelVariable, .kernelFunction:
                let kind: BTFKind = extern.kind == .kernelFunction ? .function : .variable
                let kernel = try RunningKernel.btf(at: kernelBTFPath).get()
                if let id = kernel.typeID(named: extern.name, kind: kind) {
                    symbols[extern.name] = .btfID(id)
                } else if extern.isWeak {
                    symbols[extern.name] = .missing
                } else {
                    throw .extern(name: extern.name, reason: "\(kind) '\(extern.name)' is not in the kernel's BTF")
                }
            }
        }
        if let size = spec.map(named: ".kconfig")?.valueSize, kconfigValue.count < Int(size) {
            kconfigValue += [UInt8](repeating: 0, count: Int(size) - kconfigValue.count)
        }
    }
}
