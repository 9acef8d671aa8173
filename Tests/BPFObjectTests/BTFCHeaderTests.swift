import BPFObject
import Foundation
import Testing

/// The C header from the kernel's BTF, checked by compiling against it.
@Suite struct BTFCHeaderTests {
    @Test func programUsingKernelTypesCompilesAgainstTheVmlinuxHeader() throws {
        let directory = try Self.directoryWithVmlinuxHeader()
        defer { try? FileManager.default.removeItem(at: directory) }
        let program = """
            #include "vmlinux.h"
            #define SEC(name) __attribute__((section(name), used))

            SEC("socket") int read_skb(struct __sk_buff *skb) {
                struct bpf_sock *sk = skb->sk;
                if (!sk) return 0;
                return skb->len + skb->protocol + sk->family + sk->src_port + sk->dst_ip4;
            }

            SEC("kprobe/do_nanosleep") int read_task(struct task_struct *task) {
                return task->pid + task->tgid + task->real_parent->pid + task->comm[0];
            }

            char LICENSE[] SEC("license") = "GPL";

            """
        try program.write(to: directory.appendingPathComponent("program.c"), atomically: true, encoding: .utf8)
        let result = TestInputs.run("clang", ["-target", "bpf", "-O2", "-g", "-c",
                                              directory.appendingPathComponent("program.c").path,
                                              "-o", directory.appendingPathComponent("program.o").path])
        #expect(result.status == 0, "\(result.error.prefix(4_000))")
        // The compiled object's BTF records the kernel types it used.
        let object = try ELFFile(bytes: try TestInputs.read(directory.appendingPathComponent("program.o").path))
        let objectBTF = try BTF.parse(bytes: try #require(BTFFixtures.btfSection(of: object)))
        #expect(objectBTF.typeID(named: "task_struct", kind: .structure) != nil)
    }

    @Test func headerLayoutsMatchTheBTFSizesAndAlignments() throws {
        let btf = try #require(BTFFixtures.vmlinux)
        let directory = try Self.directoryWithVmlinuxHeader()
        defer { try? FileManager.default.removeItem(at: directory) }
        // Every uniquely named struct and union: clang's sizeof and _Alignof must equal the BTF's.
        var seen: [String: Int] = [:]
        var candidates: [(keyword: String, name: String, id: BTFTypeID)] = []
        // Struct, union and enum tags share a namespace: a name used twice gets a suffix in the header.
        for id in btf.ownTypeIDs {
            let kind = try btf.kind(of: id)
            guard [.structure, .union, .enumeration, .enumeration64].contains(kind) else { continue }
            let name = try btf.name(of: id)
            guard !name.isEmpty else { continue }
            seen[name, default: 0] += 1
            if kind == .structure || kind == .union {
                candidates.append((kind == .structure ? "struct" : "union", name, id))
            }
        }
        var checks = "#include \"vmlinux.h\"\n"
        for candidate in candidates where seen[candidate.name] == 1 {
            let size = try btf.size(of: candidate.id)
            let alignment = try btf.alignment(of: candidate.id)
            checks += "_Static_assert(sizeof(\(candidate.keyword) \(candidate.name)) == \(size), \"\(candidate.name)\");\n"
            checks += "_Static_assert(_Alignof(\(candidate.keyword) \(candidate.name)) == \(alignment), \"\(candidate.name)\");\n"
        }
        try checks.write(to: directory.appendingPathComponent("checks.c"), atomically: true, encoding: .utf8)
        let result = TestInputs.run("clang", ["-target", "bpf", "-fsyntax-only", "-ferror-limit=0",
                                              directory.appendingPathComponent("checks.c").path])
        #expect(result.status == 0, "\(result.error.prefix(4_000))")
        #expect(candidates.count > 1_000)
    }

    /// The kernel's header text, generated once for the tests that compile against it.
    private static let vmlinuxHeader: String? = try? BTFFixtures.vmlinux?.cHeader()

    /// A fresh directory holding `vmlinux.h`.
    private static func directoryWithVmlinuxHeader() throws -> URL {
        let directory = TestInputs.temporaryDirectory()
        try #require(vmlinuxHeader).write(to: directory.appendingPathComponent("vmlinux.h"), atomically: true, encoding: .utf8)
        return directory
    }

    @Test(arguments: BTFFixtures.objectsWithBTF)
    func objectHeadersCompile(path: String) throws {
        let file = try ELFFile(bytes: try TestInputs.read(path))
        let btf = try BTF.parse(bytes: try #require(BTFFixtures.btfSection(of: file)))
        let directory = TestInputs.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let header = directory.appendingPathComponent("object.h")
        try btf.cHeader().write(to: header, atomically: true, encoding: .utf8)
        let result = TestInputs.run("clang", ["-target", "bpf", "-fsyntax-only", "-x", "c", header.path])
        #expect(result.status == 0, "\(result.error.prefix(4_000))")
    }
}
