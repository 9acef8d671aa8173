// swift-tools-version: 6.1
import PackageDescription

/// The library targets use nothing beyond the Swift toolchain. The CLI adds
/// swift-argument-parser. Test-only C modules (uapi layout, libelf oracle) live
/// under Tests/ and are never linked into a product.
let package = Package(
    name: "swift-bpf",
    products: [
        .library(name: "BPFInstructions", targets: ["BPFInstructions"]),
        .library(name: "BPFObject", targets: ["BPFObject"]),
        .library(name: "BPF", targets: ["BPF"]),
        .library(name: "BPFSockets", targets: ["BPFSockets"]),
        .executable(name: "swiftbpf", targets: ["swiftbpf"]),
        .executable(name: "swiftbpf-bench", targets: ["swiftbpf-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // The bpf(2) trampoline: the only C in the products.
        .target(name: "CBPF"),
        // Pure: the instruction set, a builder and a disassembler.
        .target(name: "BPFInstructions"),
        // Pure: ELF, BTF, CO-RE and ObjectSpec. No syscalls, so it can be fuzzed.
        .target(name: "BPFObject", dependencies: ["BPFInstructions"]),
        // Runtime: syscall layer, maps, programs, links, loader. It takes the kernel
        // enums (map, program and attach types) from BPFObject, as aya does from aya-obj.
        .target(
            name: "BPF",
            dependencies: ["CBPF", "BPFInstructions", "BPFObject"],
            swiftSettings: [.define("ENABLE_MOCKING", .when(configuration: .debug))]
        ),
        // The typed socket API on top of the runtime.
        .target(name: "BPFSockets", dependencies: ["BPF"]),
        .executableTarget(
            name: "swiftbpf",
            dependencies: [
                "BPF", "BPFObject", "BPFSockets", "BPFInstructions",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Benchmark-only C: counts heap allocations by replacing malloc. Never
        // linked into a library.
        .target(name: "CAllocationCounter", path: "Benchmarks/CAllocationCounter"),
        .executableTarget(
            name: "swiftbpf-bench",
            dependencies: ["BPF", "BPFObject", "BPFSockets", "BPFInstructions", "CBPF", "CAllocationCounter"],
            path: "Benchmarks/swiftbpf-bench"
        ),
        .testTarget(name: "BPFInstructionsTests", dependencies: ["BPFInstructions"]),
        // Test-only: libelf as the oracle for the ELF reader's differential test.
        .target(name: "LibELFOracle", path: "Tests/LibELFOracle", linkerSettings: [.linkedLibrary("elf")]),
        // Test-only: TestObjects/expected.json decoded, shared by the object and loader tests.
        .target(name: "TestObjectCatalog", path: "Tests/TestObjectCatalog"),
        .testTarget(name: "BPFObjectTests", dependencies: ["BPFObject", "LibELFOracle", "TestObjectCatalog"]),
        // Test-only C: the uapi layout table from <linux/bpf.h>, and unshare(2).
        .target(name: "CBPFTestSupport", path: "Tests/CBPFTestSupport"),
        // Test-only: counts the kernel objects and descriptors a test created, for leak checks.
        .target(name: "HardeningSupport", dependencies: ["BPF"], path: "Tests/HardeningSupport"),
        // Test-only: the CO-RE TestObjects, the custom target BTF and the oracles (C layout, libbpf's log),
        // shared by the loader tests and the CLI tests.
        .target(name: "COREOracles", dependencies: ["BPFObject", "BPFInstructions"], path: "Tests/COREOracles"),
        .testTarget(name: "BPFTests", dependencies: ["BPF", "BPFInstructions", "BPFObject", "CBPFTestSupport",
                                                  "TestObjectCatalog", "HardeningSupport", "COREOracles"]),
        .testTarget(name: "BPFSocketsTests", dependencies: ["BPFSockets", "BPF", "HardeningSupport"]),
        // Runs the built swiftbpf binary (swift build builds it) against bpftool and the objects it creates.
        .testTarget(
            name: "SwiftBPFCLITests",
            dependencies: ["BPF", "BPFInstructions", "BPFObject", "CBPFTestSupport", "COREOracles"]
        ),
        // Test-only: runs entry points in a process of their own, without
        // privileges (PrivilegeTests) or alone for exact leak counts (HardeningLeakTests).
        .executableTarget(
            name: "swiftbpf-hardening-probe",
            dependencies: [
                "BPF", "BPFObject", "BPFInstructions", "BPFSockets", "CBPFTestSupport", "HardeningSupport",
                "TestObjectCatalog",
            ],
            path: "Tests/HardeningProbe"
        ),
    ]
)
