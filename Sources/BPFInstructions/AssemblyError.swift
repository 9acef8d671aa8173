/// Why statements could not be assembled, or an assembly could not be linked.
public enum AssemblyError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Two labels have the same name.
    case duplicateLabel(String)
    /// A jump, call or function load at `instructionIndex` names a label that does not exist.
    case unknownLabel(String, instructionIndex: Int)
    /// The distance in slots from the instruction at `instructionIndex` to `label` does not fit its field
    /// (16 bits for jumps, 32 bits for `gotol`, calls and function loads).
    case jumpOutOfRange(label: String, instructionIndex: Int, distance: Int)
    /// Linking found no value for a symbol reference.
    case unresolvedSymbol(SymbolReference)
    /// The instruction at `instructionIndex` names ``Register/r11``, which only the verifier may use.
    case auxiliaryRegister(instructionIndex: Int)

    /// A one-line explanation.
    public var description: String {
        switch self {
        case let .duplicateLabel(label):
            "label \"\(label)\" is defined twice"
        case let .unknownLabel(label, index):
            "instruction \(index) refers to unknown label \"\(label)\""
        case let .jumpOutOfRange(label, index, distance):
            "instruction \(index) cannot reach label \"\(label)\": \(distance) slots is out of range"
        case let .unresolvedSymbol(reference):
            "instruction \(reference.instructionIndex) refers to \"\(reference.symbol)\", which was not resolved"
        case let .auxiliaryRegister(index):
            "instruction \(index) names r11, the verifier's auxiliary register, which programs cannot use"
        }
    }
}
