import Foundation
import Glibc

/// A private bpffs for pin tests: the one Scripts/test.sh mounted, or one mounted here.
enum Environment {
    static let bpffs: String = {
        if let path = ProcessInfo.processInfo.environment["SWIFTBPF_BPFFS"], !path.isEmpty { return path }
        var template = Array("/tmp/swiftbpf-sockets-bpffs.XXXXXX".utf8CString)
        guard let directory = mkdtemp(&template) else { fatalError("mkdtemp failed: \(errno)") }
        let path = String(cString: directory)
        guard mount("bpf", path, "bpf", 0, nil) == 0 else { fatalError("mount bpffs at \(path) failed: \(errno)") }
        atexit { unmountBPFFS() }
        return path
    }()
}

private func unmountBPFFS() {
    umount2(Environment.bpffs, Int32(MNT_DETACH))
    rmdir(Environment.bpffs)
}
