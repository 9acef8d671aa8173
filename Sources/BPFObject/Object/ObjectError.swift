import BPFInstructions

/// Why an object file could not be turned into an ``ObjectSpec``, or a spec
/// into loadable programs. Each case names the section, symbol and offset
/// involved.
public enum ObjectError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The file could not be read.
    case unreadable(path: String, errno: Int32)
    /// The ELF container is malformed.
    case elf(ELFError)
    /// `.BTF` or `.BTF.ext` is malformed, or a type it names is unusable.
    case btf(section: String, BTFError)
    /// A code section does not decode as instructions.
    case instructions(section: String, InstructionDecodingError)
    /// A section holds data that cannot be what its name says (e.g. a license without NUL).
    case malformedSection(section: String, reason: String)
    /// A static function sits in a program section; libbpf accepts subprograms only in `.text`.
    case staticFunctionInProgramSection(section: String, symbol: String)
    /// A call names a function that is neither in the object nor a kernel function (`__ksym`).
    case unresolvedCall(program: String, section: String, instructionOffset: Int, symbol: String)
    /// A relocation cannot be applied to the instruction it targets.
    case badRelocation(section: String, instructionOffset: Int, symbol: String, reason: String)
    /// A map definition is invalid.
    case badMapDefinition(map: String, reason: String)
    /// An extern (`__kconfig`, `__ksym`) is declared in a way the loader cannot serve.
    case badExtern(name: String, reason: String)
    /// A program's section name is not one the loader knows, so it has no program type.
    case unknownSection(program: String, section: String)
    /// The object uses a feature this loader does not implement yet (struct_ops maps).
    case unsupported(section: String, feature: String)
    /// The section has CO-RE relocations and the CO-RE engine is not integrated yet.
    case coreRelocationsNotApplied(section: String, count: Int)
    /// No global variable has this name.
    case unknownVariable(String)
    /// A value for a global variable has the wrong size.
    case variableSizeMismatch(name: String, expected: Int, actual: Int)
    /// The variable lives in a section that cannot be written at this stage (`.bss` before load, `.rodata` after).
    case variableNotWritable(name: String, section: String)

    /// The failure with its context.
    public var description: String {
        switch self {
        case .unreadable(let path, let errno):
            "cannot read \(path): errno \(errno)"
        case .elf(let error):
            "\(error)"
        case .btf(let section, let error):
            "\(section): \(error)"
        case .instructions(let section, let error):
            "section '\(section)': \(error)"
        case .malformedSection(let section, let reason):
            "section '\(section)': \(reason)"
        case .staticFunctionInProgramSection(let section, let symbol):
            "section '\(section)': static function '\(symbol)' in a program section; "
                + "subprograms must be in .text (make it global or move it)"
        case .unresolvedCall(let program, let section, let offset, let symbol):
            "program '\(program)' (section '\(section)', instruction \(offset)): call to unresolved symbol '\(symbol)'"
        case .badRelocation(let section, let offset, let symbol, let reason):
            "section '\(section)', instruction \(offset), symbol '\(symbol)': \(reason)"
        case .badMapDefinition(let map, let reason):
            "map '\(map)': \(reason)"
        case .badExtern(let name, let reason):
            "extern '\(name)': \(reason)"
        case .unknownSection(let program, let section):
            "program '\(program)': unknown section '\(section)': no program type is known for this name"
        case .unsupported(let section, let feature):
            "section '\(section)': \(feature) is not supported yet"
        case .coreRelocationsNotApplied(let section, let count):
            "section '\(section)': \(count) CO-RE relocations are not applied yet"
        case .unknownVariable(let name):
            "no global variable named '\(name)'"
        case .variableSizeMismatch(let name, let expected, let actual):
            "global variable '\(name)' is \(expected) bytes, the value given is \(actual)"
        case .variableNotWritable(let name, let section):
            "global variable '\(name)' in \(section) cannot be written now"
        }
    }
}
