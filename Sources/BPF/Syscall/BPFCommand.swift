/// A bpf(2) command: `enum bpf_cmd`.
public struct BPFCommand: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The command number.
    public var rawValue: Int32
    /// Creates a command from its number.
    public init(rawValue: Int32) { self.rawValue = rawValue }

    /// `BPF_MAP_CREATE`.
    public static let mapCreate = BPFCommand(rawValue: 0)
    /// `BPF_MAP_LOOKUP_ELEM`.
    public static let mapLookupElement = BPFCommand(rawValue: 1)
    /// `BPF_MAP_UPDATE_ELEM`.
    public static let mapUpdateElement = BPFCommand(rawValue: 2)
    /// `BPF_MAP_DELETE_ELEM`.
    public static let mapDeleteElement = BPFCommand(rawValue: 3)
    /// `BPF_MAP_GET_NEXT_KEY`.
    public static let mapGetNextKey = BPFCommand(rawValue: 4)
    /// `BPF_PROG_LOAD`.
    public static let programLoad = BPFCommand(rawValue: 5)
    /// `BPF_OBJ_PIN`.
    public static let objectPin = BPFCommand(rawValue: 6)
    /// `BPF_OBJ_GET`.
    public static let objectGet = BPFCommand(rawValue: 7)
    /// `BPF_PROG_ATTACH`.
    public static let programAttach = BPFCommand(rawValue: 8)
    /// `BPF_PROG_DETACH`.
    public static let programDetach = BPFCommand(rawValue: 9)
    /// `BPF_PROG_TEST_RUN`.
    public static let programTestRun = BPFCommand(rawValue: 10)
    /// `BPF_PROG_GET_NEXT_ID`.
    public static let programGetNextID = BPFCommand(rawValue: 11)
    /// `BPF_MAP_GET_NEXT_ID`.
    public static let mapGetNextID = BPFCommand(rawValue: 12)
    /// `BPF_PROG_GET_FD_BY_ID`.
    public static let programGetFDByID = BPFCommand(rawValue: 13)
    /// `BPF_MAP_GET_FD_BY_ID`.
    public static let mapGetFDByID = BPFCommand(rawValue: 14)
    /// `BPF_OBJ_GET_INFO_BY_FD`.
    public static let objectGetInfoByFD = BPFCommand(rawValue: 15)
    /// `BPF_PROG_QUERY`.
    public static let programQuery = BPFCommand(rawValue: 16)
    /// `BPF_BTF_LOAD`.
    public static let btfLoad = BPFCommand(rawValue: 18)
    /// `BPF_BTF_GET_FD_BY_ID`.
    public static let btfGetFDByID = BPFCommand(rawValue: 19)
    /// `BPF_MAP_LOOKUP_AND_DELETE_ELEM`.
    public static let mapLookupAndDeleteElement = BPFCommand(rawValue: 21)
    /// `BPF_MAP_FREEZE`.
    public static let mapFreeze = BPFCommand(rawValue: 22)
    /// `BPF_BTF_GET_NEXT_ID`.
    public static let btfGetNextID = BPFCommand(rawValue: 23)
    /// `BPF_MAP_LOOKUP_BATCH`.
    public static let mapLookupBatch = BPFCommand(rawValue: 24)
    /// `BPF_MAP_LOOKUP_AND_DELETE_BATCH`.
    public static let mapLookupAndDeleteBatch = BPFCommand(rawValue: 25)
    /// `BPF_MAP_UPDATE_BATCH`.
    public static let mapUpdateBatch = BPFCommand(rawValue: 26)
    /// `BPF_MAP_DELETE_BATCH`.
    public static let mapDeleteBatch = BPFCommand(rawValue: 27)
    /// `BPF_LINK_CREATE`.
    public static let linkCreate = BPFCommand(rawValue: 28)
    /// `BPF_LINK_UPDATE`.
    public static let linkUpdate = BPFCommand(rawValue: 29)
    /// `BPF_LINK_GET_FD_BY_ID`.
    public static let linkGetFDByID = BPFCommand(rawValue: 30)
    /// `BPF_LINK_GET_NEXT_ID`.
    public static let linkGetNextID = BPFCommand(rawValue: 31)
    /// `BPF_ENABLE_STATS`.
    public static let enableStats = BPFCommand(rawValue: 32)
    /// `BPF_LINK_DETACH`.
    public static let linkDetach = BPFCommand(rawValue: 34)

    private static let names: [Int32: String] = [
        0: "MAP_CREATE", 1: "MAP_LOOKUP_ELEM", 2: "MAP_UPDATE_ELEM", 3: "MAP_DELETE_ELEM",
        4: "MAP_GET_NEXT_KEY", 5: "PROG_LOAD", 6: "OBJ_PIN", 7: "OBJ_GET", 8: "PROG_ATTACH",
        9: "PROG_DETACH", 10: "PROG_TEST_RUN", 11: "PROG_GET_NEXT_ID", 12: "MAP_GET_NEXT_ID",
        13: "PROG_GET_FD_BY_ID", 14: "MAP_GET_FD_BY_ID", 15: "OBJ_GET_INFO_BY_FD", 16: "PROG_QUERY",
        17: "RAW_TRACEPOINT_OPEN", 18: "BTF_LOAD", 19: "BTF_GET_FD_BY_ID", 20: "TASK_FD_QUERY",
        21: "MAP_LOOKUP_AND_DELETE_ELEM", 22: "MAP_FREEZE", 23: "BTF_GET_NEXT_ID", 24: "MAP_LOOKUP_BATCH",
        25: "MAP_LOOKUP_AND_DELETE_BATCH", 26: "MAP_UPDATE_BATCH", 27: "MAP_DELETE_BATCH",
        28: "LINK_CREATE", 29: "LINK_UPDATE", 30: "LINK_GET_FD_BY_ID", 31: "LINK_GET_NEXT_ID",
        32: "ENABLE_STATS", 33: "ITER_CREATE", 34: "LINK_DETACH", 35: "PROG_BIND_MAP", 36: "TOKEN_CREATE",
    ]

    /// The C name, such as `BPF_MAP_CREATE`.
    public var description: String { "BPF_" + (Self.names[rawValue] ?? "CMD_\(rawValue)") }

    /// Whether the command acts on one map element by key, so ENOENT and EEXIST
    /// speak about the key rather than the map.
    var addressesKey: Bool {
        [.mapLookupElement, .mapUpdateElement, .mapDeleteElement, .mapGetNextKey,
         .mapLookupAndDeleteElement, .mapDeleteBatch].contains(self)
    }
}
