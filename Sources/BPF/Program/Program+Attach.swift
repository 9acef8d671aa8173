import BPFObject

extension Program {
    /// Attaches the program to `target` (BPF_PROG_ATTACH). It stays attached
    /// until detached, even after this process exits.
    ///
    /// - Parameters:
    ///   - replacing: with ``AttachFlags/replace``, the program to replace.
    public func attach(to target: AttachTarget, as attachType: AttachType, flags: AttachFlags = [],
                       replacing old: Program? = nil) throws(BPFError) {
        try target.withRawValue { targetFD throws(BPFError) in
            try descriptor.withRawValue { programFD throws(BPFError) in
                try OwnedDescriptor.borrowing(old?.descriptor) { oldFD throws(BPFError) in
                    var attributes = ProgramAttachAttributes()
                    attributes.targetFD = targetFD
                    attributes.attachBPFFD = UInt32(bitPattern: programFD)
                    attributes.attachType = attachType.rawValue
                    attributes.attachFlags = flags.rawValue
                    attributes.replaceBPFFD = oldFD
                    _ = try SystemCall.check(.programAttach, &attributes,
                                             "attach \(displayName) to \(target.displayName) as \(attachType)")
                }
            }
        }
    }

    /// Detaches the program from `target` (BPF_PROG_DETACH).
    public func detach(from target: AttachTarget, as attachType: AttachType) throws(BPFError) {
        try target.withRawValue { targetFD throws(BPFError) in
            try descriptor.withRawValue { programFD throws(BPFError) in
                var attributes = ProgramAttachAttributes()
                attributes.targetFD = targetFD
                attributes.attachBPFFD = UInt32(bitPattern: programFD)
                attributes.attachType = attachType.rawValue
                _ = try SystemCall.check(.programDetach, &attributes,
                                         "detach \(displayName) from \(target.displayName) as \(attachType)")
            }
        }
    }

    /// The programs attached to `target` as `attachType` (BPF_PROG_QUERY).
    public static func query(_ target: AttachTarget, attachType: AttachType,
                             flags: UInt32 = 0) throws(BPFError) -> AttachedPrograms {
        try target.withRawValue { targetFD throws(BPFError) in
            var capacity = 64
            while true {
                var ids = [UInt32](repeating: 0, count: capacity)
                var attributes = ProgramQueryAttributes()
                let result = ids.withUnsafeMutableBufferPointer { ids in
                    attributes.targetFD = targetFD
                    attributes.attachType = attachType.rawValue
                    attributes.queryFlags = flags
                    attributes.programIDs = UInt64(UInt(bitPattern: ids.baseAddress))
                    attributes.count = UInt32(truncatingIfNeeded: ids.count)
                    return SystemCall.bpf(.programQuery, &attributes)
                }
                let errno = Errno(rawValue: Int32(truncatingIfNeeded: -result))
                if result < 0, errno == .noSpace, Int(attributes.count) > capacity {
                    capacity = Int(attributes.count)
                    continue
                }
                guard result >= 0 else {
                    throw BPFError(.command(.programQuery), errno: errno,
                                   context: "query \(attachType) programs on \(target.displayName)")
                }
                return AttachedPrograms(ids: Array(ids.prefix(Int(attributes.count))),
                                        attachFlags: AttachFlags(rawValue: attributes.attachFlags),
                                        revision: attributes.revision)
            }
        }
    }
}

/// The answer of BPF_PROG_QUERY.
public struct AttachedPrograms: Sendable, Hashable {
    /// The ids of the attached programs, in run order.
    public var ids: [UInt32]
    /// The flags the attach point was set up with.
    public var attachFlags: AttachFlags
    /// The attach point's revision, which changes with each attach or detach (6.6+).
    public var revision: UInt64
}
