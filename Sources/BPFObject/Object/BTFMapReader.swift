/// Reads BTF-defined maps from `.maps`: each variable of the `.maps` DATASEC
/// is a struct whose members encode the definition (`__uint`, `__type`,
/// `__array`), and relocations in the section fill static `.values`.
struct BTFMapReader {
    let file: ObjectFile

    /// LIBBPF_PIN_BY_NAME.
    private static let pinByName: UInt64 = 1

    func maps() throws(ObjectError) -> [(spec: MapSpec, offset: UInt64, size: UInt64)] {
        guard let section = file.btfMapsSection else { return [] }
        guard let btf = file.btf, let (_, dataSection) = file.dataSection(named: ".maps") else {
            throw .malformedSection(section: ".maps", reason: "BTF-defined maps need a .maps DATASEC in .BTF")
        }
        var result: [(spec: MapSpec, offset: UInt64, size: UInt64)] = []
        for variable in dataSection.variables {
            let name: String
            let structID: BTFTypeID
            do {
                let type = try btf.type(variable.type)
                guard case .variable(let target, _) = type.definition else {
                    throw ObjectError.badMapDefinition(map: type.name, reason: ".maps entry is not a variable")
                }
                name = type.name
                structID = try btf.resolve(target)
            } catch let error as ObjectError {
                throw error
            } catch {
                throw .btf(section: ".maps", error as? BTFError ?? BTFError(.badHeader))
            }
            // The ELF symbol gives the offset when the DATASEC was not fixed up.
            let offset = file.elf.symbol(named: name, inSection: section.index)?.value ?? UInt64(variable.offset)
            var spec = try definition(named: name, structID: structID, btf: btf)
            spec.slots = try slots(of: spec, structID: structID, offset: offset, size: UInt64(variable.size), btf: btf)
            result.append((spec, offset, UInt64(variable.size)))
        }
        return result
    }

    /// Decodes one map definition struct.
    private func definition(named name: String, structID: BTFTypeID, btf: BTF,
                            isInner: Bool = false) throws(ObjectError) -> MapSpec {
        let members: [BTFMember]
        do {
            guard case .structure(let composite) = try btf.type(structID).definition else {
                throw ObjectError.badMapDefinition(map: name, reason: "the definition is not a struct")
            }
            members = composite.members
        } catch let error as ObjectError {
            throw error
        } catch {
            throw .btf(section: ".maps", error as? BTFError ?? BTFError(.badHeader))
        }
        var spec = MapSpec(name: name, type: .unspecified, keySize: 0, valueSize: 0, maxEntries: 0)
        var keySize: UInt32?
        var valueSize: UInt32?
        for member in members {
            switch member.name {
            case "type": spec.type = MapType(rawValue: try number(member, of: name, btf: btf, bits: 32))
            case "max_entries": spec.maxEntries = try number(member, of: name, btf: btf, bits: 32)
            case "map_flags": spec.flags = MapFlags(rawValue: try number(member, of: name, btf: btf, bits: 32))
            case "numa_node": spec.numaNode = try number(member, of: name, btf: btf, bits: 32)
            case "map_extra": spec.mapExtra = try number(member, of: name, btf: btf, bits: 64)
            case "key_size": keySize = try number(member, of: name, btf: btf, bits: 32)
            case "value_size": valueSize = try number(member, of: name, btf: btf, bits: 32)
            case "pinning":
                let pinning: UInt64 = try number(member, of: name, btf: btf, bits: 32)
                guard pinning <= Self.pinByName else {
                    throw .badMapDefinition(map: name, reason: "unknown pinning \(pinning)")
                }
                spec.pinning = pinning == Self.pinByName ? .byName : .none
            case "key":
                let (id, size) = try pointee(member, of: name, btf: btf)
                spec.btfKeyTypeID = id
                spec.keySize = size
            case "value":
                let (id, size) = try pointee(member, of: name, btf: btf)
                spec.btfValueTypeID = id
                spec.valueSize = size
            case "values":
                // An inner definition with values of its own would nest without end (or loop, in hostile BTF).
                guard !isInner else { throw .badMapDefinition(map: name, reason: "an inner map cannot have 'values'") }
                spec.innerMap = try innerDefinition(member, of: name, btf: btf)
                // The values of prog arrays and maps of maps are 4-byte ids.
                valueSize = valueSize ?? 4
            default:
                continue
            }
        }
        if let keySize {
            guard spec.btfKeyTypeID == 0 || spec.keySize == keySize else {
                throw .badMapDefinition(map: name, reason: "key_size \(keySize) differs from the key type's size \(spec.keySize)")
            }
            spec.keySize = keySize
        }
        if let valueSize {
            guard spec.btfValueTypeID == 0 || spec.valueSize == valueSize else {
                throw .badMapDefinition(map: name, reason: "value_size \(valueSize) differs from the value type's size \(spec.valueSize)")
            }
            spec.valueSize = valueSize
        }
        return spec
    }

    /// `__uint(name, value)` is `int (*name)[value]`; `__ulong` is an enum whose only value is the number.
    private func number<Value: FixedWidthInteger>(_ member: BTFMember, of map: String, btf: BTF,
                                                  bits: Int) throws(ObjectError) -> Value {
        do {
            let type = try btf.type(try btf.resolve(member.type))
            switch type.definition {
            case .pointer(let target):
                guard case .array(let array) = try btf.type(try btf.resolve(target)).definition,
                      let value = Value(exactly: array.count) else { break }
                return value
            case .enumeration(let enumeration), .enumeration64(let enumeration):
                guard let first = enumeration.values.first,
                      let value = Value(exactly: UInt64(bitPattern: first.value)) else { break }
                return value
            default:
                break
            }
        } catch {
            throw .btf(section: ".maps", error)
        }
        throw .badMapDefinition(map: map, reason: "field '\(member.name)' is not a __uint/__ulong number")
    }

    /// `__type(name, T)` is `T *name`: the pointee's id and size.
    private func pointee(_ member: BTFMember, of map: String, btf: BTF) throws(ObjectError) -> (BTFTypeID, UInt32) {
        do {
            guard case .pointer(let target) = try btf.type(try btf.resolve(member.type)).definition else {
                throw BTFError(.unexpectedKind(member.type, .pointer))
            }
            guard let size = UInt32(exactly: try btf.size(of: target)) else { throw BTFError(.sizeOverflow(target)) }
            return (target, size)
        } catch {
            throw .badMapDefinition(map: map, reason: "field '\(member.name)' is not a __type pointer: \(error)")
        }
    }

    /// `__array(values, struct inner)`: an array of pointers to the inner
    /// definition (map-in-map) or to a function prototype (prog arrays).
    private func innerDefinition(_ member: BTFMember, of map: String, btf: BTF) throws(ObjectError) -> MapSpec? {
        do {
            guard case .array(let array) = try btf.type(try btf.resolve(member.type)).definition,
                  case .pointer(let target) = try btf.type(try btf.resolve(array.element)).definition else {
                throw ObjectError.badMapDefinition(map: map, reason: "'values' is not an __array of pointers")
            }
            let pointee = try btf.resolve(target)
            guard case .structure = try btf.type(pointee).definition else { return nil }
            return try definition(named: map + ".inner", structID: pointee, btf: btf, isInner: true)
        } catch let error as ObjectError {
            throw error
        } catch {
            throw .btf(section: ".maps", error as? BTFError ?? BTFError(.badHeader))
        }
    }

    /// The static `.values` of a map: each relocation inside the variable's
    /// `values` array names a map or a program for one slot.
    private func slots(of spec: MapSpec, structID: BTFTypeID, offset: UInt64, size: UInt64,
                       btf: BTF) throws(ObjectError) -> [MapSpec.Slot] {
        guard let section = file.btfMapsSection, let table = file.elf.relocations(forSection: section.index),
              case .structure(let composite)? = try? btf.type(structID).definition,
              let values = composite.members.first(where: { $0.name == "values" }) else { return [] }
        let (valuesStart, overflow) = offset.addingReportingOverflow(UInt64(values.bitOffset / 8))
        guard !overflow else { throw .badMapDefinition(map: spec.name, reason: "offset \(offset) is out of range") }
        var slots: [MapSpec.Slot] = []
        for entry in table.entries where entry.offset >= valuesStart && entry.offset - offset < size {
            let symbol = file.elf.symbols[Int(entry.symbolIndex)]
            let relative = entry.offset - valuesStart
            guard relative % 8 == 0, let index = UInt32(exactly: relative / 8) else {
                throw .badMapDefinition(map: spec.name, reason: "misaligned .values relocation at \(entry.offset)")
            }
            let target: MapSpec.Slot.Target
            if spec.type == .programArray {
                guard symbol.type == .function else {
                    throw .badMapDefinition(map: spec.name, reason: "slot \(index) of a prog array names '\(symbol.name)', not a program")
                }
                target = .program(symbol.name)
            } else {
                guard spec.type == .arrayOfMaps || spec.type == .hashOfMaps,
                      Int(symbol.sectionIndex) == section.index else {
                    throw .badMapDefinition(map: spec.name, reason: "slot \(index) names '\(symbol.name)', which is not a map")
                }
                target = .map(symbol.name)
            }
            guard index < spec.maxEntries || spec.type == .hashOfMaps else {
                throw .badMapDefinition(map: spec.name, reason: "slot \(index) is past max_entries \(spec.maxEntries)")
            }
            slots.append(MapSpec.Slot(index: index, target: target))
        }
        return slots
    }
}
