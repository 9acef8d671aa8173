import Testing

@testable import BPF

/// Errnos the kernel will not produce on demand for a root test process.
@Suite("Forced errnos")
struct MockingTests {
    @Test func interruptedCallsAreRetried() throws {
        let forced = ForcedFailure(.interrupted, for: .mapCreate, times: 3)
        let map = try ForcedFailure.$current.withValue(forced) { try Map(.small()) }
        #expect(forced.attempts == 4)
        #expect(map.keySize == 4)
    }

    @Test func programLoadRetriesTryAgainAFewTimes() throws {
        let transient = ForcedFailure(.tryAgain, for: .programLoad, times: 2)
        _ = try ForcedFailure.$current.withValue(transient) { try TestPrograms.load(.socketFilter) }
        // The real load may itself be interrupted (EAGAIN) and retried.
        #expect(transient.attempts >= 3)

        let persistent = ForcedFailure(.tryAgain, for: .programLoad)
        let error = #expect(throws: BPFError.self) {
            try ForcedFailure.$current.withValue(persistent) { try TestPrograms.load(.socketFilter) }
        }
        #expect(error?.errno == .tryAgain)
        #expect(persistent.attempts == 6)
    }

    @Test func tryAgainIsNotRetriedForOtherCommands() throws {
        let forced = ForcedFailure(.tryAgain, for: .mapCreate)
        let error = #expect(throws: BPFError.self) { try ForcedFailure.$current.withValue(forced) { try Map(.small()) } }
        #expect(error?.errno == .tryAgain)
        #expect(forced.attempts == 1)
    }

    @Test(arguments: [
        (BPFCommand.mapCreate, "CAP_BPF"),
        (BPFCommand.programLoad, "CAP_BPF"),
        (BPFCommand.programAttach, "CAP_NET_ADMIN"),
        (BPFCommand.linkCreate, "CAP_NET_ADMIN"),
        (BPFCommand.mapGetNextID, "CAP_SYS_ADMIN"),
        (BPFCommand.enableStats, "CAP_SYS_ADMIN"),
    ])
    func permissionErrorsNameThePrivilege(command: BPFCommand, privilege: String) throws {
        let forced = ForcedFailure(.notPermitted, for: command)
        let error = #expect(throws: BPFError.self) {
            try ForcedFailure.$current.withValue(forced) {
                let map = try Map(MapParameters(type: .sockmap, keySize: 4, valueSize: 8, maxEntries: 1))
                let program = try TestPrograms.load(.socketSKB, returning: 1)
                try program.attach(to: .map(map), as: .socketSKBStreamVerdict)
                _ = try Link(program: program, target: .map(map), attachType: .socketSKBStreamParser)
                _ = try KernelObjectKind.map.ids()
                _ = try RunTimeStatistics.enable()
            }
        }
        #expect(error?.command == command)
        #expect(error?.isPermissionDenied == true)
        #expect(error?.description.contains(privilege) == true)
        #expect(error?.description.contains("EPERM") == true)
    }

    @Test func permissionDeniedLoadIsNotRetriedForALog() throws {
        let forced = ForcedFailure(.notPermitted, for: .programLoad)
        let error = #expect(throws: BPFError.self) {
            try ForcedFailure.$current.withValue(forced) { try TestPrograms.load(.socketFilter) }
        }
        #expect(error?.log == nil)
        #expect(forced.attempts == 1)
    }
}
