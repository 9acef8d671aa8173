// swift-tools-version: 6.1
import PackageDescription

/// libFuzzer targets for swift-bpf's pure parsers. Build with
/// `swift build -c release -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library`
/// (Scripts/fuzz-smoke.sh does), then run `.build/release/<Target> <corpus>`.
/// Each target is an executable exporting `LLVMFuzzerTestOneInput`; its
/// `@main` hands the command line to libFuzzer's `LLVMFuzzerRunDriver`.
///
/// One executable per parser entry point; FailCases/<name>/ holds the crashes each found.
let fuzzTargets = [
    "FuzzELF", "FuzzBTF", "FuzzBTFExt", "FuzzInstructions", "FuzzInflate", "FuzzObject", "FuzzSections",
]

let package = Package(
    name: "swift-bpf-fuzz",
    dependencies: [
        .package(name: "swift-bpf", path: ".."),
    ],
    targets: [
        // Declares libFuzzer's LLVMFuzzerRunDriver; SwiftPM renames each executable's
        // entry point to <Target>_main, so libFuzzer's own main is never linked.
        .target(name: "CFuzzerDriver"),
        .target(name: "FuzzSupport", dependencies: [
            "CFuzzerDriver",
            .product(name: "BPFObject", package: "swift-bpf"),
            .product(name: "BPFInstructions", package: "swift-bpf"),
        ]),
    ] + fuzzTargets.map { .executableTarget(name: $0, dependencies: ["FuzzSupport"]) }
)
