import ArgumentParser

/// Bytes given or printed as hex: `01 02 0a`, `01020a` or `0x01020a` on the
/// command line, `01 02 0a` in text output and `["0x01", "0x02", "0x0a"]` in
/// JSON, as bpftool prints them.
struct HexBytes: ExpressibleByArgument, Hashable, Sendable, CustomStringConvertible {
    /// The bytes, in the order given.
    var bytes: [UInt8]

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    init(_ bytes: some Collection<UInt8>) {
        self.bytes = Array(bytes)
    }

    /// Parses hex digits, ignoring spaces and an optional `0x` prefix on the
    /// whole string or on each space-separated byte group.
    init?(argument: String) {
        var digits: [UInt8] = []
        for group in argument.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "," }) {
            var text = Substring(group)
            if text.hasPrefix("0x") || text.hasPrefix("0X") { text = text.dropFirst(2) }
            // A lone digit is one byte (`1 0 0 0` means 01 00 00 00); longer groups are whole bytes.
            guard text.utf8.count == 1 || (!text.isEmpty && text.utf8.count % 2 == 0) else { return nil }
            if text.utf8.count == 1 { digits.append(0) }
            for character in text.utf8 {
                guard let digit = Self.digitValue(character) else { return nil }
                digits.append(digit)
            }
        }
        bytes = stride(from: 0, to: digits.count, by: 2).map { digits[$0] << 4 | digits[$0 + 1] }
    }

    private static func digitValue(_ character: UInt8) -> UInt8? {
        switch character {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): character - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): character - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): character - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    static var defaultCompletionKind: CompletionKind { .default }

    /// Two lower-case digits a byte, separated by spaces: `01 02 0a`.
    var description: String {
        bytes.map(Self.twoDigits).joined(separator: " ")
    }

    /// bpftool's JSON form: one `"0x.."` string a byte.
    var jsonStrings: [String] {
        bytes.map { "0x" + Self.twoDigits($0) }
    }

    static func twoDigits(_ byte: UInt8) -> String {
        let text = String(byte, radix: 16)
        return text.count == 1 ? "0" + text : text
    }
}
