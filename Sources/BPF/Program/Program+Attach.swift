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

    /// The programs attached to `target` as `attachType` (BPF_PROG_QUERY), with
    /// each one's attach flags and, for attach points that hold links (tcx and
    /// netkit, 6.6+), the id and flags of the link holding it.
    ///
    /// - Parameters:
    ///   - flags: `query_flags`; with `BPF_F_QUERY_EFFECTIVE` (1) a cgroup answers with the
    ///     programs that run, inherited ones included, and no per-program flags.
    public static func query(_ target: AttachTarget, attachType: AttachType,
                             flags: UInt32 = 0) throws(BPFError) -> AttachedPrograms {
        // The kernel refuses per-program flags for an effective query.
        let wantsProgramFlags = flags & effectiveQueryFlag == 0
        return try target.withRawValue { targetFD throws(BPFError) in
            var capacity = 64
            while true {
                var ids = [UInt32](repeating: 0, count: capacity)
                var programFlags = ids
                var linkIDs = ids
                var linkFlags = ids
                var attributes = ProgramQueryAttributes()
                attributes.targetFD = targetFD
                attributes.attachType = attachType.rawValue
                attributes.queryFlags = flags
                attributes.count = UInt32(truncatingIfNeeded: capacity)
                let result = ids.withUnsafeMutableBufferPointer { ids in
                    programFlags.withUnsafeMutableBufferPointer { programFlags in
                        linkIDs.withUnsafeMutableBufferPointer { linkIDs in
                            linkFlags.withUnsafeMutableBufferPointer { linkFlags in
                                attributes.programIDs = UInt64(UInt(bitPattern: ids.baseAddress))
                                attributes.programAttachFlags =
                                    wantsProgramFlags ? UInt64(UInt(bitPattern: programFlags.baseAddress)) : 0
                                attributes.linkIDs = UInt64(UInt(bitPattern: linkIDs.baseAddress))
                                attributes.linkAttachFlags = UInt64(UInt(bitPattern: linkFlags.baseAddress))
                                return SystemCall.bpf(.programQuery, &attributes)
                            }
                        }
                    }
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
                return AttachedPrograms(count: Int(attributes.count), ids: ids,
                                        programAttachFlags: wantsProgramFlags ? programFlags : nil,
                                        linkIDs: linkIDs, linkAttachFlags: linkFlags,
                                        attachFlags: attributes.attachFlags, revision: attributes.revision)
            }
        }
    }

    /// `BPF_F_QUERY_EFFECTIVE`.
    private static let effectiveQueryFlag: UInt32 = 1
}
