import FuzzSupport

/// libFuzzer's entry: arbitrary bytes as raw DEFLATE and as gzip, and as kconfig and kallsyms text.
@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    fuzzOneInput(.inflate, data, size)
}

/// Hands this process's command line to libFuzzer.
@main
enum FuzzInflate {
    static func main() { runLibFuzzer(testOneInput) }
}
