import BPFInstructions

/// Links each program: appends every subprogram it reaches (depth first, in
/// the order calls are met, each once), points calls and function addresses
/// at the appended copies, and rebuilds function and line info in the
/// program's own instruction numbering, as libbpf does.
struct ProgramLinker {
    let sections: [Int: CodeSection]
    let btfExt: BTFExt?
    /// Whether to record ``Linked/pieces``, which only CO-RE poison reports read.
    var recordsPieces = true

    /// A linked program.
    struct Linked {
        var instructions: [Instruction] = []
        var relocations: [ProgramRelocation] = []
        var functionInfo: [BTFFunctionInfo] = []
        var lineInfo: [BTFLineInfo] = []
        var subprograms: [String] = []
        var coreRelocationCount = 0
        var slotCount = 0
        /// Each placed function's section, slots there, and first slot in the
        /// program (empty unless the linker ``recordsPieces``).
        var pieces: [(section: String, slots: Range<Int>, programSlot: Int)] = []
    }

    private struct FunctionKey: Hashable {
        let section: Int
        let slot: Int
    }

    /// Where a function's copy starts in the linked program.
    private struct Placement {
        let section: CodeSection
        let function: CodeSection.Function
        let firstIndex: Int
        let firstSlot: Int
    }

    func link(_ function: CodeSection.Function, in section: CodeSection) throws(ObjectError) -> Linked {
        var linked = Linked()
        // Room for the program's own function; subprograms grow the arrays.
        linked.instructions.reserveCapacity(function.range.count)
        linked.lineInfo.reserveCapacity(btfExt?.lineInfos.first { $0.sectionName == section.name }?.records.count ?? 0)
        // Subprograms placed so far; the main function is known without it,
        // so a program that calls nothing allocates no table.
        var placed: [FunctionKey: Int] = [:]
        let main = place(function, of: section, into: &linked)
        let mainKey = FunctionKey(section: section.index, slot: function.startSlot)
        // Each frame is a placed function and the next of its instructions to
        // visit. The stack holds only callers, so a program that calls
        // nothing allocates none.
        var stack: [(placement: Placement, cursor: Int)] = []
        var next: (placement: Placement, cursor: Int)? = (main, 0)
        while let frame = next ?? stack.popLast() {
            next = nil
            let placement = frame.placement
            let source = placement.section
            var cursor = frame.cursor
            visit: while cursor < placement.function.range.count {
                let sourceIndex = placement.function.range.lowerBound + cursor
                let outputIndex = placement.firstIndex + cursor
                cursor += 1
                // Only ld_imm64 and call instructions carry references (collectReferences
                // refuses others, and CO-RE turns an ld_imm64 only into calls): the
                // rest skip the table lookup.
                let instruction = source.instructions[sourceIndex]
                guard instruction.isWide || instruction.parsedOpcode.instructionClass == .jump
                        && instruction.parsedOpcode.jumpOperation == .call,
                      let reference = source.references[sourceIndex] else { continue }
                let slotInSection = source.slots[sourceIndex]
                switch reference {
                case .kernel(let target):
                    linked.relocations.append(ProgramRelocation(instructionIndex: outputIndex, target: target))
                case .unresolvedCall(let symbol):
                    throw .unresolvedCall(program: function.name, section: section.name,
                                          instructionOffset: slotInSection, symbol: symbol)
                case .call(let targetSection, let targetSlot), .functionAddress(let targetSection, let targetSlot):
                    guard let calleeSection = sections[targetSection],
                          let callee = calleeSection.function(startingAt: targetSlot) else {
                        throw .badRelocation(section: source.name, instructionOffset: slotInSection,
                                             symbol: sections[targetSection]?.name ?? "section \(targetSection)",
                                             reason: "no function starts at instruction \(targetSlot)")
                    }
                    let key = FunctionKey(section: targetSection, slot: targetSlot)
                    var calleeSlot = key == mainKey ? main.firstSlot : placed[key]
                    var newFrame: Placement?
                    if calleeSlot == nil {
                        let calleePlacement = place(callee, of: calleeSection, into: &linked)
                        placed[key] = calleePlacement.firstSlot
                        calleeSlot = calleePlacement.firstSlot
                        linked.subprograms.append(callee.name)
                        newFrame = calleePlacement
                    }
                    let callSlot = placement.firstSlot + (slotInSection - placement.function.startSlot)
                    let distance = (calleeSlot ?? 0) - (callSlot + 1)
                    if case .functionAddress = reference {
                        linked.instructions[outputIndex].source = LoadImmediateSource.function.register
                        linked.instructions[outputIndex].constant = Int64(UInt32(bitPattern: Int32(truncatingIfNeeded: distance)))
                    } else {
                        linked.instructions[outputIndex].constant = Int64(distance)
                    }
                    if let newFrame {
                        // Visit the callee before the rest of this function, as libbpf does.
                        stack.append((placement, cursor))
                        next = (newFrame, 0)
                        break visit
                    }
                }
            }
        }
        return linked
    }

    /// Appends a function's instructions and its function, line and CO-RE records.
    private func place(_ function: CodeSection.Function, of section: CodeSection,
                       into linked: inout Linked) -> Placement {
        let placement = Placement(section: section, function: function, firstIndex: linked.instructions.count,
                                  firstSlot: linked.slotCount)
        let instructions = section.instructions[function.range]
        linked.instructions.append(contentsOf: instructions)
        let slotCount = instructions.reduce(0) { $0 + $1.slotCount }
        linked.slotCount += slotCount
        let slots = function.startSlot..<(function.startSlot + slotCount)
        if recordsPieces { linked.pieces.append((section.name, slots, placement.firstSlot)) }
        let shift = placement.firstSlot - function.startSlot
        func moved(_ byteOffset: UInt32) -> UInt32? {
            let slot = Int(byteOffset / 8)
            guard byteOffset % 8 == 0, slots.contains(slot) else { return nil }
            return UInt32(truncatingIfNeeded: slot + shift)
        }
        for records in btfExt?.functionInfos ?? [] where records.sectionName == section.name {
            for var record in records.records {
                guard let offset = moved(record.instructionOffset) else { continue }
                record.instructionOffset = offset
                linked.functionInfo.append(record)
            }
        }
        for records in btfExt?.lineInfos ?? [] where records.sectionName == section.name {
            for var record in records.records {
                guard let offset = moved(record.instructionOffset) else { continue }
                record.instructionOffset = offset
                linked.lineInfo.append(record)
            }
        }
        for records in btfExt?.coreRelocations ?? [] where records.sectionName == section.name {
            linked.coreRelocationCount += records.records.count { moved($0.instructionOffset) != nil }
        }
        return placement
    }
}
