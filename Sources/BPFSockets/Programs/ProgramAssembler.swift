import BPF
import BPFInstructions
import BPFObject

/// Assembles a built-in program written with the instruction builder, links
/// its map references to live maps and loads it.
enum ProgramAssembler {
    /// Loads `statements` as a `type` program for `attachType`, resolving
    /// `.loadMap(_, named:)` references from `maps`.
    static func load(_ statements: [Statement], type: ProgramType, attachType: AttachType, name: String,
                     maps: [String: Map], logLevel: VerifierLogLevel = []) throws(BPFError) -> Program {
        let assembly: Assembly
        do {
            assembly = try Assembly(statements)
        } catch {
            throw BPFError(.system("assemble"), errno: .invalidArgument, context: "assemble '\(name)': \(error)")
        }
        return try withDescriptors(of: Array(maps)[...], resolved: [:]) { (fds) throws(BPFError) in
            let instructions: [Instruction]
            do {
                instructions = try assembly.linked { fds[$0.symbol] }
            } catch {
                throw BPFError(.system("link"), errno: .invalidArgument, context: "link '\(name)': \(error)")
            }
            return try Program(ProgramParameters(type: type, instructions: instructions, name: name,
                                                 expectedAttachType: attachType, logLevel: logLevel))
        }
    }

    /// Runs `body` with every map's descriptor number, each kept open until it returns.
    private static func withDescriptors<Result>(
        of maps: ArraySlice<(key: String, value: Map)>, resolved: [String: Int32],
        _ body: ([String: Int32]) throws(BPFError) -> Result
    ) throws(BPFError) -> Result {
        guard let (name, map) = maps.first else { return try body(resolved) }
        return try map.descriptor.withRawValue { (fd) throws(BPFError) in
            var resolved = resolved
            resolved[name] = fd
            return try withDescriptors(of: maps.dropFirst(), resolved: resolved, body)
        }
    }
}
