import FuzzSupport

/// libFuzzer's entry: arbitrary bytes as a whole BPF object, through every parser the loader uses.
@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    fuzzOneInput(.object, data, size)
}

/// Hands this process's command line to libFuzzer.
@main
enum FuzzObject {
    static func main() { runLibFuzzer(testOneInput) }
}
