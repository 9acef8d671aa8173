import BPFObject
import Foundation
import HardeningSupport
import Glibc
import Testing

@testable import BPF

/// Every entry point, called by a process without privileges, fails with an
/// error that names what is missing.
///
/// The calls run in a child process, `swiftbpf-hardening-probe entry-points`
/// (built next to the test bundle), started through `setpriv` as nobody
/// (65534) with no groups and every capability dropped from all sets.
@Suite("Privileges")
struct PrivilegeTests {
    /// The probe's lines, by entry point: nil for success, else the error text.
    private func runProbe(pinDirectory: String) throws -> [String: String?] {
        let outcome = try ProbeProcess.run(["entry-points", pinDirectory], unprivileged: true)
        #expect(outcome.status == 0, "\(outcome.text)")
        var results: [String: String?] = [:]
        for fields in outcome.lines where fields.count >= 2 {
            results[fields[0]] = fields[1] == "ok" ? nil : (fields.count == 3 ? fields[2] : "")
        }
        return results
    }

    /// A directory in the private bpffs that nobody may write, holding a
    /// sockmap and an sk_skb program that nobody may open, and `locked`, a
    /// directory only root may write.
    private func pinnedObjects() throws -> (directory: String, map: Map, program: Program) {
        let directory = Environment.pinPath("unprivileged")
        #expect(mkdir(directory, 0o777) == 0 && chmod(directory, 0o777) == 0)
        #expect(mkdir("\(directory)/locked", 0o755) == 0)
        let map = try Map(MapParameters(type: .sockmap, keySize: 4, valueSize: 8, maxEntries: 1, name: "unprivileged"))
        let program = try TestPrograms.load(.socketSKB, returning: 1, name: "unprivileged")
        try map.pin(at: "\(directory)/map")
        try program.pin(at: "\(directory)/program")
        for name in ["map", "program"] { #expect(chmod("\(directory)/\(name)", 0o666) == 0) }
        return (directory, map, program)
    }

    private func remove(_ directory: String) {
        for name in ["map", "program", "unprivileged-pin"] { unlink("\(directory)/\(name)") }
        rmdir("\(directory)/locked")
        rmdir(directory)
    }

    @Test func everyEntryPointNamesTheMissingPrivilege() throws {
        let (directory, map, program) = try pinnedObjects()
        defer { remove(directory) }
        let results = try runProbe(pinDirectory: directory)
        #expect(results.count == 13, "\(results)")

        // Creating anything needs CAP_BPF.
        for entry in ["map create", "program load", "btf load", "sockmap create"] {
            let message = try #require(results[entry] ?? nil, "\(entry) succeeded without privileges")
            #expect(message.contains("EPERM") && message.contains("CAP_BPF"), "\(entry): \(message)")
        }
        // Walking and opening objects by id, and statistics, need CAP_SYS_ADMIN.
        for entry in ["object ids", "open by id", "run-time statistics"] {
            let message = try #require(results[entry] ?? nil, "\(entry) succeeded without privileges")
            #expect(message.contains("EPERM") && message.contains("CAP_SYS_ADMIN"), "\(entry): \(message)")
        }
        // Pinning into a directory this user may not write is refused by the
        // filesystem, and the message says to check the path's owner and mode.
        let locked = try #require(results["pin into a locked directory"] ?? nil, "pinned into a locked directory")
        #expect(locked.contains("EACCES") && locked.contains("may not write"), "\(locked)")
        // The kernel checks privilege when objects are created, not when they
        // are used: a process handed a map and a program (here through pins
        // it may open) may attach, link and pin them without any capability.
        for entry in ["open pinned", "attach", "link create", "pin"] {
            #expect(results[entry] == .some(nil), "\(entry): \(String(describing: results[entry]))")
        }
        // The child's PROG_ATTACH outlives it; its link died with it.
        let verdictID = try program.info().id
        #expect(try Program.query(.map(map), attachType: .socketSKBStreamVerdict).ids == [verdictID])
        #expect(try Program.query(.map(map), attachType: .socketSKBStreamParser).ids.isEmpty)
        try program.detach(from: .map(map), as: .socketSKBStreamVerdict)
        // A feature probe cannot tell without CAP_BPF, and says so.
        let probe = try #require(results["feature probe"] ?? nil, "the feature probe succeeded without privileges")
        #expect(probe.contains("map type sockhash could not be probed") && probe.contains("CAP_BPF"), "\(probe)")
    }
}
