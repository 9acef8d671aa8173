import BPF
import BPFInstructions
import BPFObject
import BPFSockets

/// Calls every entry point of the library once and prints one line per
/// entry point, `name<TAB>ok` or `name<TAB>error<TAB>description`.
/// PrivilegeTests runs this as an unprivileged user (setpriv to nobody, no
/// capabilities) and checks that each refusal names what is missing.
///
/// `pins` is a directory on a bpffs, writable by this user, holding `map` (a
/// sockmap) and `program` (an sk_skb program) pinned by the parent and
/// readable by this user, and `locked`, a directory this user may not write.
enum EntryPoints {
    static func run(pins: String) {
        let program = ProbeProgram.returning(1)
        report("map create") { _ = try Map(MapParameters(type: .hash, keySize: 4, valueSize: 8, maxEntries: 1)) }
        report("program load") { _ = try Program(ProgramParameters(type: .socketFilter, instructions: program)) }
        report("btf load") {
            var builder = BTFBuilder()
            builder.add(BTFType(name: "int", .int(BTFInteger(size: 4, encoding: .signed, bitCount: 32))))
            _ = try KernelBTF(bytes: try builder.marshal())
        }
        report("object ids") { _ = try KernelObjectKind.map.ids() }
        report("open by id") { _ = try Map.open(id: 1) }
        report("run-time statistics") { _ = try RunTimeStatistics.enable() }
        report("sockmap create") { _ = try SockMap(capacity: 1) }
        report("feature probe") { try FeatureProbe.require(.mapType(.sockhash), for: "create a sockhash") }

        // Objects the parent pinned: opening them needs only file permissions, so
        // the operations on them are what is checked.
        report("open pinned") { _ = try Map.open(pinnedAt: "\(pins)/map") }
        report("attach") {
            let map = try Map.open(pinnedAt: "\(pins)/map")
            let verdict = try Program.open(pinnedAt: "\(pins)/program")
            try verdict.attach(to: .map(map), as: .socketSKBStreamVerdict)
        }
        report("link create") {
            let map = try Map.open(pinnedAt: "\(pins)/map")
            let verdict = try Program.open(pinnedAt: "\(pins)/program")
            _ = try Link(program: verdict, target: .map(map), attachType: .socketSKBStreamParser)
        }
        report("pin") {
            let map = try Map.open(pinnedAt: "\(pins)/map")
            try map.pin(at: "\(pins)/unprivileged-pin")
        }
        report("pin into a locked directory") {
            let map = try Map.open(pinnedAt: "\(pins)/map")
            try map.pin(at: "\(pins)/locked/map")
        }
    }

    /// Runs one entry point and prints how it went.
    private static func report(_ name: String, _ body: () throws -> Void) {
        do {
            try body()
            print("\(name)\tok")
        } catch {
            print("\(name)\terror\t\(String(describing: error).split(separator: "\n").joined(separator: " | "))")
        }
    }
}
