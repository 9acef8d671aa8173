import FuzzSupport

/// libFuzzer's entry: arbitrary bytes as BTF (the magic picks the byte order); a valid spec is also dumped and round-tripped through the other byte order.
@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    fuzzOneInput(.btf, data, size)
}

/// Hands this process's command line to libFuzzer.
@main
enum FuzzBTF {
    static func main() { runLibFuzzer(testOneInput) }
}
