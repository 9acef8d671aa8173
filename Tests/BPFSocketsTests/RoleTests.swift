@testable import BPF
@testable import BPFSockets
import BPFInstructions
import BPFObject
import Foundation
import Glibc
import Testing

@Suite struct RoleTests {
    /// The example from the documentation of ``SockMap``.
    @Test func documentedExample() throws {
        let sockets = Sockets()
        let map = try SockMap(capacity: 2, name: "pairs")
        let parser = try map.attach(try TestPrograms.parser(), as: .streamParser)
        let verdict = try map.attach(try TestPrograms.returning(1, as: .streamVerdict), as: .streamVerdict)
        let pair = try sockets.tcpPair()
        try map.insert(pair.server, at: 0, flags: .noExist)
        #expect(try map.cookie(at: 0) == SocketCalls.cookie(of: pair.server))
        // The pass verdict delivers what the parser framed.
        try Wire.send(pair.client, Array("hello".utf8))
        #expect(Wire.receive(pair.server, count: 5) == Array("hello".utf8))
        #expect(parser.mechanism == .link && verdict.mechanism == .link)
        #expect(try map.attachedProgramIDs(.streamParser).count == 1)
        try verdict.detach()
        try parser.detach()
    }

    @Test func programTypeAndExpectedAttachTypeAreCheckedFirst() throws {
        let map = try SockMap(capacity: 1)
        let message = try TestPrograms.returning(1, as: .messageVerdict)
        let wrongType = #expect(throws: SocketMapError.self) { try map.attach(message, as: .skbVerdict) }
        #expect(wrongType?.reason == .wrongProgramType(role: .skbVerdict, actual: .socketMessage))
        #expect(wrongType?.kernelError == nil)
        let parser = try TestPrograms.parser()
        let wrongAttach = #expect(throws: SocketMapError.self) { try map.attach(parser, as: .skbVerdict) }
        #expect(wrongAttach?.reason == .wrongExpectedAttachType(role: .skbVerdict, actual: .socketSKBStreamParser))
    }

    @Test(arguments: [SocketProgramRole.streamVerdict, .skbVerdict])
    func verdictConflictIsRefusedBeforeTheKernel(first: SocketProgramRole) throws {
        let second: SocketProgramRole = first == .streamVerdict ? .skbVerdict : .streamVerdict
        let map = try SockMap(capacity: 1)
        let attached = try map.attach(try TestPrograms.returning(1, as: first), as: first)
        let error = #expect(throws: SocketMapError.self) {
            try map.attach(try TestPrograms.returning(1, as: second), as: second)
        }
        #expect(error?.reason == .conflictingVerdict(requested: second, attached: first))
        #expect(error?.kernelError == nil)
        #expect(error?.description.contains("exclude each other") == true)
        try attached.detach()
        // Once the first is gone, the second attaches.
        let replacement = try map.attach(try TestPrograms.returning(1, as: second), as: second)
        try replacement.detach()
    }

    @Test(arguments: [SocketMapAttachment.Mechanism.link, .programAttach])
    func detachOnceReplaceAndPin(mechanism: SocketMapAttachment.Mechanism) throws {
        let map = try SockMap(capacity: 1)
        let pass = try TestPrograms.returning(1, as: .skbVerdict)
        let drop = try TestPrograms.returning(0, as: .skbVerdict)
        let attachment = try map.attach(pass, as: .skbVerdict, mechanism: mechanism)
        #expect(attachment.mechanism == mechanism)
        #expect(try map.attachedProgramIDs(.skbVerdict) == [pass.info().id])
        try attachment.replace(with: drop)
        #expect(attachment.program === drop)
        #expect(try map.attachedProgramIDs(.skbVerdict) == [drop.info().id])
        let path = "\(Environment.bpffs)/verdict-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        if mechanism == .link {
            try attachment.pin(at: path)
            #expect(try Link.open(pinnedAt: path).info().programID == drop.info().id)
            unlink(path)
        } else {
            let error = #expect(throws: SocketMapError.self) { try attachment.pin(at: path) }
            #expect(error?.reason == .notPinnable)
        }
        try attachment.detach()
        #expect(attachment.isDetached)
        #expect(try map.attachedProgramIDs(.skbVerdict).isEmpty)
        // Detaching again does nothing; replacing a detached program is refused.
        try attachment.detach()
        let replaced = #expect(throws: SocketMapError.self) { try attachment.replace(with: pass) }
        #expect(replaced?.reason == .detached)
    }

    @Test func programsApplyOnlyToSocketsInsertedAfterTheAttach() throws {
        let sockets = Sockets()
        let map = try SockMap(capacity: 2)
        let early = try sockets.tcpPair(), late = try sockets.tcpPair()
        try map.insert(early.server, at: 0)
        let drop = try map.attach(try TestPrograms.returning(0, as: .skbVerdict), as: .skbVerdict)
        try map.insert(late.server, at: 1)
        try Wire.send(early.client, [1, 2, 3])
        try Wire.send(late.client, [4, 5, 6])
        #expect(Wire.receive(early.server, count: 3) == [1, 2, 3])
        #expect(Wire.isQuiet(late.server))
        try drop.detach()
    }

    /// A kernel without sockmap links (before 6.10) answers LINK_CREATE with
    /// EINVAL; the first attach finds that out and later ones go straight to PROG_ATTACH.
    @Test func kernelsWithoutSockmapLinksFallBackToProgramAttachOnce() throws {
        let map = try SockMap(capacity: 1)
        let probe = SocketMapAttachment.Probe()
        let oldKernel = ForcedFailure(.invalidArgument, for: .linkCreate)
        let (first, second) = try ForcedFailure.$current.withValue(oldKernel) { () throws -> (SocketMapAttachment, SocketMapAttachment) in
            let first = try SocketMapAttachment(try TestPrograms.parser(), to: map.map, as: .streamParser,
                                                mechanism: nil, probe: probe)
            let second = try SocketMapAttachment(try TestPrograms.returning(1, as: .skbVerdict), to: map.map,
                                                 as: .skbVerdict, mechanism: nil, probe: probe)
            return (first, second)
        }
        #expect(first.mechanism == .programAttach && second.mechanism == .programAttach)
        #expect(first.link == nil)
        #expect(oldKernel.attempts == 1)
        #expect(probe.mechanism.withLock { $0 } == .programAttach)
        #expect(try map.attachedProgramIDs(.streamParser) == [first.program.info().id])
        try first.detach()
        try second.detach()

        // Once links are known to work, an EINVAL is the kernel's answer, not a probe.
        let modern = SocketMapAttachment.Probe()
        _ = try SocketMapAttachment(try TestPrograms.parser(), to: map.map, as: .streamParser, mechanism: nil,
                                    probe: modern).detach()
        let refusal = #expect(throws: SocketMapError.self) {
            try ForcedFailure.$current.withValue(ForcedFailure(.invalidArgument, for: .linkCreate)) {
                try SocketMapAttachment(try TestPrograms.parser(), to: map.map, as: .streamParser, mechanism: nil,
                                        probe: modern)
            }
        }
        #expect(refusal?.kernelError?.errno == .invalidArgument)
        // That answer is diagnosed: the probe (refused the same way here) names the missing feature.
        #expect(refusal?.kernelError?.missingFeature?.feature == .sockmapLinks)
        #expect(refusal?.description.contains("sockmap links (BPF_LINK_CREATE on a sockmap, Linux 6.10) is missing") == true,
                "\(String(describing: refusal))")
    }
}
