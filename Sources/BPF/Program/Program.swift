import BPFInstructions
import BPFObject

/// A BPF program loaded into the kernel.
public final class Program: KernelObject, CustomStringConvertible {
    /// The descriptor.
    public let descriptor: OwnedDescriptor
    /// The program's type.
    public let type: ProgramType
    /// The name the kernel kept.
    public let name: String
    /// The verifier's log of a successful load, when a log level was asked for.
    public let verifierLog: VerifierLog?
    /// The attach type the program was loaded for; 0 when it was opened by id
    /// or pin, since the kernel does not report it.
    public let expectedAttachType: AttachType

    /// Loads and verifies a program (BPF_PROG_LOAD).
    ///
    /// - Throws: a ``BPFError`` whose ``BPFError/log`` holds the verifier's
    ///   complete log when the verifier rejects the program.
    public init(_ parameters: ProgramParameters) throws(BPFError) {
        let context = "load \(parameters.type) program '\(parameters.name)'"
        if let index = parameters.instructions.firstIndex(where: \.namesAuxiliaryRegister) {
            // The kernel would refuse it too, with a bare EINVAL; saying which instruction helps more.
            throw BPFError(.command(.programLoad), errno: .invalidArgument,
                           context: "\(context): instruction \(index) names r11, the verifier's auxiliary register, "
                               + "which programs cannot use")
        }
        let code = parameters.instructions.encoded()
        let name = ObjectName(parameters.name)
        var log = KernelLogBuffer(level: parameters.logLevel)
        while true {
            var attributes = ProgramLoadAttributes()
            attributes.programType = parameters.type.rawValue
            attributes.instructionCount = UInt32(truncatingIfNeeded: code.count / Instruction.slotSize)
            attributes.kernelVersion = parameters.kernelVersion
            attributes.programFlags = parameters.flags.rawValue
            attributes.programName = name
            attributes.programIfindex = parameters.interfaceIndex
            attributes.expectedAttachType = parameters.expectedAttachType.rawValue
            attributes.attachBTFID = parameters.attachBTFID
            let result = try Self.borrowing(parameters) { btfFD, attachFD, descriptors throws(BPFError) in
                attributes.programBTFFD = btfFD
                attributes.attachProgramFD = attachFD
                return Self.issueLoad(&attributes, code: code, parameters: parameters, descriptors: descriptors, log: &log)
            }
            if result >= 0 {
                descriptor = try OwnedDescriptor(adopting: Int32(truncatingIfNeeded: result))
                type = parameters.type
                self.name = name.string
                verifierLog = log.text
                expectedAttachType = parameters.expectedAttachType
                return
            }
            let errno = Errno(rawValue: Int32(truncatingIfNeeded: -result))
            if log.shouldRetry(after: errno, trueSize: attributes.logTrueSize) { continue }
            throw BPFError(.command(.programLoad), errno: errno, context: context, log: log.text)
        }
    }

    /// Runs `body` with the numbers of the BTF, attach-target and array descriptors.
    private static func borrowing<Result>(
        _ parameters: ProgramParameters, _ body: (UInt32, UInt32, [Int32]) throws(BPFError) -> Result
    ) throws(BPFError) -> Result {
        try OwnedDescriptor.borrowing(parameters.btf?.descriptor) { btfFD throws(BPFError) in
            try OwnedDescriptor.borrowing(parameters.attachProgram?.descriptor) { attachFD throws(BPFError) in
                try OwnedDescriptor.borrowingAll(parameters.descriptorArray[...]) { descriptors throws(BPFError) in
                    try body(btfFD, attachFD, descriptors)
                }
            }
        }
    }

    /// Points the attributes at the buffers and issues PROG_LOAD.
    private static func issueLoad(
        _ attributes: inout ProgramLoadAttributes, code: [UInt8], parameters: ProgramParameters,
        descriptors: [Int32], log: inout KernelLogBuffer
    ) -> Int {
        code.withUnsafeBytes { code in
            parameters.license.withCString { license in
                parameters.functionInfo.withUnsafeBytes { functionInfo in
                    parameters.lineInfo.withUnsafeBytes { lineInfo in
                        descriptors.withUnsafeBytes { descriptors in
                            log.withBuffer { level, buffer in
                                attributes.instructions = UInt64(UInt(bitPattern: code.baseAddress))
                                attributes.license = UInt64(UInt(bitPattern: license))
                                attributes.logLevel = level
                                attributes.logBuffer = UInt64(UInt(bitPattern: buffer.baseAddress))
                                attributes.logSize = UInt32(truncatingIfNeeded: buffer.count)
                                if parameters.functionInfoRecordSize > 0 {
                                    attributes.funcInfoRecordSize = parameters.functionInfoRecordSize
                                    attributes.funcInfo = UInt64(UInt(bitPattern: functionInfo.baseAddress))
                                    attributes.funcInfoCount = UInt32(truncatingIfNeeded:
                                        functionInfo.count / Int(parameters.functionInfoRecordSize))
                                }
                                if parameters.lineInfoRecordSize > 0 {
                                    attributes.lineInfoRecordSize = parameters.lineInfoRecordSize
                                    attributes.lineInfo = UInt64(UInt(bitPattern: lineInfo.baseAddress))
                                    attributes.lineInfoCount = UInt32(truncatingIfNeeded:
                                        lineInfo.count / Int(parameters.lineInfoRecordSize))
                                }
                                if !descriptors.isEmpty {
                                    attributes.fdArray = UInt64(UInt(bitPattern: descriptors.baseAddress))
                                }
                                return SystemCall.bpf(.programLoad, &attributes)
                            }
                        }
                    }
                }
            }
        }
    }

    private init(adopting descriptor: OwnedDescriptor) throws(BPFError) {
        let info = try ProgramInfo(descriptor, instructions: false)
        self.descriptor = descriptor
        type = info.type
        name = info.name
        verifierLog = nil
        expectedAttachType = AttachType(rawValue: 0)
    }

    /// Opens the program pinned at `path` in a bpffs mount.
    public static func open(pinnedAt path: String) throws(BPFError) -> Program {
        try Program(adopting: ObjectPath.open(path))
    }

    /// Opens the program with the machine-wide `id`.
    public static func open(id: UInt32) throws(BPFError) -> Program {
        try Program(adopting: KernelObjectKind.program.open(id: id))
    }

    /// What the kernel reports about the program, including its instructions
    /// as the verifier rewrote them (`xlated`).
    public func info() throws(BPFError) -> ProgramInfo { try ProgramInfo(descriptor, instructions: true) }

    /// `sk_skb program 'name'`, for error messages.
    public var displayName: String { "\(type) program '\(name)'" }

    /// The type and name.
    public var description: String { displayName }
}

extension OwnedDescriptor {
    /// Runs `body` with the numbers of all `descriptors`, each kept open until it returns.
    static func borrowingAll<Result>(
        _ descriptors: ArraySlice<OwnedDescriptor>, collected: [Int32] = [],
        _ body: ([Int32]) throws(BPFError) -> Result
    ) throws(BPFError) -> Result {
        guard let first = descriptors.first else { return try body(collected) }
        return try first.withRawValue { fd throws(BPFError) in
            try borrowingAll(descriptors.dropFirst(), collected: collected + [fd], body)
        }
    }
}
