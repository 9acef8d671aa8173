import BPFInstructions
import BPFObject

/// One CO-RE relocation pass of 200 field-offset relocations (over ten
/// kernel structs, `task_struct` among them) against the kernel's BTF, parsed
/// once beforehand as a loader shares it. The local BTF is a copy of those
/// structs, so every relocation resolves. Passes of 50, 100 and 200
/// relocations show that time and allocations grow with the relocations, not
/// with vmlinux (whose name index is built once, before measuring).
struct COREBenchmark: Benchmark {
    let name = "CO-RE relocation pass against vmlinux BTF (goal: 200 relocations < 1 ms)"
    let rounds = 101

    struct Unresolved: Error {}

    func run() throws {
        let target = try CORETarget.kernel()
        print("\(column("relocations", 12)) \(column("median ms", 10)) \(column("ns/relocation", 14)) "
              + "\(column("allocs/pass", 12)) \(column("allocs/relocation", 18))")
        for count in [50, 100, 200] {
            let workload = try Workload(vmlinux: target.vmlinux, count: count)
            var times: [Double] = []
            var allocations = 0.0
            for round in 0..<rounds {
                var instructions = workload.instructions
                var results: [CORERelocationResult] = []
                let measurement = try Measurement.of(iterations: 1) {
                    let pass = CORERelocationPass(localBTF: workload.btf, target: target)
                    results = try pass.relocate(&instructions, section: "bench", records: workload.records)
                }
                guard results.count == workload.records.count, results.allSatisfy({ $0.value != nil }) else {
                    throw Unresolved()
                }
                // The first round builds vmlinux's name index, once per process.
                guard round > 0 else { continue }
                times.append(measurement.nanoseconds)
                allocations = measurement.allocations
            }
            let median = times.sorted()[times.count / 2]
            let relocations = Double(workload.records.count)
            print("\(column("\(workload.records.count)", 12)) \(column(formatted(median / 1e6, digits: 3), 10)) "
                  + "\(column(formatted(median / relocations, digits: 0), 14)) \(column(formatted(allocations, digits: 0), 12)) "
                  + "\(column(formatted(allocations / relocations, digits: 1), 18))")
        }
    }

    /// A local BTF, code and `.BTF.ext` records as clang would emit them for `count` field-offset reads.
    struct Workload {
        var btf: BTF
        var records: [BTFCoreRelocationRecord] = []
        var instructions: [Instruction] = []

        struct Missing: Error {}

        init(vmlinux: BTF, count: Int) throws {
            let structs = ["task_struct", "sk_buff", "sock", "file", "inode", "mm_struct", "net_device",
                           "super_block", "dentry", "cred"]
            let roots = structs.compactMap { vmlinux.typeID(named: $0, kind: .structure) }
            guard roots.count == structs.count else { throw Missing() }
            var builder = BTFBuilder()
            let copied = try builder.copy(roots, from: vmlinux)
            // Plain members (no bitfields, named, offsets that fit an instruction).
            var perStruct: [[(root: BTFTypeID, access: String, offset: Int64)]] = []
            for root in roots {
                guard let local = copied[root], case .structure(let composite)? = builder[local]?.definition else { continue }
                perStruct.append(composite.members.enumerated().filter { _, member in
                    !member.name.isEmpty && member.bitfieldSize == 0 && member.bitOffset % 8 == 0
                }.map { index, member in (local, "0:\(index)", Int64(member.bitOffset / 8)) })
            }
            // Round-robin over the structs, as a program touching several would.
            var accesses: [(root: BTFTypeID, access: String, offset: Int64)] = []
            var depth = 0
            while accesses.count < count, perStruct.contains(where: { $0.count > depth }) {
                for members in perStruct where members.count > depth && accesses.count < count {
                    accesses.append(members[depth])
                }
                depth += 1
            }
            // The access strings become names so that the string section holds them.
            let int = builder.add(BTFType(name: "int", .int(BTFInteger(size: 4, encoding: .signed, bitCount: 32))))
            for access in Set(accesses.map(\.access)) { _ = builder.add(BTFType(name: access, .typedef(int))) }
            let bytes = try builder.marshal(byteOrder: .host)
            btf = try BTF.parse(bytes: bytes)
            let offsets = Self.stringOffsets(bytes)
            for (position, access) in accesses.prefix(count).enumerated() {
                guard let stringOffset = offsets[access.access] else { throw Missing() }
                records.append(BTFCoreRelocationRecord(
                    instructionOffset: UInt32(position * 8), type: access.root, accessStringOffset: stringOffset,
                    kind: 0))
                instructions.append(Instruction(opcode: 0xb7, constant: access.offset))
            }
        }

        /// Each string of a host-order BTF blob's string section, by offset.
        private static func stringOffsets(_ bytes: [UInt8]) -> [String: UInt32] {
            func word(_ at: Int) -> Int {
                bytes.withUnsafeBytes { Int($0.loadUnaligned(fromByteOffset: at, as: UInt32.self)) }
            }
            let start = word(4) + word(16)
            let strings = bytes[start..<(start + word(20))]
            var offsets: [String: UInt32] = [:]
            var offset = 0
            for piece in strings.split(separator: 0, omittingEmptySubsequences: false) {
                offsets[String(decoding: piece, as: UTF8.self)] = UInt32(offset)
                offset += piece.count + 1
            }
            return offsets
        }
    }
}
