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
    ///   complete log when the verifier rejects the program. When the kernel
    ///   lacks the program type or a helper the program calls, its
    ///   ``BPFError/missingFeature`` says so and how that was probed.
    public convenience init(_ parameters: ProgramParameters) throws(BPFError) {
        try self.init(parameters, diagnosingFailure: true)
    }

    /// Loads a program; `diagnosingFailure` is false only for the feature probes themselves.
    convenience init(_ parameters: ProgramParameters, diagnosingFailure: Bool) throws(BPFError) {
        if let index = parameters.instructions.firstIndex(where: \.namesAuxiliaryRegister) {
            throw Self.auxiliaryRegisterError(parameters, instructionIndex: index)
        }
        try self.init(parameters, code: parameters.instructions.encoded(), diagnosingFailure: diagnosingFailure)
    }

    /// The error for an instruction naming r11: the kernel would refuse it too,
    /// with a bare EINVAL; saying which instruction helps more.
    static func auxiliaryRegisterError(_ parameters: ProgramParameters, instructionIndex: Int) -> BPFError {
        BPFError(.command(.programLoad), errno: .invalidArgument,
                 context: "load \(parameters.type) program '\(parameters.name)': instruction \(instructionIndex) "
                     + "names r11, the verifier's auxiliary register, which programs cannot use")
    }

    /// Loads a program whose instructions are already encoded in host byte
    /// order as `code` (the object loader patches them there), ignoring
    /// `parameters.instructions`. The caller has refused r11.
    init(_ parameters: ProgramParameters, code: [UInt8], diagnosingFailure: Bool) throws(BPFError) {
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
            attributes.funcInfoRecordSize = parameters.functionInfoRecordSize
            attributes.lineInfoRecordSize = parameters.lineInfoRecordSize
            // The closure captures only these, not a copy of all the parameters.
            let descriptorArray = parameters.descriptorArray
            let (license, functionInfo, lineInfo) = (parameters.license, parameters.functionInfo, parameters.lineInfo)
            let result = try Self.borrowing(parameters.btf?.descriptor, parameters.attachProgram?.descriptor) {
                btfFD, attachFD throws(BPFError) in
                attributes.programBTFFD = btfFD
                attributes.attachProgramFD = attachFD
                return try OwnedDescriptor.withRawValues(of: descriptorArray) { descriptors in
                    Self.issueLoad(&attributes, code: code, license: license, functionInfo: functionInfo,
                                   lineInfo: lineInfo, descriptors: descriptors, log: &log)
                }
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
            let error = BPFError(.command(.programLoad), errno: errno,
                                 context: "load \(parameters.type) program '\(parameters.name)'", log: log.text)
            guard diagnosingFailure else { throw error }
            throw MissingFeatureDiagnosis.programLoad(error, type: parameters.type,
                                                      expectedAttachType: parameters.expectedAttachType)
        }
    }

    /// Runs `body` with the numbers of the BTF and attach-target descriptors (0 for none).
    private static func borrowing<Result>(
        _ btf: OwnedDescriptor?, _ attachProgram: OwnedDescriptor?, _ body: (UInt32, UInt32) throws(BPFError) -> Result
    ) throws(BPFError) -> Result {
        try OwnedDescriptor.borrowing(btf) { btfFD throws(BPFError) in
            try OwnedDescriptor.borrowing(attachProgram) { attachFD throws(BPFError) in try body(btfFD, attachFD) }
        }
    }

    /// Points the attributes at the buffers and issues PROG_LOAD; the record
    /// sizes of function and line info are already in `attributes` (0 for none).
    private static func issueLoad(
        _ attributes: inout ProgramLoadAttributes, code: [UInt8], license: String, functionInfo: [UInt8],
        lineInfo: [UInt8], descriptors: UnsafeBufferPointer<Int32>, log: inout KernelLogBuffer
    ) -> Int {
        code.withUnsafeBytes { code in
            license.withCString { license in
                functionInfo.withUnsafeBytes { functionInfo in
                    lineInfo.withUnsafeBytes { lineInfo in
                        log.withBuffer { level, buffer in
                            attributes.instructions = UInt64(UInt(bitPattern: code.baseAddress))
                            attributes.license = UInt64(UInt(bitPattern: license))
                            attributes.logLevel = level
                            attributes.logBuffer = UInt64(UInt(bitPattern: buffer.baseAddress))
                            attributes.logSize = UInt32(truncatingIfNeeded: buffer.count)
                            if attributes.funcInfoRecordSize > 0 {
                                attributes.funcInfo = UInt64(UInt(bitPattern: functionInfo.baseAddress))
                                attributes.funcInfoCount = UInt32(truncatingIfNeeded:
                                    functionInfo.count / Int(attributes.funcInfoRecordSize))
                            }
                            if attributes.lineInfoRecordSize > 0 {
                                attributes.lineInfo = UInt64(UInt(bitPattern: lineInfo.baseAddress))
                                attributes.lineInfoCount = UInt32(truncatingIfNeeded:
                                    lineInfo.count / Int(attributes.lineInfoRecordSize))
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
    /// Runs `body` with the numbers of all `descriptors`, for an fd array,
    /// in temporary storage (on the stack for the few maps a program uses).
    ///
    /// A number stays reserved while its owner lives (``close()`` parks it on
    /// a placeholder and only `deinit` frees it), and `descriptors` keeps the
    /// owners alive until `body` returns.
    ///
    /// - Throws: EBADF if one of them was closed.
    static func withRawValues<Result>(
        of descriptors: [OwnedDescriptor], _ body: (UnsafeBufferPointer<Int32>) -> Result
    ) throws(BPFError) -> Result {
        try withExtendedLifetime(descriptors) { () throws(BPFError) -> Result in
            try withUnsafeTemporaryAllocation(of: Int32.self, capacity: descriptors.count) {
                storage throws(BPFError) -> Result in
                for (index, descriptor) in descriptors.enumerated() {
                    storage.initializeElement(at: index, to: try descriptor.withRawValue { $0 })
                }
                return body(UnsafeBufferPointer(storage))
            }
        }
    }
}
