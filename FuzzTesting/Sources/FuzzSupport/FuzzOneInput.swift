/// Feeds one fuzzer input to `entryPoint` and stops the process when the
/// result breaks a promise, so libFuzzer saves the input as a finding.
/// A typed error or an accepted input is the expected outcome.
public func fuzzOneInput(_ entryPoint: HostileEntryPoint, _ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    if let message = entryPoint.run(fuzzInput(data, size)).brokenPromise {
        fatalError("\(entryPoint.rawValue): \(message)")
    }
    return 0
}
