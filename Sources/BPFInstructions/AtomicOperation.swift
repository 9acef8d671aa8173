/// The operation of a `BPF_ATOMIC` store, kept in the instruction's immediate.
///
/// The register roles differ: the read-modify-write operations use the
/// destination as the memory base and the source as the operand (the fetching
/// forms write the old value back into the source; `cmpxchg` compares with and
/// writes to `r0`). `load_acquire` loads into the destination from the source
/// base; `store_release` stores the source at the destination base.
public enum AtomicOperation: Int32, Sendable, CaseIterable {
    /// `BPF_ADD`: `lock *(size *)(dst + off) += src`.
    case add = 0x00
    /// `BPF_OR`.
    case or = 0x40
    /// `BPF_AND`.
    case and = 0x50
    /// `BPF_XOR`.
    case xor = 0xa0
    /// `BPF_ADD | BPF_FETCH`: also returns the old value in the source register.
    case fetchAdd = 0x01
    /// `BPF_OR | BPF_FETCH`.
    case fetchOr = 0x41
    /// `BPF_AND | BPF_FETCH`.
    case fetchAnd = 0x51
    /// `BPF_XOR | BPF_FETCH`.
    case fetchXor = 0xa1
    /// `BPF_XCHG`: swaps the source register with memory.
    case exchange = 0xe1
    /// `BPF_CMPXCHG`: stores the source if memory equals `r0`; `r0` gets the old value.
    case compareExchange = 0xf1
    /// `BPF_LOAD_ACQ`: a load with acquire ordering (kernel 6.15).
    case loadAcquire = 0x100
    /// `BPF_STORE_REL`: a store with release ordering (kernel 6.15).
    case storeRelease = 0x110

    /// Whether the old memory value is returned (the `BPF_FETCH` forms, `xchg` and `cmpxchg`).
    public var fetches: Bool {
        switch self {
        case .add, .or, .and, .xor, .loadAcquire, .storeRelease: false
        case .fetchAdd, .fetchOr, .fetchAnd, .fetchXor, .exchange, .compareExchange: true
        }
    }

    /// The arithmetic the operation applies to memory; `nil` for exchanges and the ordered load and store.
    public var arithmeticOperation: ArithmeticOperation? {
        switch self {
        case .add, .fetchAdd: .add
        case .or, .fetchOr: .or
        case .and, .fetchAnd: .and
        case .xor, .fetchXor: .xor
        case .exchange, .compareExchange, .loadAcquire, .storeRelease: nil
        }
    }
}
