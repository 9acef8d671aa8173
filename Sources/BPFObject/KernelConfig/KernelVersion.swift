import Glibc

/// The kernel version code libbpf gives the virtual `.kconfig` extern
/// `LINUX_KERNEL_VERSION`: `KERNEL_VERSION(a, b, c)` = `a << 16 | b << 8 | min(c, 255)`.
public enum KernelVersion {
    /// The code for a `uname -r` release such as `6.18.44-fc-v669`: its first
    /// three dot-separated numbers, or nil if it does not start with
    /// `major.minor.patch` (libbpf then fails the extern).
    ///
    /// libbpf also reads Ubuntu's `/proc/version_signature` and Debian's
    /// `uname -v`, whose patch level can differ from the release string's;
    /// this function covers the release string only.
    public static func code(release: String) -> UInt32? {
        var numbers: [UInt32] = []
        var digits = release.utf8[...]
        while numbers.count < 3 {
            let run = digits.prefix { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
            guard !run.isEmpty, run.count <= 9,
                  let number = UInt32(String(decoding: run, as: UTF8.self)) else { return nil }
            numbers.append(number)
            digits = digits.dropFirst(run.count)
            if numbers.count < 3 {
                guard digits.first == UInt8(ascii: ".") else { return nil }
                digits = digits.dropFirst()
            }
        }
        let (major, minor, patch) = (numbers[0], numbers[1], min(numbers[2], 255))
        return major &<< 16 &+ minor &<< 8 &+ patch
    }

    /// The running kernel's release string (`uname -r`).
    public static func runningRelease() -> String {
        var names = utsname()
        guard uname(&names) == 0 else { return "" }
        return withUnsafeBytes(of: &names.release) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
    }
}
