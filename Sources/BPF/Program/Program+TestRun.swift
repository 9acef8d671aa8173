/// Input for BPF_PROG_TEST_RUN.
public struct TestRunOptions: Sendable {
    /// The packet or other data the program sees.
    public var data: [UInt8]
    /// Room for the data the program leaves behind, in bytes.
    public var dataOutCapacity: Int
    /// The context (such as a `__sk_buff`), or empty for the default.
    public var context: [UInt8]
    /// Room for the context the program leaves behind, in bytes.
    public var contextOutCapacity: Int
    /// How many times to run; the duration is averaged. 0 means once.
    public var repeatCount: UInt32
    /// Test-run flags (`BPF_F_TEST_*`).
    public var flags: UInt32
    /// The CPU to run on, with `BPF_F_TEST_RUN_ON_CPU`.
    public var cpu: UInt32

    /// Creates options; output room defaults to the input's size.
    public init(data: [UInt8] = [], dataOutCapacity: Int? = nil, context: [UInt8] = [],
                contextOutCapacity: Int? = nil, repeatCount: UInt32 = 0, flags: UInt32 = 0, cpu: UInt32 = 0) {
        self.data = data
        self.dataOutCapacity = dataOutCapacity ?? data.count
        self.context = context
        self.contextOutCapacity = contextOutCapacity ?? context.count
        self.repeatCount = repeatCount
        self.flags = flags
        self.cpu = cpu
    }
}

/// Output of BPF_PROG_TEST_RUN.
public struct TestRunResult: Sendable, Hashable {
    /// The program's return value.
    public var returnValue: UInt32
    /// The average run time in nanoseconds.
    public var duration: UInt32
    /// The data after the run.
    public var data: [UInt8]
    /// The context after the run.
    public var context: [UInt8]
}

extension Program {
    /// Runs the program in the kernel on test input (BPF_PROG_TEST_RUN).
    ///
    /// sk_skb, sk_msg and sock_ops programs cannot be test-run (ENOTSUPP);
    /// they need real sockets.
    public func testRun(_ options: TestRunOptions = TestRunOptions()) throws(BPFError) -> TestRunResult {
        var dataOut = [UInt8](repeating: 0, count: options.dataOutCapacity)
        var contextOut = [UInt8](repeating: 0, count: options.contextOutCapacity)
        var attributes = TestRunAttributes()
        let result = try descriptor.withRawValue { fd in
            options.data.withUnsafeBytes { dataIn in
                options.context.withUnsafeBytes { contextIn in
                    dataOut.withUnsafeMutableBytes { dataOut in
                        contextOut.withUnsafeMutableBytes { contextOut in
                            attributes.programFD = UInt32(bitPattern: fd)
                            (attributes.dataIn, attributes.dataSizeIn) = Self.address(dataIn)
                            (attributes.dataOut, attributes.dataSizeOut) = Self.address(UnsafeRawBufferPointer(dataOut))
                            (attributes.contextIn, attributes.contextSizeIn) = Self.address(contextIn)
                            (attributes.contextOut, attributes.contextSizeOut) =
                                Self.address(UnsafeRawBufferPointer(contextOut))
                            attributes.repeatCount = options.repeatCount
                            attributes.flags = options.flags
                            attributes.cpu = options.cpu
                            return SystemCall.bpf(.programTestRun, &attributes)
                        }
                    }
                }
            }
        }
        guard result >= 0 else {
            throw BPFError(.command(.programTestRun), errno: Errno(rawValue: Int32(truncatingIfNeeded: -result)),
                           context: "test-run \(displayName)")
        }
        return TestRunResult(returnValue: attributes.returnValue, duration: attributes.duration,
                             data: Array(dataOut.prefix(Int(attributes.dataSizeOut))),
                             context: Array(contextOut.prefix(Int(attributes.contextSizeOut))))
    }

    /// The address and size bpf(2) takes for `buffer`: both 0 when it is empty,
    /// since the kernel refuses an address with size 0.
    private static func address(_ buffer: UnsafeRawBufferPointer) -> (UInt64, UInt32) {
        buffer.isEmpty ? (0, 0) : (UInt64(UInt(bitPattern: buffer.baseAddress)), UInt32(truncatingIfNeeded: buffer.count))
    }
}
