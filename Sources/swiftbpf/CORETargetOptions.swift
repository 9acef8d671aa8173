import ArgumentParser
import BPFObject

/// `--target-btf FILE`: the BTF that CO-RE relocations are resolved against
/// instead of the running kernel's.
struct CORETargetOptions: ParsableArguments {
    @Option(name: .customLong("target-btf"), help: ArgumentHelp(
        "Resolve CO-RE relocations against this BTF instead of the kernel's.",
        discussion: "Raw BTF (as in /sys/kernel/btf) or an ELF file with a .BTF section. "
            + "Module BTF is not searched then, as with libbpf's custom target.",
        valueName: "file"))
    var targetBTF: String?

    /// The named file's BTF, or the running kernel's (vmlinux, then module BTF), parsed once per process.
    func target() throws -> CORETarget {
        do throws(COREError) {
            if let targetBTF { return try CORETarget.file(targetBTF) }
            return try CORETarget.kernel()
        } catch {
            throw CommandFailure(error.reasonText)
        }
    }
}
