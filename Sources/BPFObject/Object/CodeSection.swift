import BPFInstructions

/// One executable section: its decoded instructions, the functions in it,
/// and what each relocated instruction refers to.
struct CodeSection {
    /// A function symbol's extent in the section.
    struct Function {
        let name: String
        let isGlobal: Bool
        /// The first slot, counted from the section start.
        let startSlot: Int
        /// Instruction indices (not slots) of the function.
        let range: Range<Int>
    }

    /// What a relocated (or pseudo-call) instruction refers to.
    enum Reference {
        /// A BPF-to-BPF call of the function starting at `slot` in section `section`.
        case call(section: Int, slot: Int)
        /// The address of the function starting at `slot` in section `section` (callbacks).
        case functionAddress(section: Int, slot: Int)
        /// A map, a map value or an extern: passed on to the program's relocations.
        case kernel(ProgramRelocation.Target)
        /// A call of a symbol nothing defines.
        case unresolvedCall(String)
    }

    let index: Int
    let name: String
    /// The decoded instructions; the CO-RE step replaces them (``replaceInstructions(_:)``).
    private(set) var instructions: [Instruction]
    /// The slot of each instruction.
    private(set) var slots: [Int]
    /// For each slot, the index of the instruction starting there, or -1 for
    /// the second slot of an `ld_imm64`.
    private var instructionIndexBySlot: [Int]
    private(set) var functions: [Function]
    /// References by instruction index.
    var references: [Int: Reference] = [:]

    init(section: ELFSection, file: ObjectFile) throws(ObjectError) {
        index = section.index
        name = section.name
        do {
            instructions = try Instruction.decode(file.elf.data(of: section), byteOrder: file.elf.header.byteOrder)
        } catch {
            throw .instructions(section: section.name, error)
        }
        (slots, instructionIndexBySlot) = Self.slotTables(instructions)
        let slot = instructionIndexBySlot.count

        let symbols = file.functionSymbols(in: section.index)
        var functions: [Function] = []
        functions.reserveCapacity(symbols.count)
        for symbol in symbols {
            guard symbol.value % 8 == 0, symbol.size % 8 == 0,
                  let start = Int(exactly: symbol.value / 8), let count = Int(exactly: symbol.size / 8),
                  let first = Self.instruction(at: start, in: instructionIndexBySlot),
                  let end = start + count == slot ? instructions.count
                      : Self.instruction(at: start + count, in: instructionIndexBySlot),
                  first < end else {
                throw .malformedSection(section: section.name,
                                        reason: "function '\(symbol.name)' does not cover whole instructions")
            }
            if let previous = functions.last, previous.range.upperBound > first {
                throw .malformedSection(section: section.name, reason: "functions '\(previous.name)' and '\(symbol.name)' overlap")
            }
            functions.append(Function(name: symbol.name, isGlobal: symbol.binding != .local, startSlot: start,
                                      range: first..<end))
        }
        self.functions = functions
    }

    /// The index of the instruction starting at `slot`, if one does.
    private static func instruction(at slot: Int, in indexBySlot: [Int]) -> Int? {
        guard indexBySlot.indices.contains(slot), indexBySlot[slot] >= 0 else { return nil }
        return indexBySlot[slot]
    }

    /// Takes the section's code after CO-RE relocation. It occupies the same
    /// slots, but a poisoned `ld_imm64` became two one-slot calls (as libbpf
    /// writes it), so instruction indices after it move: functions and
    /// references follow their slots.
    mutating func replaceInstructions(_ relocated: [Instruction]) {
        let oldSlots = slots
        instructions = relocated
        guard relocated.count != oldSlots.count else { return }
        (slots, instructionIndexBySlot) = Self.slotTables(relocated)
        let indexBySlot = instructionIndexBySlot
        func moved(_ oldIndex: Int) -> Int {
            guard oldIndex < oldSlots.count else { return relocated.count }
            return Self.instruction(at: oldSlots[oldIndex], in: indexBySlot) ?? oldIndex
        }
        functions = functions.map { function in
            Function(name: function.name, isGlobal: function.isGlobal, startSlot: function.startSlot,
                     range: moved(function.range.lowerBound)..<moved(function.range.upperBound))
        }
        references = Dictionary(uniqueKeysWithValues: references.map { (moved($0.key), $0.value) })
    }

    /// The slot of each instruction, and for each slot the instruction starting there (-1 for an `ld_imm64`'s second).
    private static func slotTables(_ instructions: [Instruction]) -> (slots: [Int], indexBySlot: [Int]) {
        var slots: [Int] = []
        var indexBySlot: [Int] = []
        slots.reserveCapacity(instructions.count)
        indexBySlot.reserveCapacity(instructions.count * 2)
        for (position, instruction) in instructions.enumerated() {
            slots.append(indexBySlot.count)
            indexBySlot.append(position)
            if instruction.isWide { indexBySlot.append(-1) }
        }
        return (slots, indexBySlot)
    }

    /// The function starting at `slot`.
    func function(startingAt slot: Int) -> Function? {
        functions.first { $0.startSlot == slot }
    }

    /// Records what each relocation of the section refers to.
    mutating func collectReferences(file: ObjectFile, externs: [String: ExternSpec],
                                    mapsAtOffset: [Int: [UInt64: String]],
                                    dataMapNames: [Int: String]) throws(ObjectError) {
        if let table = file.elf.relocations(forSection: index) {
            for entry in table.entries {
                let symbol = file.elf.symbols[Int(entry.symbolIndex)]
                let symbolName = file.displayName(of: symbol)
                guard entry.offset % 8 == 0, let slot = Int(exactly: entry.offset / 8),
                      let position = Self.instruction(at: slot, in: instructionIndexBySlot) else {
                    throw .badRelocation(section: name, instructionOffset: Int(truncatingIfNeeded: entry.offset / 8),
                                         symbol: symbolName, reason: "the offset is not the start of an instruction")
                }
                func failure(_ reason: String) -> ObjectError {
                    .badRelocation(section: name, instructionOffset: slot, symbol: symbolName, reason: reason)
                }
                let instruction = instructions[position]
                let isCall = instruction.callSource != nil
                guard isCall || instruction.isWide else {
                    throw failure("only ld_imm64 and call instructions can be relocated (opcode 0x\(String(instruction.opcode, radix: 16)))")
                }
                let symbolSection = Int(symbol.sectionIndex)
                if symbol.sectionIndex == ELFSymbol.sectionUndefined {
                    guard let extern = externs[symbol.name] else {
                        guard isCall else { throw failure("undefined symbol that is not a __kconfig or __ksym extern") }
                        references[position] = .unresolvedCall(symbol.name)
                        continue
                    }
                    switch (extern.kind, isCall) {
                    case (.kernelFunction, true):
                        references[position] = .kernel(.kernelFunctionCall(extern.name))
                    case (_, true):
                        throw failure("a call of an extern that is not a kernel function")
                    case (.kconfig(_, let offset), false):
                        references[position] = .kernel(.mapValue(".kconfig", offset: UInt32(truncatingIfNeeded: offset)))
                    case (_, false):
                        references[position] = .kernel(.kernelSymbol(extern.name))
                    }
                } else if isCall {
                    guard instruction.callSource == .function else { throw failure("relocated call is not a BPF-to-BPF call") }
                    guard file.codeSections[symbolSection] != nil else { throw failure("call target is not in a code section") }
                    let target = Int(truncatingIfNeeded: symbol.value / 8) + Int(instruction.immediate) + 1
                    references[position] = .call(section: symbolSection, slot: target)
                } else if file.codeSections[symbolSection] != nil {
                    let byteOffset = Int64(truncatingIfNeeded: symbol.value) &+ Int64(instruction.immediate)
                    guard byteOffset % 8 == 0 else { throw failure("function address is not instruction-aligned") }
                    references[position] = .functionAddress(section: symbolSection, slot: Int(byteOffset / 8))
                } else if let maps = mapsAtOffset[symbolSection] {
                    guard let map = maps[symbol.value] else { throw failure("no map is defined at offset \(symbol.value)") }
                    references[position] = .kernel(.map(map))
                } else if let map = dataMapNames[symbolSection] {
                    let offset = Int64(truncatingIfNeeded: symbol.value) &+ Int64(instruction.immediate)
                    guard let value = UInt32(exactly: offset) else { throw failure("offset \(offset) is outside the section") }
                    references[position] = .kernel(.mapValue(map, offset: value))
                } else {
                    throw failure("the symbol's section '\(file.elf.section(at: symbolSection)?.name ?? "?")' is not a map, data or code section")
                }
            }
        }
        // Calls of static functions in the same section carry no relocation: the immediate is relative.
        for (position, instruction) in instructions.enumerated()
        where instruction.callSource == .function && references[position] == nil {
            references[position] = .call(section: index, slot: slots[position] + Int(instruction.immediate) + 1)
        }
    }
}
