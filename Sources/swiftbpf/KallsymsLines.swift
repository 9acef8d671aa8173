/// The lines of `/proc/kallsyms` (`address type name [module]`), scanned
/// without building a string per symbol.
struct KallsymsLines {
    private let text: [UInt8]
    /// Each line's address, and where its name starts and ends in `text`.
    private var lines: [(address: UInt64, name: Range<Int>)] = []

    init(_ text: [UInt8]) {
        self.text = text
        // One pass over the bytes: `address type name[\tmodule]\n`, without a slice or string per line.
        text.withUnsafeBufferPointer { bytes in
            var position = 0
            while position < bytes.count {
                var address: UInt64 = 0
                while position < bytes.count, let digit = Self.hexValue(bytes[position]) {
                    address = address << 4 | digit
                    position += 1
                }
                // Skip " T " to the name.
                position += 3
                let nameStart = position
                while position < bytes.count, bytes[position] != UInt8(ascii: "\n"),
                      bytes[position] != UInt8(ascii: "\t"), bytes[position] != UInt8(ascii: " ") {
                    position += 1
                }
                if nameStart < position { lines.append((address, nameStart..<position)) }
                while position < bytes.count, bytes[position] != UInt8(ascii: "\n") { position += 1 }
                position += 1
            }
        }
    }

    private static func hexValue(_ byte: UInt8) -> UInt64? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt64(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt64(byte - UInt8(ascii: "a") + 10)
        default: nil
        }
    }

    /// The address of the first line naming `name`, unless it is hidden (0).
    func address(of name: String) -> UInt64? {
        let wanted = Array(name.utf8)
        let line = lines.first { text[$0.name].elementsEqual(wanted) }
        return line.flatMap { $0.address == 0 ? nil : $0.address }
    }

    /// The first name listed at each of `addresses`, for those that have one.
    func names(at addresses: Set<UInt64>) -> [UInt64: String] {
        var names: [UInt64: String] = [:]
        guard !addresses.isEmpty else { return names }
        for line in lines where addresses.contains(line.address) && names[line.address] == nil {
            names[line.address] = String(decoding: text[line.name], as: UTF8.self)
        }
        return names
    }
}
