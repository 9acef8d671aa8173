import FuzzSupport

/// libFuzzer's entry: a TestObject with one section damaged, chosen and shaped by the input (see `SectionDamage`).
@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    fuzzOneInput(.sections, data, size)
}

/// Hands this process's command line to libFuzzer.
@main
enum FuzzSections {
    static func main() { runLibFuzzer(testOneInput) }
}
