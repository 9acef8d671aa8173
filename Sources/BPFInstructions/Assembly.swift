/// A program assembled from ``Statement``s: instructions with every label
/// resolved into a slot distance, plus the symbol references still to patch.
///
/// Distances count 8-byte slots, so an `ld_imm64` between a jump and its
/// target counts twice. Labels are resolved here; maps and kernel functions
/// named by symbol are resolved at load time by ``linked(resolving:)``, once
/// the loader has created the maps.
public struct Assembly: Hashable, Sendable {
    /// The instructions, with label distances filled in and symbol slots left at 0.
    public var instructions: [Instruction]
    /// The instructions that still need a map fd or BTF id, in program order.
    public var references: [SymbolReference]
    /// Each label's position as an index into ``instructions`` (equal to `instructions.count` for a trailing label).
    public var labels: [String: Int]

    /// Assembles `statements`, resolving every label.
    public init(_ statements: [Statement]) throws(AssemblyError) {
        var labels: [String: Int] = [:]
        var labelSlots: [String: Int] = [:]
        var slot = 0
        var index = 0
        for statement in statements {
            switch statement.content {
            case let .label(name):
                guard labels.updateValue(index, forKey: name) == nil else { throw .duplicateLabel(name) }
                labelSlots[name] = slot
            case let .instruction(instruction), let .branch(instruction, _, _), let .symbol(instruction, _, _):
                guard !instruction.namesAuxiliaryRegister else { throw .auxiliaryRegister(instructionIndex: index) }
                slot += instruction.slotCount
                index += 1
            }
        }

        var instructions: [Instruction] = []
        instructions.reserveCapacity(index)
        var references: [SymbolReference] = []
        slot = 0
        for statement in statements {
            switch statement.content {
            case .label:
                continue
            case let .instruction(instruction):
                instructions.append(instruction)
            case let .symbol(instruction, name, kind):
                references.append(SymbolReference(instructionIndex: instructions.count, symbol: name, kind: kind))
                instructions.append(instruction)
            case .branch(var instruction, let target, let field):
                guard let targetSlot = labelSlots[target] else {
                    throw .unknownLabel(target, instructionIndex: instructions.count)
                }
                // Distances are relative to the slot after the branch.
                let distance = targetSlot - (slot + 1)
                switch field {
                case .offset:
                    guard let offset = Int16(exactly: distance) else {
                        throw .jumpOutOfRange(label: target, instructionIndex: instructions.count, distance: distance)
                    }
                    instruction.offset = offset
                case .immediate:
                    guard let immediate = Int32(exactly: distance) else {
                        throw .jumpOutOfRange(label: target, instructionIndex: instructions.count, distance: distance)
                    }
                    instruction.constant = Int64(immediate)
                }
                instructions.append(instruction)
            }
            slot += instructions.last?.slotCount ?? 0
        }
        self.instructions = instructions
        self.references = references
        self.labels = labels
    }

    /// Assembles the statements a ``StatementBuilder`` closure produces.
    public init(@StatementBuilder _ statements: () -> [Statement]) throws(AssemblyError) {
        try self.init(statements())
    }

    /// The instructions with every symbol reference patched.
    ///
    /// `resolve` returns the map's file descriptor for ``SymbolReference/Kind/map``
    /// and ``SymbolReference/Kind/mapValue`` references, and the BTF id for
    /// ``SymbolReference/Kind/kernelFunction``; `nil` means the symbol is unknown.
    /// For `ld_imm64` the value goes into the low 32 bits of the constant and a
    /// map value's offset in the high 32 bits is kept; for a call it becomes the immediate.
    public func linked(resolving resolve: (SymbolReference) -> Int32?) throws(AssemblyError) -> [Instruction] {
        var linked = instructions
        for reference in references {
            guard let value = resolve(reference) else { throw .unresolvedSymbol(reference) }
            guard linked.indices.contains(reference.instructionIndex) else { throw .unresolvedSymbol(reference) }
            let instruction = linked[reference.instructionIndex]
            if instruction.isWide {
                let highHalf = UInt64(bitPattern: instruction.constant) & 0xffff_ffff_0000_0000
                linked[reference.instructionIndex].constant = Int64(bitPattern: highHalf | UInt64(UInt32(bitPattern: value)))
            } else {
                linked[reference.instructionIndex].constant = Int64(value)
            }
        }
        return linked
    }
}

/// Builds a statement list with Swift control flow: `if`, `for` and nested lists.
@resultBuilder
public enum StatementBuilder {
    /// One statement.
    public static func buildExpression(_ statement: Statement) -> [Statement] {
        [statement]
    }

    /// Consecutive statement groups.
    public static func buildBlock(_ parts: [Statement]...) -> [Statement] {
        parts.flatMap { $0 }
    }

    /// Statements emitted only when a condition holds.
    public static func buildOptional(_ part: [Statement]?) -> [Statement] {
        part ?? []
    }

    /// The first branch of an `if`/`else`.
    public static func buildEither(first part: [Statement]) -> [Statement] {
        part
    }

    /// The second branch of an `if`/`else`.
    public static func buildEither(second part: [Statement]) -> [Statement] {
        part
    }

    /// Statements emitted by a `for` loop.
    public static func buildArray(_ parts: [[Statement]]) -> [Statement] {
        parts.flatMap { $0 }
    }
}
