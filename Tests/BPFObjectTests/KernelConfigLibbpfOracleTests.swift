import Foundation
import Testing
import BPFInstructions
@testable import BPFObject

/// Compares the resolver with libbpf itself: a BPF object declaring one
/// `.kconfig` extern of every storage type is loaded by libbpf with extra
/// Kconfig text, and the bytes libbpf put in the `.kconfig` map (or its
/// refusal to load) must match what ``KconfigResolver`` produces.
@Suite struct KernelConfigLibbpfOracleTests {
    private static let externs: [KconfigExtern] = [
        KconfigExtern(name: "CONFIG_T_BOOL", type: .bool, isWeak: true),
        KconfigExtern(name: "CONFIG_T_TRI", type: .tristate, isWeak: true),
        KconfigExtern(name: "CONFIG_T_CHAR", type: .character(signed: true), isWeak: true),
        KconfigExtern(name: "CONFIG_T_S8", type: .character(signed: true), isWeak: true),
        KconfigExtern(name: "CONFIG_T_U8", type: .character(signed: false), isWeak: true),
        KconfigExtern(name: "CONFIG_T_U16", type: .integer(size: 2, signed: false), isWeak: true),
        KconfigExtern(name: "CONFIG_T_S32", type: .integer(size: 4, signed: true), isWeak: true),
        KconfigExtern(name: "CONFIG_T_U32", type: .integer(size: 4, signed: false), isWeak: true),
        KconfigExtern(name: "CONFIG_T_U64", type: .integer(size: 8, signed: false), isWeak: true),
        KconfigExtern(name: "CONFIG_T_S64", type: .integer(size: 8, signed: true), isWeak: true),
        KconfigExtern(name: "CONFIG_T_STR", type: .characterArray(length: 6), isWeak: true),
        KconfigExtern(name: "CONFIG_T_CONST_U32", type: .integer(size: 4, signed: false), isWeak: true),
        KconfigExtern(name: "LINUX_KERNEL_VERSION", type: .integer(size: 4, signed: true), isWeak: false),
    ]

    private static let bpfSource = """
        #include <linux/bpf.h>
        #include <stdbool.h>
        #include <bpf/bpf_helpers.h>
        extern bool CONFIG_T_BOOL __kconfig __weak;
        extern enum libbpf_tristate CONFIG_T_TRI __kconfig __weak;
        extern char CONFIG_T_CHAR __kconfig __weak;
        extern signed char CONFIG_T_S8 __kconfig __weak;
        extern unsigned char CONFIG_T_U8 __kconfig __weak;
        extern unsigned short CONFIG_T_U16 __kconfig __weak;
        extern int CONFIG_T_S32 __kconfig __weak;
        extern unsigned int CONFIG_T_U32 __kconfig __weak;
        extern unsigned long long CONFIG_T_U64 __kconfig __weak;
        extern long long CONFIG_T_S64 __kconfig __weak;
        extern char CONFIG_T_STR[6] __kconfig __weak;
        typedef const volatile __u32 config_word;
        extern config_word CONFIG_T_CONST_U32 __kconfig __weak;
        extern int LINUX_KERNEL_VERSION __kconfig;
        SEC("socket") int probe(void *ctx) {
            return CONFIG_T_BOOL + CONFIG_T_TRI + CONFIG_T_CHAR + CONFIG_T_S8 + CONFIG_T_U8 + CONFIG_T_U16
                + CONFIG_T_S32 + CONFIG_T_U32 + CONFIG_T_U64 + CONFIG_T_S64 + CONFIG_T_STR[0] + CONFIG_T_STR[5]
                + CONFIG_T_CONST_U32 + LINUX_KERNEL_VERSION;
        }
        char LICENSE[] SEC("license") = "GPL";
        """

    /// Loads the object with libbpf and prints `NAME OFFSET HEX` per extern
    /// and `.kconfig 0 HEX` for the whole map value, or `error`.
    private static let oracleSource = """
        #include <stdio.h>
        #include <bpf/libbpf.h>
        #include <bpf/btf.h>
        static int quiet(enum libbpf_print_level level, const char *format, va_list args) { return 0; }
        int main(int argc, char **argv) {
            libbpf_set_print(quiet);
            LIBBPF_OPTS(bpf_object_open_opts, opts, .kconfig = argv[2]);
            struct bpf_object *object = bpf_object__open_file(argv[1], &opts);
            if (!object || bpf_object__load(object)) { printf("error\\n"); return 0; }
            struct bpf_map *map = bpf_object__find_map_by_name(object, ".kconfig");
            size_t size = 0;
            const unsigned char *data = map ? bpf_map__initial_value(map, &size) : NULL;
            struct btf *btf = bpf_object__btf(object);
            int id = btf__find_by_name_kind(btf, ".kconfig", BTF_KIND_DATASEC);
            if (!data || id < 0) return 1;
            const struct btf_type *section = btf__type_by_id(btf, id);
            const struct btf_var_secinfo *info = btf_var_secinfos(section);
            printf(".kconfig 0 ");
            for (size_t j = 0; j < size; j++) printf("%02x", data[j]);
            printf("\\n");
            for (int i = 0; i < btf_vlen(section); i++, info++) {
                printf("%s %u ", btf__name_by_offset(btf, btf__type_by_id(btf, info->type)->name_off), info->offset);
                for (unsigned j = 0; j < info->size && info->offset + j < size; j++) printf("%02x", data[info->offset + j]);
                printf("\\n");
            }
            return 0;
        }
        """

    private struct Oracle {
        let directory: URL
        var object: String { directory.appendingPathComponent("externs.bpf.o").path }
        var program: String { directory.appendingPathComponent("oracle").path }

        init() throws {
            directory = FileManager.default.temporaryDirectory
                .appendingPathComponent("kconfig-oracle-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let bpf = directory.appendingPathComponent("externs.bpf.c")
            let c = directory.appendingPathComponent("oracle.c")
            try Data(bpfSource.utf8).write(to: bpf)
            try Data(oracleSource.utf8).write(to: c)
            _ = try ToolOracle.run(["clang", "-O2", "-g", "-target", "bpf", "-I/usr/include/x86_64-linux-gnu",
                                    "-c", bpf.path, "-o", object])
            _ = try ToolOracle.run(["cc", "-O1", c.path, "-o", program, "-lbpf"])
        }

        /// libbpf's offset and bytes per extern name (and `.kconfig` for the
        /// whole map value), or nil when libbpf refused to load.
        func resolve(_ kconfig: String) throws -> [String: (offset: Int, bytes: [UInt8])]? {
            let output = String(decoding: try ToolOracle.run([program, object, kconfig]), as: UTF8.self)
            if output == "error\n" { return nil }
            var values: [String: (offset: Int, bytes: [UInt8])] = [:]
            for line in output.split(separator: "\n") {
                let fields = line.split(separator: " ", omittingEmptySubsequences: false)
                let hex = Array(fields[2].utf8)
                values[String(fields[0])] = (Int(fields[1]) ?? -1, stride(from: 0, to: hex.count, by: 2).map {
                    UInt8(String(decoding: hex[$0..<$0 + 2], as: UTF8.self), radix: 16) ?? 0
                })
            }
            return values
        }
    }

    private static let scenarios = [
        """
        CONFIG_T_BOOL=y
        CONFIG_T_TRI=m
        CONFIG_T_CHAR=m
        CONFIG_T_S8=-5
        CONFIG_T_U8=y
        CONFIG_T_U16=0xffff
        CONFIG_T_S32=-100000
        CONFIG_T_U32=4000000000
        CONFIG_T_U64=0xdead000000000000
        CONFIG_T_S64=-1
        CONFIG_T_STR="abcdefgh"
        CONFIG_T_CONST_U32=0x80000000
        """,
        "",
        "CONFIG_T_BOOL=n\nCONFIG_T_TRI=y\nCONFIG_T_CHAR=-128\nCONFIG_T_U8=255\nCONFIG_T_STR=\"ab\"\nCONFIG_T_S32=2147483647",
        "# CONFIG_T_BOOL is not set\nCONFIG_T_TRI=n\nCONFIG_T_U16=0\nCONFIG_T_S64=0x7fffffffffffffff\nCONFIG_T_STR=\"\"",
        "CONFIG_T_BOOL=m",
        "CONFIG_T_BOOL=1",
        "CONFIG_T_TRI=2",
        "CONFIG_T_CHAR=128",
        "CONFIG_T_S8=-129",
        "CONFIG_T_U8=256",
        "CONFIG_T_U16=65536",
        "CONFIG_T_U32=-1",
        "CONFIG_T_S32=2147483648",
        "CONFIG_T_S32=y",
        "CONFIG_T_U64=\"text\"",
        "CONFIG_T_STR=5",
        "CONFIG_T_STR=y",
        "CONFIG_T_CONST_U32=-1",
    ]

    @Test func resolvesEveryScenarioLikeLibbpf() throws {
        let oracle = try Oracle()
        defer { try? FileManager.default.removeItem(at: oracle.directory) }

        // The storage types come from the object's own BTF, as the loader will take them.
        let file = try ELFFile(bytes: [UInt8](try Data(contentsOf: URL(fileURLWithPath: oracle.object))))
        let btfSection = try #require(file.section(named: ".BTF"))
        let btf = try BTF.parse(bytes: Array(file.data(of: btfSection)))
        let kconfig = try #require(btf.typeID(named: ".kconfig", kind: .dataSection))
        guard case .dataSection(let section) = try btf.type(kconfig).definition else {
            Issue.record(".kconfig is not a DATASEC")
            return
        }
        var classified: [String: KconfigExtern.StorageType] = [:]
        for variable in section.variables {
            guard case .variable(let type, _) = try btf.type(variable.type).definition else { continue }
            classified[try btf.name(of: variable.type)] = try KconfigExtern.StorageType(btf: btf, type: type)
        }
        #expect(classified == Dictionary(uniqueKeysWithValues: Self.externs.map { ($0.name, $0.type) }))

        let system = try KernelConfig.runningKernel()
        var refusals = 0
        let layout = KconfigLayout(Self.externs)
        for scenario in Self.scenarios {
            let expected = try oracle.resolve(scenario + "\n")
            let resolver = KconfigResolver(
                config: system.overridden(by: try KernelConfig(parsing: Array(scenario.utf8))),
                kernelVersion: KernelVersion.code(release: KernelVersion.runningRelease()),
                hasBPFCookie: false, hasSyscallWrapper: false)
            var resolved: [String: [UInt8]] = [:]
            var failures: [KconfigExternError] = []
            for extern in Self.externs {
                do {
                    resolved[extern.name] = try resolver.bytes(for: extern, byteOrder: .host)
                } catch {
                    failures.append(error)
                }
            }
            if let expected {
                #expect(failures.isEmpty, "libbpf accepts \(scenario.debugDescription): \(failures)")
                #expect(resolved == expected.filter { $0.key != ".kconfig" }.mapValues(\.bytes),
                        "scenario \(scenario.debugDescription)")
                #expect(Dictionary(uniqueKeysWithValues: layout.placements.map { ($0.extern.name, $0.offset) })
                        == expected.filter { $0.key != ".kconfig" }.mapValues(\.offset))
                #expect(try resolver.mapValue(for: layout, byteOrder: .host) == expected[".kconfig"]?.bytes)
            } else {
                refusals += 1
                #expect(failures.count == 1, "libbpf refuses \(scenario.debugDescription); resolved \(resolved)")
            }
        }
        #expect(refusals > 0 && refusals < Self.scenarios.count, "the oracle both accepts and refuses")
    }
}
