/// What the 64-bit immediate of `ld_imm64` means, chosen by its source field.
///
/// The kernel rewrites every pseudo source into a plain address or value when
/// the program is loaded, so these appear only before loading.
public enum LoadImmediateSource: UInt8, Sendable, CaseIterable {
    /// A plain 64-bit constant.
    case constant = 0
    /// `BPF_PSEUDO_MAP_FD`: the low 32 bits are a map file descriptor.
    case mapFileDescriptor = 1
    /// `BPF_PSEUDO_MAP_VALUE`: a map fd, and in the high 32 bits an offset into its value.
    case mapValue = 2
    /// `BPF_PSEUDO_BTF_ID`: a kernel variable by BTF id (the high 32 bits hold a module BTF fd).
    case btfID = 3
    /// `BPF_PSEUDO_FUNC`: the address of a subprogram, as a slot offset relative to the next slot.
    case function = 4
    /// `BPF_PSEUDO_MAP_IDX`: an index into the `fd_array` given at load time.
    case mapIndex = 5
    /// `BPF_PSEUDO_MAP_IDX_VALUE`: an `fd_array` index plus a value offset.
    case mapIndexValue = 6

    /// The register field that carries this source.
    public var register: Register {
        // Every pseudo source number is below 11, so it is a valid register number.
        Register(rawValue: rawValue) ?? .r0
    }
}

/// What a `call` instruction's immediate names, chosen by its source field.
public enum CallSource: UInt8, Sendable, CaseIterable {
    /// The immediate is a helper function number (see ``HelperFunction``).
    case helper = 0
    /// `BPF_PSEUDO_CALL`: a BPF-to-BPF call; the immediate is a slot offset relative to the next slot.
    case function = 1
    /// `BPF_PSEUDO_KFUNC_CALL`: a kernel function by BTF id (the offset field selects a module BTF).
    case kernelFunction = 2

    /// The register field that carries this source.
    public var register: Register {
        Register(rawValue: rawValue) ?? .r0
    }
}
