/// A BPF helper function, by the number a `call` instruction's immediate carries.
///
/// The table is the kernel's `enum bpf_func_id` (`__BPF_FUNC_MAPPER` in
/// `include/uapi/linux/bpf.h`) as of Linux 6.18, which froze the list at
/// `cgrp_storage_delete`: newer kernel functionality comes as kfuncs. Numbers
/// outside the table are still representable, for newer or foreign kernels.
public struct HelperFunction: RawRepresentable, Hashable, Sendable {
    /// The helper number (`BPF_FUNC_*`).
    public var rawValue: Int32

    /// Wraps a helper number, known or not.
    public init(rawValue: Int32) {
        self.rawValue = rawValue
    }

    /// Looks a helper up by its kernel name without the `bpf_` prefix, such as `map_lookup_elem`.
    public init?(name: String) {
        guard let index = Self.names.firstIndex(of: name), let number = Int32(exactly: index) else { return nil }
        rawValue = number
    }

    /// The kernel name without the `bpf_` prefix, such as `map_lookup_elem`; `nil` if the number is unknown.
    public var name: String? {
        guard let index = Int(exactly: rawValue), Self.names.indices.contains(index) else { return nil }
        return Self.names[index]
    }

    /// Every helper the table knows, in number order.
    public static var allKnown: [HelperFunction] {
        Self.names.indices.map { HelperFunction(rawValue: Int32(truncatingIfNeeded: $0)) }
    }

    /// The helper names indexed by number.
    private static let names: [String] = [
        "unspec",
        "map_lookup_elem",
        "map_update_elem",
        "map_delete_elem",
        "probe_read",
        "ktime_get_ns",
        "trace_printk",
        "get_prandom_u32",
        "get_smp_processor_id",
        "skb_store_bytes",
        "l3_csum_replace",
        "l4_csum_replace",
        "tail_call",
        "clone_redirect",
        "get_current_pid_tgid",
        "get_current_uid_gid",
        "get_current_comm",
        "get_cgroup_classid",
        "skb_vlan_push",
        "skb_vlan_pop",
        "skb_get_tunnel_key",
        "skb_set_tunnel_key",
        "perf_event_read",
        "redirect",
        "get_route_realm",
        "perf_event_output",
        "skb_load_bytes",
        "get_stackid",
        "csum_diff",
        "skb_get_tunnel_opt",
        "skb_set_tunnel_opt",
        "skb_change_proto",
        "skb_change_type",
        "skb_under_cgroup",
        "get_hash_recalc",
        "get_current_task",
        "probe_write_user",
        "current_task_under_cgroup",
        "skb_change_tail",
        "skb_pull_data",
        "csum_update",
        "set_hash_invalid",
        "get_numa_node_id",
        "skb_change_head",
        "xdp_adjust_head",
        "probe_read_str",
        "get_socket_cookie",
        "get_socket_uid",
        "set_hash",
        "setsockopt",
        "skb_adjust_room",
        "redirect_map",
        "sk_redirect_map",
        "sock_map_update",
        "xdp_adjust_meta",
        "perf_event_read_value",
        "perf_prog_read_value",
        "getsockopt",
        "override_return",
        "sock_ops_cb_flags_set",
        "msg_redirect_map",
        "msg_apply_bytes",
        "msg_cork_bytes",
        "msg_pull_data",
        "bind",
        "xdp_adjust_tail",
        "skb_get_xfrm_state",
        "get_stack",
        "skb_load_bytes_relative",
        "fib_lookup",
        "sock_hash_update",
        "msg_redirect_hash",
        "sk_redirect_hash",
        "lwt_push_encap",
        "lwt_seg6_store_bytes",
        "lwt_seg6_adjust_srh",
        "lwt_seg6_action",
        "rc_repeat",
        "rc_keydown",
        "skb_cgroup_id",
        "get_current_cgroup_id",
        "get_local_storage",
        "sk_select_reuseport",
        "skb_ancestor_cgroup_id",
        "sk_lookup_tcp",
        "sk_lookup_udp",
        "sk_release",
        "map_push_elem",
        "map_pop_elem",
        "map_peek_elem",
        "msg_push_data",
        "msg_pop_data",
        "rc_pointer_rel",
        "spin_lock",
        "spin_unlock",
        "sk_fullsock",
        "tcp_sock",
        "skb_ecn_set_ce",
        "get_listener_sock",
        "skc_lookup_tcp",
        "tcp_check_syncookie",
        "sysctl_get_name",
        "sysctl_get_current_value",
        "sysctl_get_new_value",
        "sysctl_set_new_value",
        "strtol",
        "strtoul",
        "sk_storage_get",
        "sk_storage_delete",
        "send_signal",
        "tcp_gen_syncookie",
        "skb_output",
        "probe_read_user",
        "probe_read_kernel",
        "probe_read_user_str",
        "probe_read_kernel_str",
        "tcp_send_ack",
        "send_signal_thread",
        "jiffies64",
        "read_branch_records",
        "get_ns_current_pid_tgid",
        "xdp_output",
        "get_netns_cookie",
        "get_current_ancestor_cgroup_id",
        "sk_assign",
        "ktime_get_boot_ns",
        "seq_printf",
        "seq_write",
        "sk_cgroup_id",
        "sk_ancestor_cgroup_id",
        "ringbuf_output",
        "ringbuf_reserve",
        "ringbuf_submit",
        "ringbuf_discard",
        "ringbuf_query",
        "csum_level",
        "skc_to_tcp6_sock",
        "skc_to_tcp_sock",
        "skc_to_tcp_timewait_sock",
        "skc_to_tcp_request_sock",
        "skc_to_udp6_sock",
        "get_task_stack",
        "load_hdr_opt",
        "store_hdr_opt",
        "reserve_hdr_opt",
        "inode_storage_get",
        "inode_storage_delete",
        "d_path",
        "copy_from_user",
        "snprintf_btf",
        "seq_printf_btf",
        "skb_cgroup_classid",
        "redirect_neigh",
        "per_cpu_ptr",
        "this_cpu_ptr",
        "redirect_peer",
        "task_storage_get",
        "task_storage_delete",
        "get_current_task_btf",
        "bprm_opts_set",
        "ktime_get_coarse_ns",
        "ima_inode_hash",
        "sock_from_file",
        "check_mtu",
        "for_each_map_elem",
        "snprintf",
        "sys_bpf",
        "btf_find_by_name_kind",
        "sys_close",
        "timer_init",
        "timer_set_callback",
        "timer_start",
        "timer_cancel",
        "get_func_ip",
        "get_attach_cookie",
        "task_pt_regs",
        "get_branch_snapshot",
        "trace_vprintk",
        "skc_to_unix_sock",
        "kallsyms_lookup_name",
        "find_vma",
        "loop",
        "strncmp",
        "get_func_arg",
        "get_func_ret",
        "get_func_arg_cnt",
        "get_retval",
        "set_retval",
        "xdp_get_buff_len",
        "xdp_load_bytes",
        "xdp_store_bytes",
        "copy_from_user_task",
        "skb_set_tstamp",
        "ima_file_hash",
        "kptr_xchg",
        "map_lookup_percpu_elem",
        "skc_to_mptcp_sock",
        "dynptr_from_mem",
        "ringbuf_reserve_dynptr",
        "ringbuf_submit_dynptr",
        "ringbuf_discard_dynptr",
        "dynptr_read",
        "dynptr_write",
        "dynptr_data",
        "tcp_raw_gen_syncookie_ipv4",
        "tcp_raw_gen_syncookie_ipv6",
        "tcp_raw_check_syncookie_ipv4",
        "tcp_raw_check_syncookie_ipv6",
        "ktime_get_tai_ns",
        "user_ringbuf_drain",
        "cgrp_storage_get",
        "cgrp_storage_delete",
    ]
}

extension HelperFunction {
    /// `bpf_unspec`, helper 0.
    public static let unspec = HelperFunction(rawValue: 0)
    /// `bpf_map_lookup_elem`, helper 1.
    public static let mapLookupElem = HelperFunction(rawValue: 1)
    /// `bpf_map_update_elem`, helper 2.
    public static let mapUpdateElem = HelperFunction(rawValue: 2)
    /// `bpf_map_delete_elem`, helper 3.
    public static let mapDeleteElem = HelperFunction(rawValue: 3)
    /// `bpf_probe_read`, helper 4.
    public static let probeRead = HelperFunction(rawValue: 4)
    /// `bpf_ktime_get_ns`, helper 5.
    public static let ktimeGetNs = HelperFunction(rawValue: 5)
    /// `bpf_trace_printk`, helper 6.
    public static let tracePrintk = HelperFunction(rawValue: 6)
    /// `bpf_get_prandom_u32`, helper 7.
    public static let getPrandomU32 = HelperFunction(rawValue: 7)
    /// `bpf_get_smp_processor_id`, helper 8.
    public static let getSmpProcessorId = HelperFunction(rawValue: 8)
    /// `bpf_skb_store_bytes`, helper 9.
    public static let skbStoreBytes = HelperFunction(rawValue: 9)
    /// `bpf_l3_csum_replace`, helper 10.
    public static let l3CsumReplace = HelperFunction(rawValue: 10)
    /// `bpf_l4_csum_replace`, helper 11.
    public static let l4CsumReplace = HelperFunction(rawValue: 11)
    /// `bpf_tail_call`, helper 12.
    public static let tailCall = HelperFunction(rawValue: 12)
    /// `bpf_clone_redirect`, helper 13.
    public static let cloneRedirect = HelperFunction(rawValue: 13)
    /// `bpf_get_current_pid_tgid`, helper 14.
    public static let getCurrentPidTgid = HelperFunction(rawValue: 14)
    /// `bpf_get_current_uid_gid`, helper 15.
    public static let getCurrentUidGid = HelperFunction(rawValue: 15)
    /// `bpf_get_current_comm`, helper 16.
    public static let getCurrentComm = HelperFunction(rawValue: 16)
    /// `bpf_get_cgroup_classid`, helper 17.
    public static let getCgroupClassid = HelperFunction(rawValue: 17)
    /// `bpf_skb_vlan_push`, helper 18.
    public static let skbVlanPush = HelperFunction(rawValue: 18)
    /// `bpf_skb_vlan_pop`, helper 19.
    public static let skbVlanPop = HelperFunction(rawValue: 19)
    /// `bpf_skb_get_tunnel_key`, helper 20.
    public static let skbGetTunnelKey = HelperFunction(rawValue: 20)
    /// `bpf_skb_set_tunnel_key`, helper 21.
    public static let skbSetTunnelKey = HelperFunction(rawValue: 21)
    /// `bpf_perf_event_read`, helper 22.
    public static let perfEventRead = HelperFunction(rawValue: 22)
    /// `bpf_redirect`, helper 23.
    public static let redirect = HelperFunction(rawValue: 23)
    /// `bpf_get_route_realm`, helper 24.
    public static let getRouteRealm = HelperFunction(rawValue: 24)
    /// `bpf_perf_event_output`, helper 25.
    public static let perfEventOutput = HelperFunction(rawValue: 25)
    /// `bpf_skb_load_bytes`, helper 26.
    public static let skbLoadBytes = HelperFunction(rawValue: 26)
    /// `bpf_get_stackid`, helper 27.
    public static let getStackid = HelperFunction(rawValue: 27)
    /// `bpf_csum_diff`, helper 28.
    public static let csumDiff = HelperFunction(rawValue: 28)
    /// `bpf_skb_get_tunnel_opt`, helper 29.
    public static let skbGetTunnelOpt = HelperFunction(rawValue: 29)
    /// `bpf_skb_set_tunnel_opt`, helper 30.
    public static let skbSetTunnelOpt = HelperFunction(rawValue: 30)
    /// `bpf_skb_change_proto`, helper 31.
    public static let skbChangeProto = HelperFunction(rawValue: 31)
    /// `bpf_skb_change_type`, helper 32.
    public static let skbChangeType = HelperFunction(rawValue: 32)
    /// `bpf_skb_under_cgroup`, helper 33.
    public static let skbUnderCgroup = HelperFunction(rawValue: 33)
    /// `bpf_get_hash_recalc`, helper 34.
    public static let getHashRecalc = HelperFunction(rawValue: 34)
    /// `bpf_get_current_task`, helper 35.
    public static let getCurrentTask = HelperFunction(rawValue: 35)
    /// `bpf_probe_write_user`, helper 36.
    public static let probeWriteUser = HelperFunction(rawValue: 36)
    /// `bpf_current_task_under_cgroup`, helper 37.
    public static let currentTaskUnderCgroup = HelperFunction(rawValue: 37)
    /// `bpf_skb_change_tail`, helper 38.
    public static let skbChangeTail = HelperFunction(rawValue: 38)
    /// `bpf_skb_pull_data`, helper 39.
    public static let skbPullData = HelperFunction(rawValue: 39)
    /// `bpf_csum_update`, helper 40.
    public static let csumUpdate = HelperFunction(rawValue: 40)
    /// `bpf_set_hash_invalid`, helper 41.
    public static let setHashInvalid = HelperFunction(rawValue: 41)
    /// `bpf_get_numa_node_id`, helper 42.
    public static let getNumaNodeId = HelperFunction(rawValue: 42)
    /// `bpf_skb_change_head`, helper 43.
    public static let skbChangeHead = HelperFunction(rawValue: 43)
    /// `bpf_xdp_adjust_head`, helper 44.
    public static let xdpAdjustHead = HelperFunction(rawValue: 44)
    /// `bpf_probe_read_str`, helper 45.
    public static let probeReadStr = HelperFunction(rawValue: 45)
    /// `bpf_get_socket_cookie`, helper 46.
    public static let getSocketCookie = HelperFunction(rawValue: 46)
    /// `bpf_get_socket_uid`, helper 47.
    public static let getSocketUid = HelperFunction(rawValue: 47)
    /// `bpf_set_hash`, helper 48.
    public static let setHash = HelperFunction(rawValue: 48)
    /// `bpf_setsockopt`, helper 49.
    public static let setsockopt = HelperFunction(rawValue: 49)
    /// `bpf_skb_adjust_room`, helper 50.
    public static let skbAdjustRoom = HelperFunction(rawValue: 50)
    /// `bpf_redirect_map`, helper 51.
    public static let redirectMap = HelperFunction(rawValue: 51)
    /// `bpf_sk_redirect_map`, helper 52.
    public static let skRedirectMap = HelperFunction(rawValue: 52)
    /// `bpf_sock_map_update`, helper 53.
    public static let sockMapUpdate = HelperFunction(rawValue: 53)
    /// `bpf_xdp_adjust_meta`, helper 54.
    public static let xdpAdjustMeta = HelperFunction(rawValue: 54)
    /// `bpf_perf_event_read_value`, helper 55.
    public static let perfEventReadValue = HelperFunction(rawValue: 55)
    /// `bpf_perf_prog_read_value`, helper 56.
    public static let perfProgReadValue = HelperFunction(rawValue: 56)
    /// `bpf_getsockopt`, helper 57.
    public static let getsockopt = HelperFunction(rawValue: 57)
    /// `bpf_override_return`, helper 58.
    public static let overrideReturn = HelperFunction(rawValue: 58)
    /// `bpf_sock_ops_cb_flags_set`, helper 59.
    public static let sockOpsCbFlagsSet = HelperFunction(rawValue: 59)
    /// `bpf_msg_redirect_map`, helper 60.
    public static let msgRedirectMap = HelperFunction(rawValue: 60)
    /// `bpf_msg_apply_bytes`, helper 61.
    public static let msgApplyBytes = HelperFunction(rawValue: 61)
    /// `bpf_msg_cork_bytes`, helper 62.
    public static let msgCorkBytes = HelperFunction(rawValue: 62)
    /// `bpf_msg_pull_data`, helper 63.
    public static let msgPullData = HelperFunction(rawValue: 63)
    /// `bpf_bind`, helper 64.
    public static let bind = HelperFunction(rawValue: 64)
    /// `bpf_xdp_adjust_tail`, helper 65.
    public static let xdpAdjustTail = HelperFunction(rawValue: 65)
    /// `bpf_skb_get_xfrm_state`, helper 66.
    public static let skbGetXfrmState = HelperFunction(rawValue: 66)
    /// `bpf_get_stack`, helper 67.
    public static let getStack = HelperFunction(rawValue: 67)
    /// `bpf_skb_load_bytes_relative`, helper 68.
    public static let skbLoadBytesRelative = HelperFunction(rawValue: 68)
    /// `bpf_fib_lookup`, helper 69.
    public static let fibLookup = HelperFunction(rawValue: 69)
    /// `bpf_sock_hash_update`, helper 70.
    public static let sockHashUpdate = HelperFunction(rawValue: 70)
    /// `bpf_msg_redirect_hash`, helper 71.
    public static let msgRedirectHash = HelperFunction(rawValue: 71)
    /// `bpf_sk_redirect_hash`, helper 72.
    public static let skRedirectHash = HelperFunction(rawValue: 72)
    /// `bpf_lwt_push_encap`, helper 73.
    public static let lwtPushEncap = HelperFunction(rawValue: 73)
    /// `bpf_lwt_seg6_store_bytes`, helper 74.
    public static let lwtSeg6StoreBytes = HelperFunction(rawValue: 74)
    /// `bpf_lwt_seg6_adjust_srh`, helper 75.
    public static let lwtSeg6AdjustSrh = HelperFunction(rawValue: 75)
    /// `bpf_lwt_seg6_action`, helper 76.
    public static let lwtSeg6Action = HelperFunction(rawValue: 76)
    /// `bpf_rc_repeat`, helper 77.
    public static let rcRepeat = HelperFunction(rawValue: 77)
    /// `bpf_rc_keydown`, helper 78.
    public static let rcKeydown = HelperFunction(rawValue: 78)
    /// `bpf_skb_cgroup_id`, helper 79.
    public static let skbCgroupId = HelperFunction(rawValue: 79)
    /// `bpf_get_current_cgroup_id`, helper 80.
    public static let getCurrentCgroupId = HelperFunction(rawValue: 80)
    /// `bpf_get_local_storage`, helper 81.
    public static let getLocalStorage = HelperFunction(rawValue: 81)
    /// `bpf_sk_select_reuseport`, helper 82.
    public static let skSelectReuseport = HelperFunction(rawValue: 82)
    /// `bpf_skb_ancestor_cgroup_id`, helper 83.
    public static let skbAncestorCgroupId = HelperFunction(rawValue: 83)
    /// `bpf_sk_lookup_tcp`, helper 84.
    public static let skLookupTcp = HelperFunction(rawValue: 84)
    /// `bpf_sk_lookup_udp`, helper 85.
    public static let skLookupUdp = HelperFunction(rawValue: 85)
    /// `bpf_sk_release`, helper 86.
    public static let skRelease = HelperFunction(rawValue: 86)
    /// `bpf_map_push_elem`, helper 87.
    public static let mapPushElem = HelperFunction(rawValue: 87)
    /// `bpf_map_pop_elem`, helper 88.
    public static let mapPopElem = HelperFunction(rawValue: 88)
    /// `bpf_map_peek_elem`, helper 89.
    public static let mapPeekElem = HelperFunction(rawValue: 89)
    /// `bpf_msg_push_data`, helper 90.
    public static let msgPushData = HelperFunction(rawValue: 90)
    /// `bpf_msg_pop_data`, helper 91.
    public static let msgPopData = HelperFunction(rawValue: 91)
    /// `bpf_rc_pointer_rel`, helper 92.
    public static let rcPointerRel = HelperFunction(rawValue: 92)
    /// `bpf_spin_lock`, helper 93.
    public static let spinLock = HelperFunction(rawValue: 93)
    /// `bpf_spin_unlock`, helper 94.
    public static let spinUnlock = HelperFunction(rawValue: 94)
    /// `bpf_sk_fullsock`, helper 95.
    public static let skFullsock = HelperFunction(rawValue: 95)
    /// `bpf_tcp_sock`, helper 96.
    public static let tcpSock = HelperFunction(rawValue: 96)
    /// `bpf_skb_ecn_set_ce`, helper 97.
    public static let skbEcnSetCe = HelperFunction(rawValue: 97)
    /// `bpf_get_listener_sock`, helper 98.
    public static let getListenerSock = HelperFunction(rawValue: 98)
    /// `bpf_skc_lookup_tcp`, helper 99.
    public static let skcLookupTcp = HelperFunction(rawValue: 99)
    /// `bpf_tcp_check_syncookie`, helper 100.
    public static let tcpCheckSyncookie = HelperFunction(rawValue: 100)
    /// `bpf_sysctl_get_name`, helper 101.
    public static let sysctlGetName = HelperFunction(rawValue: 101)
    /// `bpf_sysctl_get_current_value`, helper 102.
    public static let sysctlGetCurrentValue = HelperFunction(rawValue: 102)
    /// `bpf_sysctl_get_new_value`, helper 103.
    public static let sysctlGetNewValue = HelperFunction(rawValue: 103)
    /// `bpf_sysctl_set_new_value`, helper 104.
    public static let sysctlSetNewValue = HelperFunction(rawValue: 104)
    /// `bpf_strtol`, helper 105.
    public static let strtol = HelperFunction(rawValue: 105)
    /// `bpf_strtoul`, helper 106.
    public static let strtoul = HelperFunction(rawValue: 106)
    /// `bpf_sk_storage_get`, helper 107.
    public static let skStorageGet = HelperFunction(rawValue: 107)
    /// `bpf_sk_storage_delete`, helper 108.
    public static let skStorageDelete = HelperFunction(rawValue: 108)
    /// `bpf_send_signal`, helper 109.
    public static let sendSignal = HelperFunction(rawValue: 109)
    /// `bpf_tcp_gen_syncookie`, helper 110.
    public static let tcpGenSyncookie = HelperFunction(rawValue: 110)
    /// `bpf_skb_output`, helper 111.
    public static let skbOutput = HelperFunction(rawValue: 111)
    /// `bpf_probe_read_user`, helper 112.
    public static let probeReadUser = HelperFunction(rawValue: 112)
    /// `bpf_probe_read_kernel`, helper 113.
    public static let probeReadKernel = HelperFunction(rawValue: 113)
    /// `bpf_probe_read_user_str`, helper 114.
    public static let probeReadUserStr = HelperFunction(rawValue: 114)
    /// `bpf_probe_read_kernel_str`, helper 115.
    public static let probeReadKernelStr = HelperFunction(rawValue: 115)
    /// `bpf_tcp_send_ack`, helper 116.
    public static let tcpSendAck = HelperFunction(rawValue: 116)
    /// `bpf_send_signal_thread`, helper 117.
    public static let sendSignalThread = HelperFunction(rawValue: 117)
    /// `bpf_jiffies64`, helper 118.
    public static let jiffies64 = HelperFunction(rawValue: 118)
    /// `bpf_read_branch_records`, helper 119.
    public static let readBranchRecords = HelperFunction(rawValue: 119)
    /// `bpf_get_ns_current_pid_tgid`, helper 120.
    public static let getNsCurrentPidTgid = HelperFunction(rawValue: 120)
    /// `bpf_xdp_output`, helper 121.
    public static let xdpOutput = HelperFunction(rawValue: 121)
    /// `bpf_get_netns_cookie`, helper 122.
    public static let getNetnsCookie = HelperFunction(rawValue: 122)
    /// `bpf_get_current_ancestor_cgroup_id`, helper 123.
    public static let getCurrentAncestorCgroupId = HelperFunction(rawValue: 123)
    /// `bpf_sk_assign`, helper 124.
    public static let skAssign = HelperFunction(rawValue: 124)
    /// `bpf_ktime_get_boot_ns`, helper 125.
    public static let ktimeGetBootNs = HelperFunction(rawValue: 125)
    /// `bpf_seq_printf`, helper 126.
    public static let seqPrintf = HelperFunction(rawValue: 126)
    /// `bpf_seq_write`, helper 127.
    public static let seqWrite = HelperFunction(rawValue: 127)
    /// `bpf_sk_cgroup_id`, helper 128.
    public static let skCgroupId = HelperFunction(rawValue: 128)
    /// `bpf_sk_ancestor_cgroup_id`, helper 129.
    public static let skAncestorCgroupId = HelperFunction(rawValue: 129)
    /// `bpf_ringbuf_output`, helper 130.
    public static let ringbufOutput = HelperFunction(rawValue: 130)
    /// `bpf_ringbuf_reserve`, helper 131.
    public static let ringbufReserve = HelperFunction(rawValue: 131)
    /// `bpf_ringbuf_submit`, helper 132.
    public static let ringbufSubmit = HelperFunction(rawValue: 132)
    /// `bpf_ringbuf_discard`, helper 133.
    public static let ringbufDiscard = HelperFunction(rawValue: 133)
    /// `bpf_ringbuf_query`, helper 134.
    public static let ringbufQuery = HelperFunction(rawValue: 134)
    /// `bpf_csum_level`, helper 135.
    public static let csumLevel = HelperFunction(rawValue: 135)
    /// `bpf_skc_to_tcp6_sock`, helper 136.
    public static let skcToTcp6Sock = HelperFunction(rawValue: 136)
    /// `bpf_skc_to_tcp_sock`, helper 137.
    public static let skcToTcpSock = HelperFunction(rawValue: 137)
    /// `bpf_skc_to_tcp_timewait_sock`, helper 138.
    public static let skcToTcpTimewaitSock = HelperFunction(rawValue: 138)
    /// `bpf_skc_to_tcp_request_sock`, helper 139.
    public static let skcToTcpRequestSock = HelperFunction(rawValue: 139)
    /// `bpf_skc_to_udp6_sock`, helper 140.
    public static let skcToUdp6Sock = HelperFunction(rawValue: 140)
    /// `bpf_get_task_stack`, helper 141.
    public static let getTaskStack = HelperFunction(rawValue: 141)
    /// `bpf_load_hdr_opt`, helper 142.
    public static let loadHdrOpt = HelperFunction(rawValue: 142)
    /// `bpf_store_hdr_opt`, helper 143.
    public static let storeHdrOpt = HelperFunction(rawValue: 143)
    /// `bpf_reserve_hdr_opt`, helper 144.
    public static let reserveHdrOpt = HelperFunction(rawValue: 144)
    /// `bpf_inode_storage_get`, helper 145.
    public static let inodeStorageGet = HelperFunction(rawValue: 145)
    /// `bpf_inode_storage_delete`, helper 146.
    public static let inodeStorageDelete = HelperFunction(rawValue: 146)
    /// `bpf_d_path`, helper 147.
    public static let dPath = HelperFunction(rawValue: 147)
    /// `bpf_copy_from_user`, helper 148.
    public static let copyFromUser = HelperFunction(rawValue: 148)
    /// `bpf_snprintf_btf`, helper 149.
    public static let snprintfBtf = HelperFunction(rawValue: 149)
    /// `bpf_seq_printf_btf`, helper 150.
    public static let seqPrintfBtf = HelperFunction(rawValue: 150)
    /// `bpf_skb_cgroup_classid`, helper 151.
    public static let skbCgroupClassid = HelperFunction(rawValue: 151)
    /// `bpf_redirect_neigh`, helper 152.
    public static let redirectNeigh = HelperFunction(rawValue: 152)
    /// `bpf_per_cpu_ptr`, helper 153.
    public static let perCpuPtr = HelperFunction(rawValue: 153)
    /// `bpf_this_cpu_ptr`, helper 154.
    public static let thisCpuPtr = HelperFunction(rawValue: 154)
    /// `bpf_redirect_peer`, helper 155.
    public static let redirectPeer = HelperFunction(rawValue: 155)
    /// `bpf_task_storage_get`, helper 156.
    public static let taskStorageGet = HelperFunction(rawValue: 156)
    /// `bpf_task_storage_delete`, helper 157.
    public static let taskStorageDelete = HelperFunction(rawValue: 157)
    /// `bpf_get_current_task_btf`, helper 158.
    public static let getCurrentTaskBtf = HelperFunction(rawValue: 158)
    /// `bpf_bprm_opts_set`, helper 159.
    public static let bprmOptsSet = HelperFunction(rawValue: 159)
    /// `bpf_ktime_get_coarse_ns`, helper 160.
    public static let ktimeGetCoarseNs = HelperFunction(rawValue: 160)
    /// `bpf_ima_inode_hash`, helper 161.
    public static let imaInodeHash = HelperFunction(rawValue: 161)
    /// `bpf_sock_from_file`, helper 162.
    public static let sockFromFile = HelperFunction(rawValue: 162)
    /// `bpf_check_mtu`, helper 163.
    public static let checkMtu = HelperFunction(rawValue: 163)
    /// `bpf_for_each_map_elem`, helper 164.
    public static let forEachMapElem = HelperFunction(rawValue: 164)
    /// `bpf_snprintf`, helper 165.
    public static let snprintf = HelperFunction(rawValue: 165)
    /// `bpf_sys_bpf`, helper 166.
    public static let sysBpf = HelperFunction(rawValue: 166)
    /// `bpf_btf_find_by_name_kind`, helper 167.
    public static let btfFindByNameKind = HelperFunction(rawValue: 167)
    /// `bpf_sys_close`, helper 168.
    public static let sysClose = HelperFunction(rawValue: 168)
    /// `bpf_timer_init`, helper 169.
    public static let timerInit = HelperFunction(rawValue: 169)
    /// `bpf_timer_set_callback`, helper 170.
    public static let timerSetCallback = HelperFunction(rawValue: 170)
    /// `bpf_timer_start`, helper 171.
    public static let timerStart = HelperFunction(rawValue: 171)
    /// `bpf_timer_cancel`, helper 172.
    public static let timerCancel = HelperFunction(rawValue: 172)
    /// `bpf_get_func_ip`, helper 173.
    public static let getFuncIp = HelperFunction(rawValue: 173)
    /// `bpf_get_attach_cookie`, helper 174.
    public static let getAttachCookie = HelperFunction(rawValue: 174)
    /// `bpf_task_pt_regs`, helper 175.
    public static let taskPtRegs = HelperFunction(rawValue: 175)
    /// `bpf_get_branch_snapshot`, helper 176.
    public static let getBranchSnapshot = HelperFunction(rawValue: 176)
    /// `bpf_trace_vprintk`, helper 177.
    public static let traceVprintk = HelperFunction(rawValue: 177)
    /// `bpf_skc_to_unix_sock`, helper 178.
    public static let skcToUnixSock = HelperFunction(rawValue: 178)
    /// `bpf_kallsyms_lookup_name`, helper 179.
    public static let kallsymsLookupName = HelperFunction(rawValue: 179)
    /// `bpf_find_vma`, helper 180.
    public static let findVma = HelperFunction(rawValue: 180)
    /// `bpf_loop`, helper 181.
    public static let loop = HelperFunction(rawValue: 181)
    /// `bpf_strncmp`, helper 182.
    public static let strncmp = HelperFunction(rawValue: 182)
    /// `bpf_get_func_arg`, helper 183.
    public static let getFuncArg = HelperFunction(rawValue: 183)
    /// `bpf_get_func_ret`, helper 184.
    public static let getFuncRet = HelperFunction(rawValue: 184)
    /// `bpf_get_func_arg_cnt`, helper 185.
    public static let getFuncArgCnt = HelperFunction(rawValue: 185)
    /// `bpf_get_retval`, helper 186.
    public static let getRetval = HelperFunction(rawValue: 186)
    /// `bpf_set_retval`, helper 187.
    public static let setRetval = HelperFunction(rawValue: 187)
    /// `bpf_xdp_get_buff_len`, helper 188.
    public static let xdpGetBuffLen = HelperFunction(rawValue: 188)
    /// `bpf_xdp_load_bytes`, helper 189.
    public static let xdpLoadBytes = HelperFunction(rawValue: 189)
    /// `bpf_xdp_store_bytes`, helper 190.
    public static let xdpStoreBytes = HelperFunction(rawValue: 190)
    /// `bpf_copy_from_user_task`, helper 191.
    public static let copyFromUserTask = HelperFunction(rawValue: 191)
    /// `bpf_skb_set_tstamp`, helper 192.
    public static let skbSetTstamp = HelperFunction(rawValue: 192)
    /// `bpf_ima_file_hash`, helper 193.
    public static let imaFileHash = HelperFunction(rawValue: 193)
    /// `bpf_kptr_xchg`, helper 194.
    public static let kptrXchg = HelperFunction(rawValue: 194)
    /// `bpf_map_lookup_percpu_elem`, helper 195.
    public static let mapLookupPercpuElem = HelperFunction(rawValue: 195)
    /// `bpf_skc_to_mptcp_sock`, helper 196.
    public static let skcToMptcpSock = HelperFunction(rawValue: 196)
    /// `bpf_dynptr_from_mem`, helper 197.
    public static let dynptrFromMem = HelperFunction(rawValue: 197)
    /// `bpf_ringbuf_reserve_dynptr`, helper 198.
    public static let ringbufReserveDynptr = HelperFunction(rawValue: 198)
    /// `bpf_ringbuf_submit_dynptr`, helper 199.
    public static let ringbufSubmitDynptr = HelperFunction(rawValue: 199)
    /// `bpf_ringbuf_discard_dynptr`, helper 200.
    public static let ringbufDiscardDynptr = HelperFunction(rawValue: 200)
    /// `bpf_dynptr_read`, helper 201.
    public static let dynptrRead = HelperFunction(rawValue: 201)
    /// `bpf_dynptr_write`, helper 202.
    public static let dynptrWrite = HelperFunction(rawValue: 202)
    /// `bpf_dynptr_data`, helper 203.
    public static let dynptrData = HelperFunction(rawValue: 203)
    /// `bpf_tcp_raw_gen_syncookie_ipv4`, helper 204.
    public static let tcpRawGenSyncookieIpv4 = HelperFunction(rawValue: 204)
    /// `bpf_tcp_raw_gen_syncookie_ipv6`, helper 205.
    public static let tcpRawGenSyncookieIpv6 = HelperFunction(rawValue: 205)
    /// `bpf_tcp_raw_check_syncookie_ipv4`, helper 206.
    public static let tcpRawCheckSyncookieIpv4 = HelperFunction(rawValue: 206)
    /// `bpf_tcp_raw_check_syncookie_ipv6`, helper 207.
    public static let tcpRawCheckSyncookieIpv6 = HelperFunction(rawValue: 207)
    /// `bpf_ktime_get_tai_ns`, helper 208.
    public static let ktimeGetTaiNs = HelperFunction(rawValue: 208)
    /// `bpf_user_ringbuf_drain`, helper 209.
    public static let userRingbufDrain = HelperFunction(rawValue: 209)
    /// `bpf_cgrp_storage_get`, helper 210.
    public static let cgrpStorageGet = HelperFunction(rawValue: 210)
    /// `bpf_cgrp_storage_delete`, helper 211.
    public static let cgrpStorageDelete = HelperFunction(rawValue: 211)
}
