import ArgumentParser
import BPF

/// A kernel object named on the command line: its machine-wide id (`42`) or
/// the path it is pinned at in a bpffs mount (`/sys/fs/bpf/counts`).
enum ObjectReference: ExpressibleByArgument, Sendable, CustomStringConvertible {
    /// A machine-wide id.
    case id(UInt32)
    /// A pinned path.
    case pinned(String)

    init?(argument: String) {
        if let id = UInt32(argument) {
            self = .id(id)
        } else if argument.contains("/") {
            self = .pinned(argument)
        } else {
            return nil
        }
    }

    /// `id 42` or `pinned /sys/fs/bpf/counts`.
    var description: String {
        switch self {
        case .id(let id): "id \(id)"
        case .pinned(let path): "pinned \(path)"
        }
    }

    static var defaultCompletionKind: CompletionKind { .file() }

    /// Opens the program this names.
    func openProgram() throws -> Program {
        switch self {
        case .id(let id): return try Program.open(id: id)
        case .pinned(let path):
            try Self.expect(.program, at: path)
            return try Program.open(pinnedAt: path)
        }
    }

    /// Opens the map this names.
    func openMap() throws -> Map {
        switch self {
        case .id(let id): return try Map.open(id: id)
        case .pinned(let path):
            try Self.expect(.map, at: path)
            return try Map.open(pinnedAt: path)
        }
    }

    /// Opens the link this names.
    func openLink() throws -> Link {
        switch self {
        case .id(let id): return try Link.open(id: id)
        case .pinned(let path):
            try Self.expect(.link, at: path)
            return try Link.open(pinnedAt: path)
        }
    }

    /// Refuses a path that holds another kind of object, which would
    /// otherwise be read with the wrong info layout.
    private static func expect(_ kind: KernelObjectKind, at path: String) throws {
        let found = try KernelObjectKind.ofObject(pinnedAt: path)
        guard found == kind else { throw CommandFailure("\(path) holds a \(found), not a \(kind)") }
    }
}

/// A failure the CLI reports itself: printed as `Error: message`, exit status 1.
struct CommandFailure: Error, CustomStringConvertible {
    /// What went wrong, for the user.
    var description: String

    init(_ description: String) {
        self.description = description
    }
}
