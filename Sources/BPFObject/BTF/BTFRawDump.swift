extension BTF {
    /// This spec's own types listed as `bpftool btf dump file PATH` prints
    /// them (the raw format), byte for byte.
    public func rawDump() throws(BTFError) -> String {
        var output = ""
        for id in ownTypeIDs {
            try appendRawLine(for: id, to: &output)
        }
        return output
    }

    private func quoted(_ name: String) -> String {
        name.isEmpty ? "'(anon)'" : "'\(name)'"
    }

    private func appendRawLine(for id: BTFTypeID, to output: inout String) throws(BTFError) {
        let type = try type(id)
        output += "[\(id)] \(type.kind.kernelName) \(quoted(type.name))"
        switch type.definition {
        case .int(let integer):
            let encoding = switch integer.encoding.rawValue {
            case 0: "(none)"
            case 1: "SIGNED"
            case 2: "CHAR"
            case 4: "BOOL"
            default: "UNKN"
            }
            output += " size=\(integer.size) bits_offset=\(integer.bitOffset) nr_bits=\(integer.bitCount) encoding=\(encoding)"
        case .pointer(let target), .const(let target), .volatile(let target), .restrict(let target),
             .typedef(let target), .typeTag(let target):
            output += " type_id=\(target)"
        case .array(let array):
            output += " type_id=\(array.element) index_type_id=\(array.index) nr_elems=\(array.count)"
        case .structure(let composite), .union(let composite):
            output += " size=\(composite.size) vlen=\(composite.members.count)"
            for member in composite.members {
                output += "\n\t\(quoted(member.name)) type_id=\(member.type) bits_offset=\(member.bitOffset)"
                if member.bitfieldSize != 0 { output += " bitfield_size=\(member.bitfieldSize)" }
            }
        case .enumeration(let enumeration):
            output += " encoding=\(enumeration.isSigned ? "SIGNED" : "UNSIGNED") size=\(enumeration.size) vlen=\(enumeration.values.count)"
            for value in enumeration.values {
                output += "\n\t\(quoted(value.name)) val=\(value.value)"
            }
        case .enumeration64(let enumeration):
            output += " encoding=\(enumeration.isSigned ? "SIGNED" : "UNSIGNED") size=\(enumeration.size) vlen=\(enumeration.values.count)"
            for value in enumeration.values {
                let text = enumeration.isSigned ? "\(value.value)LL" : "\(UInt64(bitPattern: value.value))ULL"
                output += "\n\t\(quoted(value.name)) val=\(text)"
            }
        case .forward(let isUnion):
            output += " fwd_kind=\(isUnion ? "union" : "struct")"
        case .function(let prototype, let linkage):
            output += " type_id=\(prototype) linkage=\(Self.linkageName(function: linkage))"
        case .functionPrototype(let prototype):
            output += " ret_type_id=\(prototype.returnType) vlen=\(prototype.parameters.count)"
            for parameter in prototype.parameters {
                output += "\n\t\(quoted(parameter.name)) type_id=\(parameter.type)"
            }
        case .variable(let variableType, let linkage):
            output += " type_id=\(variableType), linkage=\(Self.linkageName(variable: linkage))"
        case .dataSection(let section):
            output += " size=\(section.size) vlen=\(section.variables.count)"
            for variable in section.variables {
                output += "\n\ttype_id=\(variable.type) offset=\(variable.offset) size=\(variable.size)"
                output += " (\(try kind(of: variable.type).kernelName) \(quoted(try name(of: variable.type))))"
            }
        case .float(let size):
            output += " size=\(size)"
        case .declarationTag(let target, let componentIndex):
            output += " type_id=\(target) component_idx=\(componentIndex)"
        }
        output += "\n"
    }

    private static func linkageName(function linkage: BTFFunctionLinkage) -> String {
        switch linkage {
        case .static: "static"
        case .global: "global"
        case .external: "extern"
        default: "(unknown)"
        }
    }

    private static func linkageName(variable linkage: BTFVariableLinkage) -> String {
        switch linkage {
        case .static: "static"
        case .global: "global"
        case .external: "extern"
        default: "(unknown)"
        }
    }
}
