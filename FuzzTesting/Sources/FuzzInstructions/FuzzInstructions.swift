import FuzzSupport

/// libFuzzer's entry: a byte-order selector and instruction bytes, decoded, re-encoded and disassembled.
@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    fuzzOneInput(.instructions, data, size)
}

/// Hands this process's command line to libFuzzer.
@main
enum FuzzInstructions {
    static func main() { runLibFuzzer(testOneInput) }
}
