/// A symbol the object uses but does not define, which the loader resolves
/// against the running kernel.
public struct ExternSpec: Hashable, Sendable {
    /// What kind of value the extern takes.
    public enum Kind: Hashable, Sendable {
        /// A `__kconfig` variable stored at `offset` in the `.kconfig` map.
        case kconfig(KconfigExtern, offset: Int)
        /// A typed `__ksym` variable: resolved to a vmlinux BTF VAR id (BPF_PSEUDO_BTF_ID).
        case typedKernelVariable
        /// An untyped (`const void`) `__ksym`: resolved to its kallsyms address.
        case untypedKernelSymbol
        /// A kernel function (kfunc): resolved to a vmlinux BTF FUNC id.
        case kernelFunction
    }

    /// The symbol name.
    public var name: String
    /// Whether it is `__weak`: then a missing symbol resolves to zero (or a
    /// poisoned call) instead of failing.
    public var isWeak: Bool
    /// What kind of value it takes.
    public var kind: Kind
    /// The VAR or FUNC describing it in the object's BTF.
    public var btfTypeID: BTFTypeID
}
