/// One slot of a ``HuffmanTable``: what a run of input bits decodes to.
struct HuffmanEntry: Sendable {
    /// What the slot means to the decoder.
    enum Kind: UInt8, Sendable {
        /// `value` is a literal byte, or a code-length symbol.
        case literal
        /// `value` is a length or distance base; `extraBits` more bits follow.
        case base
        /// The end-of-block symbol 256.
        case endOfBlock
        /// The code is longer than the primary index: `value` is where its
        /// subtable starts and `length` how many further bits index it.
        case link
        /// No symbol, or a reserved one.
        case invalid
    }

    var value: UInt16
    /// Bits the code occupies in total (for a link, the subtable's index width).
    var length: UInt8
    var extraBits: UInt8
    var kind: Kind

    static let invalid = HuffmanEntry(value: 0, length: 1, extraBits: 0, kind: .invalid)
}

/// What each symbol of a DEFLATE alphabet decodes to.
enum HuffmanAlphabet: Sendable {
    /// Symbols 0–18 of the code-length code.
    case codeLength
    /// Literal bytes, end of block and length bases (RFC 1951 §3.2.5).
    case literalLength
    /// Distance bases (RFC 1951 §3.2.5).
    case distance

    private static let lengthBases: [UInt16] = [
        3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31,
        35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258,
    ]
    private static let lengthExtraBits: [UInt8] = [
        0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2,
        3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
    ]
    private static let distanceBases: [UInt16] = [
        1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193,
        257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577,
    ]
    private static let distanceExtraBits: [UInt8] = [
        0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6,
        7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13,
    ]

    /// The entry for `symbol` coded with `length` bits.
    func entry(symbol: Int, length: UInt8) -> HuffmanEntry {
        switch self {
        case .codeLength:
            return HuffmanEntry(value: UInt16(truncatingIfNeeded: symbol), length: length, extraBits: 0, kind: .literal)
        case .literalLength:
            if symbol < 256 {
                return HuffmanEntry(value: UInt16(truncatingIfNeeded: symbol), length: length, extraBits: 0, kind: .literal)
            }
            if symbol == 256 {
                return HuffmanEntry(value: 0, length: length, extraBits: 0, kind: .endOfBlock)
            }
            let index = symbol - 257
            guard index < Self.lengthBases.count else {
                return HuffmanEntry(value: 0, length: length, extraBits: 0, kind: .invalid)
            }
            return HuffmanEntry(value: Self.lengthBases[index], length: length,
                                extraBits: Self.lengthExtraBits[index], kind: .base)
        case .distance:
            guard symbol < Self.distanceBases.count else {
                return HuffmanEntry(value: 0, length: length, extraBits: 0, kind: .invalid)
            }
            return HuffmanEntry(value: Self.distanceBases[symbol], length: length,
                                extraBits: Self.distanceExtraBits[symbol], kind: .base)
        }
    }
}

/// A canonical Huffman decoding table (RFC 1951 §3.2.2) indexed by the next
/// input bits, least significant first.
///
/// Codes up to `primaryBits` long decode with one lookup; longer ones go
/// through a subtable sized for the longest code sharing their prefix, so a
/// table never holds more than a few thousand entries. The storage is reused
/// from block to block, so decoding allocates only while it warms up.
struct HuffmanTable: Sendable {
    static let maximumCodeLength = 15

    private(set) var entries: [HuffmanEntry] = []
    let primaryBits: Int
    private var sortedSymbols: [UInt16] = []
    private var countsByLength = [Int](repeating: 0, count: maximumCodeLength + 1)
    private var nextSlot = [Int](repeating: 0, count: maximumCodeLength + 2)

    init(primaryBits: Int) {
        self.primaryBits = primaryBits
    }

    /// Builds the table for code `lengths` (one per symbol, 0 = unused).
    ///
    /// Returns false for lengths that describe no prefix code: over-subscribed,
    /// or incomplete other than a single one-bit code.
    mutating func rebuild(lengths: ArraySlice<UInt8>, alphabet: HuffmanAlphabet) -> Bool {
        for length in countsByLength.indices { countsByLength[length] = 0 }
        var maxLength = 0
        for length in lengths where length > 0 {
            guard Int(length) <= Self.maximumCodeLength else { return false }
            countsByLength[Int(length)] += 1
            maxLength = max(maxLength, Int(length))
        }

        entries.removeAll(keepingCapacity: true)
        entries.append(contentsOf: repeatElement(.invalid, count: 1 << primaryBits))
        if maxLength == 0 { return true }

        var unassigned = 1
        for length in 1...Self.maximumCodeLength {
            unassigned = unassigned << 1 - countsByLength[length]
            if unassigned < 0 { return false }
        }
        // Only a lone one-bit literal/length or distance code may leave a gap
        // (zlib's rule; RFC 1951 mentions the one-distance-code case).
        if unassigned > 0 && (maxLength != 1 || alphabet == .codeLength) { return false }

        // Counting sort by length, then symbol: canonical code order.
        nextSlot[1] = 0
        for length in 1...Self.maximumCodeLength {
            nextSlot[length + 1] = nextSlot[length] + countsByLength[length]
        }
        let codedCount = nextSlot[Self.maximumCodeLength + 1]
        sortedSymbols.removeAll(keepingCapacity: true)
        sortedSymbols.append(contentsOf: repeatElement(0, count: codedCount))
        for (symbol, length) in zip(0..., lengths) where length > 0 {
            sortedSymbols[nextSlot[Int(length)]] = UInt16(truncatingIfNeeded: symbol)
            nextSlot[Int(length)] += 1
        }

        let primaryMask = (1 << primaryBits) - 1
        var code = 0
        var codeLength = 0
        var groupPrefix = -1
        var groupStart = 0
        var groupBits = 0
        for (position, symbol) in sortedSymbols.enumerated() {
            let length = Int(lengths[lengths.startIndex + Int(symbol)])
            if length != codeLength {
                code <<= length - codeLength
                codeLength = length
            }
            let reversed = Self.reverse(code, length: length)
            let entry = alphabet.entry(symbol: Int(symbol), length: UInt8(length))
            if length <= primaryBits {
                for slot in stride(from: reversed, through: primaryMask, by: 1 << length) {
                    entries[slot] = entry
                }
            } else {
                let prefix = reversed & primaryMask
                if prefix != groupPrefix {
                    // Codes sharing a prefix are consecutive in canonical order
                    // and the group's last code is its longest.
                    groupPrefix = prefix
                    groupBits = longestLength(sharing: prefix, from: position, code: code, lengths: lengths) - primaryBits
                    groupStart = entries.count
                    entries.append(contentsOf: repeatElement(.invalid, count: 1 << groupBits))
                    entries[prefix] = HuffmanEntry(value: UInt16(truncatingIfNeeded: groupStart),
                                                   length: UInt8(groupBits), extraBits: 0, kind: .link)
                }
                let subtableSize = 1 << groupBits
                for slot in stride(from: reversed >> primaryBits, to: subtableSize, by: 1 << (length - primaryBits)) {
                    entries[groupStart + slot] = entry
                }
            }
            code += 1
        }
        return true
    }

    /// The length of the last code in canonical order, starting at `position`
    /// with `code`, whose first `primaryBits` bits (most significant first)
    /// equal those of `code`.
    private func longestLength(sharing prefix: Int, from position: Int, code: Int, lengths: ArraySlice<UInt8>) -> Int {
        var longest = 0
        var code = code
        var codeLength = 0
        for symbol in sortedSymbols[position...] {
            let length = Int(lengths[lengths.startIndex + Int(symbol)])
            if codeLength == 0 {
                codeLength = length
            } else if length != codeLength {
                code <<= length - codeLength
                codeLength = length
            }
            guard Self.reverse(code, length: length) & ((1 << primaryBits) - 1) == prefix else { break }
            longest = length
            code += 1
        }
        return longest
    }

    /// `code` with its low `length` bits in reverse order: DEFLATE packs
    /// Huffman codes most significant bit first into an LSB-first stream.
    private static func reverse(_ code: Int, length: Int) -> Int {
        var reversed = 0
        var code = code
        for _ in 0..<length {
            reversed = reversed << 1 | code & 1
            code >>= 1
        }
        return reversed
    }
}
