// Test support, not a product: calls every entry point of the library once
// and prints one line per entry point, `name<TAB>ok` or
// `name<TAB>error<TAB>description`. PrivilegeTests runs it as an unprivileged
// user (setpriv to nobody, no capabilities) and checks that each refusal
// names what is missing.
//
// Usage: swiftbpf-privilege-probe PIN_DIRECTORY
//   PIN_DIRECTORY is on a bpffs, writable by this user, and holds `map` (a
//   sockmap) and `program` (an sk_skb program) pinned by the parent and
//   readable by this user, and `locked`, a directory this user may not write.
import BPF
import BPFInstructions
import BPFObject
import Glibc

let arguments = CommandLine.arguments
guard arguments.count == 2 else {
    print("usage: swiftbpf-privilege-probe PIN_DIRECTORY")
    exit(2)
}
let pins = arguments[1]
let program: [Instruction] = [Instruction(opcode: 0xb7, constant: 1), Instruction(opcode: 0x95)]

/// Runs one entry point and prints how it went.
func report(_ name: String, _ body: () throws -> Void) {
    do {
        try body()
        print("\(name)\tok")
    } catch {
        print("\(name)\terror\t\(String(describing: error).split(separator: "\n").joined(separator: " | "))")
    }
}

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
