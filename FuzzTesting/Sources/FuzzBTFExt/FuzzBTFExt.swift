import FuzzSupport

/// libFuzzer's entry: a length-prefixed BTF blob followed by `.BTF.ext` bytes.
@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    fuzzOneInput(.btfExt, data, size)
}

/// Hands this process's command line to libFuzzer.
@main
enum FuzzBTFExt {
    static func main() { runLibFuzzer(testOneInput) }
}
