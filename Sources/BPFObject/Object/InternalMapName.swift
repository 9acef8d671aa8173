/// The kernel name libbpf gives an internal map (global data or `.kconfig`):
/// as much of the object name as fits before the section name, which gets at
/// least 7 of the 15 bytes; sections with a second dot (`.rodata.str1.1`)
/// keep their own name without a prefix. Characters the kernel refuses
/// become `_`.
enum InternalMapName {
    /// The longest name the kernel keeps (BPF_OBJ_NAME_LEN - 1).
    static let maximumLength = 15

    static func make(objectName: String, section: String) -> String {
        let suffixLength = min(max(7, section.utf8.count), maximumLength)
        let hasSecondDot = section.utf8.dropFirst().contains(UInt8(ascii: "."))
        let prefixLength = hasSecondDot ? 0 : min(maximumLength - suffixLength, objectName.utf8.count)
        let prefix = objectName.utf8.prefix(prefixLength)
        let suffix = section.utf8.prefix(suffixLength)
        // At most 15 ASCII bytes: a small string, built without an intermediate array.
        return String(unsafeUninitializedCapacity: prefix.count + suffix.count) { buffer in
            var count = 0
            for byte in prefix { buffer[count] = allowed(byte); count += 1 }
            for byte in suffix { buffer[count] = allowed(byte); count += 1 }
            return count
        }
    }

    /// `byte` if the kernel accepts it in an object name, else `_`.
    private static func allowed(_ byte: UInt8) -> UInt8 {
        let isAllowed = (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5a)
            || (byte >= 0x61 && byte <= 0x7a) || byte == 0x5f || byte == 0x2e
        return isAllowed ? byte : 0x5f
    }
}
