import BPF
import BPFObject

/// A program attached to a sockmap or sockhash in one ``SocketProgramRole``.
///
/// Where the kernel has sockmap links (6.10+), the attachment is a BPF link
/// (LINK_CREATE with the map as target): the program stays attached while
/// this handle, or a pin of it, lives. Elsewhere it is made with PROG_ATTACH
/// and stays attached until ``detach()`` or until the map is freed. Which one
/// the kernel supports is probed on the first attach and remembered.
///
/// Programs affect only sockets inserted after the attach: a socket takes
/// the map's programs when it enters the map and keeps them.
public final class SocketMapAttachment: Sendable, CustomStringConvertible {
    /// How the program is attached.
    public enum Mechanism: Sendable, Hashable {
        /// BPF_LINK_CREATE with the map as target (kernel 6.10+).
        case link
        /// BPF_PROG_ATTACH with the map as target.
        case programAttach
    }

    /// The role the program plays.
    public let role: SocketProgramRole
    /// The map it is attached to.
    public let map: Map
    /// How it is attached.
    public let mechanism: Mechanism
    /// The link, for ``Mechanism/link``.
    public let link: Link?
    private let state: PthreadMutex<(program: Program, attached: Bool)>

    /// What the first attach found out about this kernel.
    final class Probe: Sendable {
        /// The mechanism the kernel supports, once known.
        let mechanism = PthreadMutex<Mechanism?>(nil)
        /// The process-wide probe.
        static let shared = Probe()
    }

    init(_ program: Program, to map: Map, as role: SocketProgramRole, mechanism requested: Mechanism?,
         probe: Probe = .shared) throws(SocketMapError) {
        let context = "attach \(program.displayName) to \(map.displayName) as \(role)"
        try Self.check(program, for: role, context: context)
        try Self.checkNoConflict(map, role: role, context: context)
        let probed = probe.mechanism.withLock { $0 }
        var mechanism = requested ?? probed ?? .link
        var link: Link?
        if mechanism == .link {
            do {
                // While the mechanism is unknown, EINVAL answers the question and
                // leads to PROG_ATTACH; once it is known, a failure is diagnosed.
                let probing = requested == nil && probed == nil
                link = try Link(program: program, target: .map(map), attachType: role.attachType,
                                diagnosingFailure: !probing)
                if requested == nil { probe.mechanism.withLock { $0 = .link } }
            } catch where requested == nil && probed == nil && error.errno == .invalidArgument {
                // Kernels before 6.10 know no sockmap links and answer EINVAL.
                mechanism = .programAttach
            } catch {
                throw Self.attachRefusal(error, context: context)
            }
        }
        if mechanism == .programAttach {
            do {
                try program.attach(to: .map(map), as: role.attachType)
            } catch {
                throw Self.attachRefusal(error, context: context)
            }
            if requested == nil { probe.mechanism.withLock { $0 = .programAttach } }
        }
        self.role = role
        self.map = map
        self.mechanism = mechanism
        self.link = link
        state = PthreadMutex((program, true))
    }

    /// The program attached now.
    public var program: Program { state.withLock { $0.program } }

    /// Whether ``detach()`` was called.
    public var isDetached: Bool { state.withLock { !$0.attached } }

    /// Detaches the program from the map. Sockets already in the map keep
    /// running it until they leave the map. Later calls do nothing.
    public func detach() throws(SocketMapError) {
        try state.withLock { (state) throws(SocketMapError) in
            guard state.attached else { return }
            let context = "detach \(state.program.displayName) from \(map.displayName)"
            do throws(BPFError) {
                if let link {
                    try link.detach()
                    link.close()
                } else {
                    try state.program.detach(from: .map(map), as: role.attachType)
                }
            } catch {
                throw SocketMapError(.kernel, context: context, kernelError: error)
            }
            state.attached = false
        }
    }

    /// Puts `program` in the role instead of the current one: atomically with
    /// BPF_LINK_UPDATE for a link, by attaching again (which replaces) otherwise.
    public func replace(with program: Program) throws(SocketMapError) {
        try state.withLock { (state) throws(SocketMapError) in
            let context = "replace \(state.program.displayName) with \(program.displayName) on \(map.displayName)"
            guard state.attached else { throw SocketMapError(.detached, context: context) }
            try Self.check(program, for: role, context: context)
            do throws(BPFError) {
                if let link {
                    try link.update(to: program, replacing: state.program)
                } else {
                    try program.attach(to: .map(map), as: role.attachType)
                }
            } catch {
                throw Self.attachRefusal(error, context: context)
            }
            state.program = program
        }
    }

    /// Pins the link at `path` in a bpffs mount, so the program stays attached
    /// after this process exits.
    ///
    /// - Throws: ``SocketMapError/Reason/notPinnable`` for a PROG_ATTACH attachment.
    public func pin(at path: String) throws(SocketMapError) {
        let context = "pin the \(role) attachment of \(map.displayName) at \(path)"
        guard let link else { throw SocketMapError(.notPinnable, context: context) }
        do {
            try link.pin(at: path)
        } catch {
            throw SocketMapError(.kernel, context: context, kernelError: error)
        }
    }

    /// The role, map, program and mechanism.
    public var description: String {
        "\(program.displayName) as \(role) on \(map.displayName) via \(mechanism == .link ? "link" : "PROG_ATTACH")"
    }

    /// Throws unless `program` can play `role`.
    private static func check(_ program: Program, for role: SocketProgramRole, context: String) throws(SocketMapError) {
        guard program.type == role.programType else {
            throw SocketMapError(.wrongProgramType(role: role, actual: program.type), context: context)
        }
        let expected = program.expectedAttachType
        guard expected.rawValue == 0 || expected == role.attachType else {
            throw SocketMapError(.wrongExpectedAttachType(role: role, actual: expected), context: context)
        }
    }

    /// Throws if the map already has the program that excludes `role`.
    private static func checkNoConflict(_ map: Map, role: SocketProgramRole, context: String) throws(SocketMapError) {
        guard let excluded = role.excludedRole else { return }
        // Kernels before 5.19 cannot query sockmaps; the kernel's EBUSY still catches the conflict there.
        guard let attached = try? Program.query(.map(map), attachType: excluded.attachType) else { return }
        if !attached.ids.isEmpty {
            throw SocketMapError(.conflictingVerdict(requested: role, attached: excluded), context: context)
        }
    }

    private static func attachRefusal(_ error: BPFError, context: String) -> SocketMapError {
        SocketMapError(.kernel, context: context, kernelError: error)
    }
}
