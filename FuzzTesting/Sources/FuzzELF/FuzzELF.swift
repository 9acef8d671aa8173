import FuzzSupport

/// libFuzzer's entry: arbitrary bytes as an ELF file.
@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    fuzzOneInput(.elf, data, size)
}

/// Hands this process's command line to libFuzzer.
@main
enum FuzzELF {
    static func main() { runLibFuzzer(testOneInput) }
}
