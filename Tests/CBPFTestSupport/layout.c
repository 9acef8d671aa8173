#define _GNU_SOURCE
#include "CBPFTestSupport.h"

#include <errno.h>
#include <linux/bpf.h>
#include <sched.h>

#define FIELD_SIZE(type, path) sizeof(((type *)0)->path)
#define ATTR(group, path) { group, #path, offsetof(union bpf_attr, path), FIELD_SIZE(union bpf_attr, path) }
#define INFO(type, path) { #type, #path, offsetof(struct type, path), FIELD_SIZE(struct type, path) }

static const struct swiftbpf_layout_entry entries[] = {
    ATTR("map_create", map_type), ATTR("map_create", key_size), ATTR("map_create", value_size),
    ATTR("map_create", max_entries), ATTR("map_create", map_flags), ATTR("map_create", inner_map_fd),
    ATTR("map_create", numa_node), ATTR("map_create", map_name), ATTR("map_create", map_ifindex),
    ATTR("map_create", btf_fd), ATTR("map_create", btf_key_type_id), ATTR("map_create", btf_value_type_id),
    ATTR("map_create", btf_vmlinux_value_type_id), ATTR("map_create", map_extra),

    ATTR("map_element", map_fd), ATTR("map_element", key), ATTR("map_element", value),
    ATTR("map_element", next_key), ATTR("map_element", flags),

    ATTR("batch", batch.in_batch), ATTR("batch", batch.out_batch), ATTR("batch", batch.keys),
    ATTR("batch", batch.values), ATTR("batch", batch.count), ATTR("batch", batch.map_fd),
    ATTR("batch", batch.elem_flags), ATTR("batch", batch.flags),

    ATTR("prog_load", prog_type), ATTR("prog_load", insn_cnt), ATTR("prog_load", insns),
    ATTR("prog_load", license), ATTR("prog_load", log_level), ATTR("prog_load", log_size),
    ATTR("prog_load", log_buf), ATTR("prog_load", kern_version), ATTR("prog_load", prog_flags),
    ATTR("prog_load", prog_name), ATTR("prog_load", prog_ifindex), ATTR("prog_load", expected_attach_type),
    ATTR("prog_load", prog_btf_fd), ATTR("prog_load", func_info_rec_size), ATTR("prog_load", func_info),
    ATTR("prog_load", func_info_cnt), ATTR("prog_load", line_info_rec_size), ATTR("prog_load", line_info),
    ATTR("prog_load", line_info_cnt), ATTR("prog_load", attach_btf_id), ATTR("prog_load", attach_prog_fd),
    ATTR("prog_load", attach_btf_obj_fd), ATTR("prog_load", core_relo_cnt), ATTR("prog_load", fd_array),
    ATTR("prog_load", core_relos), ATTR("prog_load", core_relo_rec_size),

    ATTR("obj_pin", pathname), ATTR("obj_pin", bpf_fd), ATTR("obj_pin", file_flags),

    ATTR("prog_attach", target_fd), ATTR("prog_attach", attach_bpf_fd), ATTR("prog_attach", attach_type),
    ATTR("prog_attach", attach_flags), ATTR("prog_attach", replace_bpf_fd),

    ATTR("test", test.prog_fd), ATTR("test", test.retval), ATTR("test", test.data_size_in),
    ATTR("test", test.data_size_out), ATTR("test", test.data_in), ATTR("test", test.data_out),
    ATTR("test", test.repeat), ATTR("test", test.duration), ATTR("test", test.ctx_size_in),
    ATTR("test", test.ctx_size_out), ATTR("test", test.ctx_in), ATTR("test", test.ctx_out),
    ATTR("test", test.flags), ATTR("test", test.cpu), ATTR("test", test.batch_size),

    ATTR("object_id", start_id), ATTR("object_id", prog_id), ATTR("object_id", map_id),
    ATTR("object_id", btf_id), ATTR("object_id", link_id), ATTR("object_id", next_id),
    ATTR("object_id", open_flags),

    ATTR("info", info.bpf_fd), ATTR("info", info.info_len), ATTR("info", info.info),

    ATTR("query", query.target_fd), ATTR("query", query.attach_type), ATTR("query", query.query_flags),
    ATTR("query", query.attach_flags), ATTR("query", query.prog_ids), ATTR("query", query.prog_cnt),
    ATTR("query", query.prog_attach_flags),

    ATTR("btf_load", btf), ATTR("btf_load", btf_log_buf), ATTR("btf_load", btf_size),
    ATTR("btf_load", btf_log_size), ATTR("btf_load", btf_log_level),

    ATTR("link_create", link_create.prog_fd), ATTR("link_create", link_create.target_fd),
    ATTR("link_create", link_create.target_ifindex), ATTR("link_create", link_create.attach_type),
    ATTR("link_create", link_create.flags), ATTR("link_create", link_create.target_btf_id),
    ATTR("link_create", link_create.tracing.target_btf_id), ATTR("link_create", link_create.tracing.cookie),

    ATTR("link_update", link_update.link_fd), ATTR("link_update", link_update.new_prog_fd),
    ATTR("link_update", link_update.flags), ATTR("link_update", link_update.old_prog_fd),

    ATTR("link_detach", link_detach.link_fd),
    ATTR("enable_stats", enable_stats.type),

    INFO(bpf_map_info, type), INFO(bpf_map_info, id), INFO(bpf_map_info, key_size),
    INFO(bpf_map_info, value_size), INFO(bpf_map_info, max_entries), INFO(bpf_map_info, map_flags),
    INFO(bpf_map_info, name), INFO(bpf_map_info, ifindex), INFO(bpf_map_info, btf_vmlinux_value_type_id),
    INFO(bpf_map_info, netns_dev), INFO(bpf_map_info, netns_ino), INFO(bpf_map_info, btf_id),
    INFO(bpf_map_info, btf_key_type_id), INFO(bpf_map_info, btf_value_type_id), INFO(bpf_map_info, map_extra),

    INFO(bpf_prog_info, type), INFO(bpf_prog_info, id), INFO(bpf_prog_info, tag),
    INFO(bpf_prog_info, jited_prog_len), INFO(bpf_prog_info, xlated_prog_len),
    INFO(bpf_prog_info, jited_prog_insns), INFO(bpf_prog_info, xlated_prog_insns),
    INFO(bpf_prog_info, load_time), INFO(bpf_prog_info, created_by_uid), INFO(bpf_prog_info, nr_map_ids),
    INFO(bpf_prog_info, map_ids), INFO(bpf_prog_info, name), INFO(bpf_prog_info, ifindex),
    INFO(bpf_prog_info, netns_dev), INFO(bpf_prog_info, netns_ino), INFO(bpf_prog_info, nr_jited_ksyms),
    INFO(bpf_prog_info, nr_jited_func_lens), INFO(bpf_prog_info, jited_ksyms),
    INFO(bpf_prog_info, jited_func_lens), INFO(bpf_prog_info, btf_id),
    INFO(bpf_prog_info, func_info_rec_size), INFO(bpf_prog_info, func_info),
    INFO(bpf_prog_info, nr_func_info), INFO(bpf_prog_info, nr_line_info), INFO(bpf_prog_info, line_info),
    INFO(bpf_prog_info, jited_line_info), INFO(bpf_prog_info, nr_jited_line_info),
    INFO(bpf_prog_info, line_info_rec_size), INFO(bpf_prog_info, jited_line_info_rec_size),
    INFO(bpf_prog_info, nr_prog_tags), INFO(bpf_prog_info, prog_tags), INFO(bpf_prog_info, run_time_ns),
    INFO(bpf_prog_info, run_cnt), INFO(bpf_prog_info, recursion_misses),
    INFO(bpf_prog_info, verified_insns), INFO(bpf_prog_info, attach_btf_obj_id),
    INFO(bpf_prog_info, attach_btf_id),

    INFO(bpf_btf_info, btf), INFO(bpf_btf_info, btf_size), INFO(bpf_btf_info, id),
    INFO(bpf_btf_info, name), INFO(bpf_btf_info, name_len), INFO(bpf_btf_info, kernel_btf),

    INFO(bpf_link_info, type), INFO(bpf_link_info, id), INFO(bpf_link_info, prog_id),
    INFO(bpf_link_info, cgroup.cgroup_id), INFO(bpf_link_info, cgroup.attach_type),
    INFO(bpf_link_info, netns.netns_ino), INFO(bpf_link_info, netns.attach_type),
    INFO(bpf_link_info, raw_tracepoint.tp_name), INFO(bpf_link_info, raw_tracepoint.tp_name_len),
    INFO(bpf_link_info, tracing.attach_type), INFO(bpf_link_info, tracing.target_obj_id),
    INFO(bpf_link_info, tracing.target_btf_id), INFO(bpf_link_info, iter.target_name),
    INFO(bpf_link_info, iter.target_name_len), INFO(bpf_link_info, iter.map.map_id),
    INFO(bpf_link_info, iter.cgroup.cgroup_id), INFO(bpf_link_info, iter.cgroup.order),
    INFO(bpf_link_info, iter.task.tid), INFO(bpf_link_info, iter.task.pid), INFO(bpf_link_info, xdp.ifindex),
};

const struct swiftbpf_layout_entry *swiftbpf_uapi_layout(size_t *count) {
    *count = sizeof(entries) / sizeof(entries[0]);
    return entries;
}

int swiftbpf_unshare_network(void) {
    return unshare(CLONE_NEWNET) == 0 ? 0 : -errno;
}
