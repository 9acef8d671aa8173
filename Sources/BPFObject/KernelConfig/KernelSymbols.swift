/// The kernel's symbol table as `/proc/kallsyms` lists it, for resolving
/// untyped `.ksyms` externs (`extern const void sym __ksym;`) to addresses.
///
/// Resolution follows libbpf: every line counts, module symbols included; a
/// name listed at several addresses is ambiguous and an error when asked for,
/// while repeats at one address are harmless; a local data symbol (`d`)
/// whose name carries an LLVM suffix (`name.llvm.123`) is known by the part
/// before `.llvm.`.
///
/// Without `CONFIG_KALLSYMS_ALL` (as on this project's test machine) the table
/// has no data symbols, so only function and a few section symbols resolve.
public struct KernelSymbols: Sendable {
    private struct Symbol: Sendable {
        var nameStart: UInt32
        var nameLength: UInt32
        var address: UInt64
    }

    /// The path of the running kernel's table.
    public static let runningKernelPath = "/proc/kallsyms"
    /// The largest table accepted: 256 MiB (a kernel with every option and
    /// `KALLSYMS_ALL` lists about 20 MiB).
    public static let fileSizeLimit = 256 << 20

    private let text: [UInt8]
    /// Every line's symbol, in file order.
    private var symbols: [Symbol] = []
    /// `hash << 32 | index into symbols`, sorted: a name's lines sit together.
    ///
    /// Sorting once beats a hash table here: inserting 120,000 names into one
    /// costs a cache miss each, sorting them costs a few sequential passes.
    private var sortedKeys: [UInt64] = []

    /// How many lines (symbols) the table lists.
    public var count: Int { symbols.count }
    /// Whether every address is zero, as the kernel shows them to readers
    /// without the privilege to see them.
    public private(set) var addressesAreHidden = true

    /// Parses the text of `/proc/kallsyms`.
    public init(parsing text: [UInt8]) throws(KernelSymbolsError) {
        guard text.count <= Self.fileSizeLimit else {
            throw .tooLarge(path: Self.runningKernelPath, limit: Self.fileSizeLimit)
        }
        self.text = text
        try parseLines()
        sortedKeys = Self.sortedByHash(sortedKeys)
    }

    /// Reads and parses the running kernel's `/proc/kallsyms`.
    public static func runningKernel() throws(KernelSymbolsError) -> KernelSymbols {
        let text: [UInt8]
        do {
            text = try SystemFile.read(runningKernelPath, limit: fileSizeLimit)
        } catch {
            switch error {
            case .errno(let errno): throw .unreadable(path: runningKernelPath, errno: errno)
            case .tooLarge: throw .tooLarge(path: runningKernelPath, limit: fileSizeLimit)
            }
        }
        return try KernelSymbols(parsing: text)
    }

    /// The address of `name`, or nil if the table does not list it.
    ///
    /// - Throws: ``KernelSymbolsError/ambiguous(name:first:second:)`` when the
    ///   name has several addresses, ``KernelSymbolsError/addressesHidden(name:)``
    ///   when the kernel showed no real addresses.
    public func address(of name: String) throws(KernelSymbolsError) -> UInt64? {
        var name = name
        let addresses = name.withUTF8 { addressesListed(for: $0) }
        guard let first = addresses.first else { return nil }
        if let second = addresses.first(where: { $0 != first }) {
            throw .ambiguous(name: name, first: first, second: second)
        }
        if addressesAreHidden { throw .addressesHidden(name: name) }
        return first
    }

    /// The address for an untyped `.ksyms` extern: a missing weak extern is
    /// 0, a missing strong one an error.
    public func address(ofExtern name: String, isWeak: Bool) throws(KernelSymbolsError) -> UInt64 {
        guard let address = try address(of: name) else {
            guard isWeak else { throw .notFound(name: name) }
            return 0
        }
        return address
    }

    // MARK: Parsing

    private mutating func parseLines() throws(KernelSymbolsError) {
        let text = self.text
        let end = text.count
        var position = 0
        var lineNumber = 0
        while position < end {
            lineNumber += 1
            let lineStart = position
            var address: UInt64 = 0
            var digits = 0
            while position < end, let digit = Self.hexValue(text[position]) {
                guard digits < 16 else { throw malformed(lineNumber, from: lineStart) }
                address = address << 4 | digit
                digits += 1
                position += 1
            }
            if digits == 0 && position < end && text[position] == UInt8(ascii: "\n") {
                position += 1
                continue
            }
            guard digits > 0, end - position > 2, text[position] == UInt8(ascii: " "),
                  text[position + 2] == UInt8(ascii: " ") else { throw malformed(lineNumber, from: lineStart) }
            let type = text[position + 1]
            position += 3
            let nameStart = position
            var hash = Self.hashSeed
            while position < end {
                let byte = text[position]
                if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: " ") { break }
                hash = Self.hash(hash, byte)
                position += 1
            }
            var nameEnd = position
            guard nameEnd > nameStart else { throw malformed(lineNumber, from: lineStart) }
            while position < end && text[position] != UInt8(ascii: "\n") { position += 1 }
            position += 1

            if type == UInt8(ascii: "d"), let suffix = llvmSuffixStart(nameStart, nameEnd) {
                nameEnd = suffix
                hash = text[nameStart..<nameEnd].reduce(Self.hashSeed, Self.hash)
            }
            if address != 0 { addressesAreHidden = false }
            record(nameStart: nameStart, nameEnd: nameEnd, hash: hash, address: address)
        }
    }

    private func malformed(_ lineNumber: Int, from start: Int) -> KernelSymbolsError {
        let lineEnd = text[start...].firstIndex(of: UInt8(ascii: "\n")) ?? text.count
        return .malformedLine(line: lineNumber, text: String(decoding: text[start..<min(lineEnd, start + 200)], as: UTF8.self))
    }

    private static func hexValue(_ byte: UInt8) -> UInt64? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt64(byte &- UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt64(byte &- UInt8(ascii: "a") &+ 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt64(byte &- UInt8(ascii: "A") &+ 10)
        default: nil
        }
    }

    private static let llvmMarker = Array(".llvm.".utf8)

    /// Where `.llvm.` starts in the name, if it does.
    private func llvmSuffixStart(_ start: Int, _ end: Int) -> Int? {
        guard end - start > Self.llvmMarker.count else { return nil }
        return (start...(end - Self.llvmMarker.count)).first { candidate in
            text[candidate..<candidate + Self.llvmMarker.count].elementsEqual(Self.llvmMarker)
        }
    }

    // MARK: Hash table

    /// FNV-1a, one byte at a time.
    private static let hashSeed: UInt32 = 2_166_136_261

    private static func hash(_ hash: UInt32, _ byte: UInt8) -> UInt32 {
        (hash ^ UInt32(byte)) &* 16_777_619
    }

    private mutating func record(nameStart: Int, nameEnd: Int, hash: UInt32, address: UInt64) {
        sortedKeys.append(UInt64(hash) << 32 | UInt64(truncatingIfNeeded: symbols.count))
        symbols.append(Symbol(nameStart: UInt32(truncatingIfNeeded: nameStart),
                              nameLength: UInt32(truncatingIfNeeded: nameEnd - nameStart), address: address))
    }

    /// `keys` ordered by their upper 32 bits (the hash), keeping file order
    /// among equal hashes: a least-significant-digit radix sort, 11 bits a pass.
    private static func sortedByHash(_ keys: [UInt64]) -> [UInt64] {
        var source = keys
        var destination = keys
        var counts = [Int](repeating: 0, count: 1 << 11)
        for shift in [32, 43, 54] as [UInt64] {
            for index in counts.indices { counts[index] = 0 }
            for key in source { counts[Int(key >> shift & 0x7FF)] += 1 }
            var total = 0
            for index in counts.indices {
                let count = counts[index]
                counts[index] = total
                total += count
            }
            for key in source {
                let bucket = Int(key >> shift & 0x7FF)
                destination[counts[bucket]] = key
                counts[bucket] += 1
            }
            swap(&source, &destination)
        }
        return source
    }

    /// The address of every line naming `name`, in file order.
    private func addressesListed(for name: UnsafeBufferPointer<UInt8>) -> [UInt64] {
        let hash = UInt64(name.reduce(Self.hashSeed, Self.hash))
        var low = 0
        var high = sortedKeys.count
        while low < high {
            let middle = (low + high) / 2
            if sortedKeys[middle] >> 32 < hash { low = middle + 1 } else { high = middle }
        }
        var addresses: [UInt64] = []
        for key in sortedKeys[low...] {
            guard key >> 32 == hash else { break }
            let symbol = symbols[Int(key & 0xFFFF_FFFF)]
            let start = Int(symbol.nameStart)
            if Int(symbol.nameLength) == name.count && text[start..<start + name.count].elementsEqual(name) {
                addresses.append(symbol.address)
            }
        }
        return addresses
    }
}
