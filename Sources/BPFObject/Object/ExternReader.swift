/// Finds the object's externs: undefined symbols declared in the `.kconfig`
/// or `.ksyms` DATASEC of its BTF. `.kconfig` externs are laid out in one
/// map value the way libbpf lays them out (largest alignment first, then
/// smallest size, then by name), so their offsets are known without a kernel.
struct ExternReader {
    let file: ObjectFile
    let objectName: String

    /// The largest `.kconfig` extern accepted.
    static let largestValue = 1 << 16

    /// The externs, and the `.kconfig` map when there are `.kconfig` externs.
    func externs() throws(ObjectError) -> (externs: [ExternSpec], kconfigMap: MapSpec?) {
        let undefined = file.elf.symbols.filter {
            $0.sectionIndex == ELFSymbol.sectionUndefined && !$0.name.isEmpty
                && ($0.binding == .global || $0.binding == .weak)
        }
        guard !undefined.isEmpty, let btf = file.btf else { return ([], nil) }
        var kconfigIDs: [String: BTFTypeID] = [:]
        var ksymIDs: [String: BTFTypeID] = [:]
        for (sectionName, isKconfig) in [(".kconfig", true), (".ksyms", false)] {
            guard let (_, section) = file.dataSection(named: sectionName) else { continue }
            for variable in section.variables {
                guard let name = try? btf.name(of: variable.type) else { continue }
                if isKconfig { kconfigIDs[name] = variable.type } else { ksymIDs[name] = variable.type }
            }
        }

        var kconfig: [(extern: KconfigExtern, alignment: Int, id: BTFTypeID)] = []
        var externs: [ExternSpec] = []
        for symbol in undefined {
            let isWeak = symbol.binding == .weak
            if let id = kconfigIDs[symbol.name] {
                let (type, alignment) = try kconfigType(of: id, name: symbol.name, btf: btf)
                kconfig.append((KconfigExtern(name: symbol.name, type: type, isWeak: isWeak), alignment, id))
            } else if let id = ksymIDs[symbol.name] {
                let kind: ExternSpec.Kind
                switch try? btf.type(id).definition {
                case .function?:
                    kind = .kernelFunction
                case .variable(let type, _)?:
                    kind = (try? btf.resolve(type)) == 0 ? .untypedKernelSymbol : .typedKernelVariable
                default:
                    throw .badExtern(name: symbol.name, reason: "its .ksyms entry is neither a VAR nor a FUNC")
                }
                externs.append(ExternSpec(name: symbol.name, isWeak: isWeak, kind: kind, btfTypeID: id))
            }
        }
        guard !kconfig.isEmpty else { return (externs, nil) }

        kconfig.sort { a, b in
            if a.alignment != b.alignment { return a.alignment > b.alignment }
            if a.extern.type.size != b.extern.type.size { return a.extern.type.size < b.extern.type.size }
            return a.extern.name < b.extern.name
        }
        var offset = 0
        for entry in kconfig {
            // Kernel configuration strings are short; a huge array is a hostile file, not a config value.
            guard entry.extern.type.size <= Self.largestValue else {
                throw .badExtern(name: entry.extern.name, reason: "\(entry.extern.type) is larger than \(Self.largestValue) bytes")
            }
            offset = (offset + entry.alignment - 1) / entry.alignment * entry.alignment
            externs.append(ExternSpec(name: entry.extern.name, isWeak: entry.extern.isWeak,
                                      kind: .kconfig(entry.extern, offset: offset), btfTypeID: entry.id))
            offset += entry.extern.type.size
        }
        let dataSection = file.dataSection(named: ".kconfig")
        let map = MapSpec(
            name: ".kconfig", kernelName: InternalMapName.make(objectName: objectName, section: ".kconfig"),
            origin: .kconfig, type: .array, keySize: 4, valueSize: UInt32(truncatingIfNeeded: offset), maxEntries: 1,
            // The loader makes the externs global variables, which makes the map mmapable like libbpf's.
            flags: [.readOnlyProgram, .mmapable], btfValueTypeID: dataSection?.id ?? 0,
            initialValue: [UInt8](repeating: 0, count: offset))
        return (externs, map)
    }

    /// How libbpf stores a `.kconfig` VAR's type, and its alignment.
    private func kconfigType(of variableID: BTFTypeID, name: String,
                             btf: BTF) throws(ObjectError) -> (KconfigExtern.StorageType, Int) {
        do {
            guard case .variable(let typeID, _) = try btf.type(variableID).definition else {
                throw ObjectError.badExtern(name: name, reason: "its .kconfig entry is not a VAR")
            }
            let resolved = try btf.resolve(typeID)
            let alignment = try btf.alignment(of: resolved)
            let type = try btf.type(resolved)
            switch type.definition {
            case .int(let integer):
                guard let storage = KconfigExtern.StorageType.integer(
                    size: Int(integer.size), isSigned: integer.encoding.contains(.signed),
                    isBool: integer.encoding.contains(.bool)) else { break }
                return (storage, alignment)
            case .enumeration where type.name == "libbpf_tristate":
                return (.tristate, alignment)
            case .array(let array):
                guard case .int(let element) = try btf.type(try btf.resolve(array.element)).definition,
                      element.size == 1, array.count > 0 else { break }
                return (.characterArray(length: Int(array.count)), alignment)
            default:
                break
            }
            throw ObjectError.badExtern(name: name, reason: "type '\(type.name)' (\(type.kind)) cannot hold a kconfig value")
        } catch let error as ObjectError {
            throw error
        } catch {
            throw .btf(section: ".kconfig", error as? BTFError ?? BTFError(.badHeader))
        }
    }
}
