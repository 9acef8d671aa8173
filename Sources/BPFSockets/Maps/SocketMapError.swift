import BPF
import BPFObject

/// Why a sockmap or sockhash operation failed, with what to do about it.
///
/// Each errno the kernel returns for these maps has one documented meaning;
/// ``reason`` names it, and ``description`` says how to fix the call.
public struct SocketMapError: Error, Sendable, CustomStringConvertible {
    /// What went wrong.
    public enum Reason: Sendable, Hashable {
        /// EOPNOTSUPP: the kernel refuses this kind of socket or its state.
        case unsupportedSocket(SocketDescription)
        /// ENOTSOCK: the descriptor is not a socket.
        case notASocket(descriptor: Int32)
        /// EBUSY: the socket already has a parser or verdict program from another map.
        case socketHasPrograms
        /// E2BIG: the index is past the sockmap's capacity.
        case indexOutOfRange(index: UInt32, capacity: Int)
        /// E2BIG from a sockhash: every entry is taken.
        case mapFull(capacity: Int)
        /// EEXIST: `.noExist` was given and the slot is taken.
        case slotOccupied
        /// ENOENT: `.exist` was given (or a removal asked) and the slot is empty.
        case slotEmpty
        /// ENOSPC on lookup: the map stores 4-byte values, which cannot hold a cookie.
        case lookupNeedsEightByteValues
        /// The map handle is not a sockmap or sockhash of the expected shape.
        case wrongMap(expected: MapType, keySize: Int, actual: String)
        /// The program's type does not fit the role.
        case wrongProgramType(role: SocketProgramRole, actual: ProgramType)
        /// The program was loaded for another attach type than the role's.
        case wrongExpectedAttachType(role: SocketProgramRole, actual: AttachType)
        /// stream_verdict and skb_verdict exclude each other on one map.
        case conflictingVerdict(requested: SocketProgramRole, attached: SocketProgramRole)
        /// A program attached without a link cannot be pinned.
        case notPinnable
        /// More dispatch rules than the program checks.
        case tooManyRules(capacity: Int)
        /// The attachment was detached already.
        case detached
        /// Another kernel refusal; see ``SocketMapError/kernelError``.
        case kernel
    }

    /// What went wrong.
    public let reason: Reason
    /// What the library was doing, such as `insert socket 7 into sockmap 'pairs'`.
    public let context: String
    /// The kernel's answer, when the failure came from a system call.
    public let kernelError: BPFError?

    /// Creates an error.
    public init(_ reason: Reason, context: String, kernelError: BPFError? = nil) {
        self.reason = reason
        self.context = context
        self.kernelError = kernelError
    }

    /// The context, what happened and what to do.
    public var description: String {
        "\(context): \(advice)"
    }

    private var advice: String {
        switch reason {
        case let .unsupportedSocket(socket):
            "the kernel refuses a \(socket) (EOPNOTSUPP); sockmaps accept only \(SocketDescription.acceptedSockets)"
        case let .notASocket(descriptor):
            "descriptor \(descriptor) is not a socket (ENOTSOCK); pass a socket's descriptor"
        case .socketHasPrograms:
            "the socket already belongs to another map that has a parser or verdict program (EBUSY); "
                + "a socket can take programs from one map only: remove it there, or detach that map's programs"
        case let .indexOutOfRange(index, capacity):
            "index \(index) is past the sockmap's \(capacity) slots (E2BIG); use 0..<\(capacity) or a larger map"
        case let .mapFull(capacity):
            "the sockhash holds its maximum of \(capacity) sockets (E2BIG); remove some or create a larger one"
        case .slotOccupied:
            "the slot already holds a socket and .noExist was given (EEXIST); remove it first or use .any"
        case .slotEmpty:
            "the slot holds no socket (ENOENT); insert with .any or .noExist"
        case .lookupNeedsEightByteValues:
            "the map has 4-byte values, so the kernel cannot return the 8-byte socket cookie (ENOSPC); "
                + "create it with 8-byte values to look sockets up"
        case let .wrongMap(expected, keySize, actual):
            "expected a \(expected) map with \(keySize)-byte keys and 4- or 8-byte values, got \(actual)"
        case let .wrongProgramType(role, actual):
            "a \(role) program must be of type \(role.programType), not \(actual)"
        case let .wrongExpectedAttachType(role, actual):
            "the program was loaded for attach type \(actual); load it with expected attach type "
                + "\(role.attachType) (or none) to attach it as \(role)"
        case let .conflictingVerdict(requested, attached):
            "the map already has a \(attached) program, and \(requested) and \(attached) exclude each other; "
                + "detach the \(attached) program first"
        case .notPinnable:
            "the program was attached with PROG_ATTACH (this kernel has no sockmap links), which has nothing to pin"
        case let .tooManyRules(capacity):
            "the dispatcher checks at most \(capacity) rules; merge prefixes or port ranges"
        case .detached:
            "the program was detached already"
        case .kernel:
            kernelError?.description ?? "the kernel refused"
        }
    }
}
