/// Reads the lines of a `.config` file into option values.
enum KernelConfigParser {
    private static let prefix = Array("CONFIG_".utf8)
    private static let notSetPrefix = Array("# CONFIG_".utf8)
    private static let notSetSuffix = Array(" is not set".utf8)

    static func parse(_ text: [UInt8]) throws(KernelConfigError) -> [String: KernelConfig.Value] {
        var values: [String: KernelConfig.Value] = [:]
        var lineNumber = 0
        var lineStart = 0
        while lineStart < text.count {
            lineNumber += 1
            var lineEnd = text[lineStart...].firstIndex(of: UInt8(ascii: "\n")) ?? text.count
            let next = lineEnd + 1
            if lineEnd > lineStart && text[lineEnd - 1] == UInt8(ascii: "\r") { lineEnd -= 1 }
            let line = text[lineStart..<lineEnd]
            lineStart = next

            if line.starts(with: prefix) {
                let (name, value) = try parseAssignment(line, lineNumber: lineNumber)
                if values[name] == nil { values[name] = value }
            } else if line.starts(with: notSetPrefix) && line.suffix(notSetSuffix.count).elementsEqual(notSetSuffix) {
                let nameBytes = line.dropFirst(2).dropLast(notSetSuffix.count)
                let name = String(decoding: nameBytes, as: UTF8.self)
                if values[name] == nil { values[name] = .notSet }
            }
        }
        return values
    }

    private static func parseAssignment(_ line: ArraySlice<UInt8>, lineNumber: Int) throws(KernelConfigError) -> (String, KernelConfig.Value) {
        func malformed(_ problem: String) -> KernelConfigError {
            .malformedLine(line: lineNumber, text: String(decoding: line, as: UTF8.self), problem: problem)
        }
        guard let separator = line.firstIndex(of: UInt8(ascii: "=")) else { throw malformed("no '=' separator") }
        let name = String(decoding: line[..<separator], as: UTF8.self)
        let text = line[(separator + 1)...]
        guard let first = text.first else { throw malformed("no value") }

        if text.count == 1, let tristate = tristate(first) {
            return (name, .tristate(tristate))
        }
        if first == UInt8(ascii: "\"") {
            guard let string = unquote(text) else { throw malformed("unterminated or malformed string") }
            return (name, .string(string))
        }
        guard let number = integer(text) else { throw malformed("not y, m, n, a string or an integer") }
        return (name, .integer(number))
    }

    private static func tristate(_ letter: UInt8) -> KernelConfig.Tristate? {
        KernelConfig.Tristate.allCases.first { $0.asciiLetter == letter }
    }

    /// The contents of a `"…"` string with backslash escapes undone, or nil
    /// if the closing quote is missing or followed by anything.
    private static func unquote(_ text: ArraySlice<UInt8>) -> [UInt8]? {
        var result: [UInt8] = []
        var index = text.startIndex + 1
        while index < text.endIndex {
            let byte = text[index]
            if byte == UInt8(ascii: "\"") {
                return index + 1 == text.endIndex ? result : nil
            }
            if byte == UInt8(ascii: "\\") {
                index += 1
                guard index < text.endIndex else { return nil }
            }
            result.append(text[index])
            index += 1
        }
        return nil
    }

    /// Reads `text` whole as `strtoull(text, &end, 0)` would: an optional sign,
    /// then hexadecimal after `0x`, octal after `0`, decimal otherwise. A minus
    /// sign negates modulo 2^64. Nil if a character is left over or the
    /// magnitude overflows 64 bits.
    static func integer(_ text: ArraySlice<UInt8>) -> UInt64? {
        var digits = text
        var isNegative = false
        if let sign = digits.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") {
            isNegative = sign == UInt8(ascii: "-")
            digits = digits.dropFirst()
        }
        var radix: UInt64 = 10
        if digits.starts(with: Array("0x".utf8)) || digits.starts(with: Array("0X".utf8)) {
            radix = 16
            digits = digits.dropFirst(2)
        } else if digits.count > 1 && digits.first == UInt8(ascii: "0") {
            radix = 8
            digits = digits.dropFirst()
        }
        guard !digits.isEmpty else { return nil }
        var magnitude: UInt64 = 0
        for character in digits {
            guard let digit = digitValue(character), digit < radix else { return nil }
            let (shifted, overflow) = magnitude.multipliedReportingOverflow(by: radix)
            let (sum, carry) = shifted.addingReportingOverflow(digit)
            guard !overflow && !carry else { return nil }
            magnitude = sum
        }
        return isNegative ? 0 &- magnitude : magnitude
    }

    private static func digitValue(_ character: UInt8) -> UInt64? {
        switch character {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt64(character - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt64(character - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt64(character - UInt8(ascii: "A") + 10)
        default: nil
        }
    }
}
