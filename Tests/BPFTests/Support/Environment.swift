import Foundation
import Glibc

/// The machine the tests run on.
enum Environment {
    /// A private bpffs: the one Scripts/test.sh mounted, or one mounted here.
    static let bpffs: String = {
        if let path = ProcessInfo.processInfo.environment["SWIFTBPF_BPFFS"], !path.isEmpty { return path }
        var template = Array("/tmp/swiftbpf-tests-bpffs.XXXXXX".utf8CString)
        guard let directory = mkdtemp(&template) else { fatalError("mkdtemp failed: \(errno)") }
        let path = String(cString: directory)
        guard mount("bpf", path, "bpf", 0, nil) == 0 else { fatalError("mount bpffs at \(path) failed: \(errno)") }
        atexit { umountBPFFS() }
        return path
    }()

    /// A fresh path in the private bpffs.
    static func pinPath(_ name: String) -> String {
        "\(bpffs)/\(name)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    }

    /// How many descriptors this process has open.
    static func openDescriptorCount() -> Int {
        (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").count) ?? -1
    }
}

private func umountBPFFS() {
    umount2(Environment.bpffs, Int32(MNT_DETACH))
    rmdir(Environment.bpffs)
}
