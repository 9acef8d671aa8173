import BPFInstructions
import BPFObject

/// Everything BPF_PROG_LOAD takes: the runtime form of a program.
public struct ProgramParameters: Sendable {
    /// The program's type.
    public var type: ProgramType
    /// The instructions, with map references already resolved.
    public var instructions: [Instruction]
    /// The license; GPL-only helpers need a GPL-compatible one.
    public var license: String
    /// The name; the kernel keeps the first 15 bytes of letters, digits, `_` and `.`.
    public var name: String
    /// The attach type the program is verified for, where the type needs one.
    public var expectedAttachType: AttachType
    /// Load flags.
    public var flags: ProgramFlags
    /// `LINUX_VERSION_CODE`, which only old kprobe loaders check.
    public var kernelVersion: UInt32
    /// BTF describing the program's functions and lines.
    public var btf: KernelBTF?
    /// `bpf_func_info` records, as in .BTF.ext.
    public var functionInfo: [UInt8]
    /// The size of one function info record.
    public var functionInfoRecordSize: UInt32
    /// `bpf_line_info` records, as in .BTF.ext.
    public var lineInfo: [UInt8]
    /// The size of one line info record.
    public var lineInfoRecordSize: UInt32
    /// For tracing, LSM and extension programs: the BTF id of the attach target.
    public var attachBTFID: UInt32
    /// For extension and tracing programs: the program whose function is the target.
    public var attachProgram: Program?
    /// Maps and BTF objects referred to by index from the instructions (`fd_array`).
    public var descriptorArray: [OwnedDescriptor]
    /// How much the verifier logs. On failure it always logs at least `.basic`.
    public var logLevel: VerifierLogLevel
    /// The network device to offload to, or 0.
    public var interfaceIndex: UInt32

    /// Creates parameters; the rest default to "none" and the license to GPL.
    public init(
        type: ProgramType, instructions: [Instruction], license: String = "GPL", name: String = "",
        expectedAttachType: AttachType = AttachType(rawValue: 0), flags: ProgramFlags = [],
        kernelVersion: UInt32 = 0, btf: KernelBTF? = nil,
        functionInfo: [UInt8] = [], functionInfoRecordSize: UInt32 = 0,
        lineInfo: [UInt8] = [], lineInfoRecordSize: UInt32 = 0,
        attachBTFID: UInt32 = 0, attachProgram: Program? = nil, descriptorArray: [OwnedDescriptor] = [],
        logLevel: VerifierLogLevel = [], interfaceIndex: UInt32 = 0
    ) {
        self.type = type
        self.instructions = instructions
        self.license = license
        self.name = name
        self.expectedAttachType = expectedAttachType
        self.flags = flags
        self.kernelVersion = kernelVersion
        self.btf = btf
        self.functionInfo = functionInfo
        self.functionInfoRecordSize = functionInfoRecordSize
        self.lineInfo = lineInfo
        self.lineInfoRecordSize = lineInfoRecordSize
        self.attachBTFID = attachBTFID
        self.attachProgram = attachProgram
        self.descriptorArray = descriptorArray
        self.logLevel = logLevel
        self.interfaceIndex = interfaceIndex
    }
}
