import FuzzSupport

/// libFuzzer's entry: a TestObject (without DWARF) with one section damaged, chosen and shaped by the input (see `SectionDamage`).
@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    fuzzOneInput(.sections, data, size)
}

/// Hands this process's command line to libFuzzer.
@main
enum FuzzSections {
    static func main() {
        // Without objects every input would pass untested.
        guard !TestObjectFiles.damageable.isEmpty else {
            fatalError("no TestObjects/build/stripped objects: run make -C TestObjects")
        }
        runLibFuzzer(testOneInput)
    }
}
