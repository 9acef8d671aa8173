/// Small BTF blobs marshalled by hand: header, types, strings.
enum TestBTF {
    /// Ids of the types in ``blob(intBits:)``.
    static let intID: UInt32 = 1, prototypeID: UInt32 = 2, mainID: UInt32 = 3

    /// String offsets in the string section.
    static let intName: UInt32 = 1, mainName: UInt32 = 5, fileName: UInt32 = 10, lineText: UInt32 = 17

    /// `int`, `int (void)` and `int main(void)`, with strings for line info.
    /// `intBits` over 32 makes the blob invalid.
    static func blob(intBits: UInt32 = 32, magic: UInt16 = 0xeB9F) -> [UInt8] {
        let kindInt: UInt32 = 1, kindFunction: UInt32 = 12, kindPrototype: UInt32 = 13
        let types: [UInt32] = [
            intName, kindInt << 24, 4, 1 << 24 | intBits,    // [1] INT int, signed
            0, kindPrototype << 24, intID,                    // [2] FUNC_PROTO int (void)
            mainName, kindFunction << 24 | 1, prototypeID,    // [3] FUNC main, global
        ]
        let strings = Array("\0int\0main\0file.c\0return 0;\0".utf8)
        var bytes: [UInt8] = []
        append(UInt32(magic) | 1 << 16, to: &bytes)          // magic, version 1, flags 0
        for word in [24, 0, UInt32(types.count * 4), UInt32(types.count * 4), UInt32(strings.count)] {
            append(UInt32(word), to: &bytes)
        }
        for word in types { append(word, to: &bytes) }
        return bytes + strings
    }

    /// One `bpf_func_info`: instruction 0 is `main`.
    static let functionInfo = words([0, mainID])

    /// One `bpf_line_info`: instruction 0 is line 7, column 3 of file.c.
    static let lineInfo = words([0, fileName, lineText, 7 << 10 | 3])

    static func words(_ words: [UInt32]) -> [UInt8] {
        var bytes: [UInt8] = []
        for word in words { append(word, to: &bytes) }
        return bytes
    }

    private static func append(_ word: UInt32, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: word.littleEndian) { bytes.append(contentsOf: $0) }
    }
}
