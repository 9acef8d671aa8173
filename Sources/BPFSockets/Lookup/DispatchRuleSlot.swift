import BPF

/// Where the socket dispatcher keeps its rules, so that a change is atomic
/// as the sk_lookup program sees it: an array-of-maps whose only element
/// points at an array map holding the whole list.
///
/// Updating an array map's element copies the new value over the old one
/// in place, so a lookup running during the copy could read a list half
/// old and half new. Here a list, once published, is never written again:
/// each change fills a fresh inner map and then points the outer element
/// at it, a single pointer exchange in the kernel. A program that fetched
/// the previous list keeps reading it whole; the kernel frees it only after
/// an RCU grace period, when no program can hold it any more.
struct DispatchRuleSlot: Sendable {
    /// The array-of-maps the program reads: key 0 holds the current list.
    let outer: Map

    /// Creates the slot, empty until the first ``publish(_:context:)``.
    init() throws(BPFError) {
        let template = try Self.list(named: "dispatch_list")
        defer { template.close() }
        outer = try Map(MapParameters(type: .arrayOfMaps, keySize: 4, valueSize: 4, maxEntries: 1,
                                      name: "dispatch_rules", innerMap: template))
    }

    /// Makes `rules` the list every later program run reads.
    ///
    /// - Throws: ``SocketMapError/Reason/tooManyRules(capacity:)`` past
    ///   ``DispatchProgram/capacity`` rules, or the kernel's refusal.
    func publish(_ rules: [DispatchRule], context: String) throws(SocketMapError) {
        guard rules.count <= DispatchProgram.capacity else {
            throw SocketMapError(.tooManyRules(capacity: DispatchProgram.capacity), context: context)
        }
        var records = rules.map(\.record)
        records += repeatElement(.empty, count: DispatchProgram.capacity - records.count)
        do throws(BPFError) {
            let list = try Self.list(named: "dispatch_list")
            // The outer map keeps the list alive once it points at it.
            defer { list.close() }
            let key = UInt32(0)
            // Array's withUnsafeBytes only rethrows untyped errors; carry the typed one out.
            try records.withUnsafeBytes { value in
                withUnsafeBytes(of: key) { key in
                    Result { () throws(BPFError) in try list.update(key: key, value: value) }
                }
            }.get()
            try list.descriptor.withRawValue { (fd) throws(BPFError) in
                try outer.update(key, UInt32(bitPattern: fd))
            }
        } catch {
            throw SocketMapError(.kernel, context: context, kernelError: error)
        }
    }

    /// An array map with one element of ``DispatchProgram/capacity`` rule records.
    private static func list(named name: String) throws(BPFError) -> Map {
        try Map(MapParameters(type: .array, keySize: 4,
                              valueSize: UInt32(DispatchProgram.capacity * DispatchRuleRecord.size),
                              maxEntries: 1, name: name))
    }
}
