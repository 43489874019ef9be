/* cinch — the typed plan of a container.
 *
 * config.json is parsed (parse.c) into a struct cinch_plan.  No jansson
 * object lives past the parser: everything the runtime, the policy and the
 * kernel-facing code need is here, validated and decoded.  Paths inside the
 * container are kept as the user wrote them (absolute, cleaned of "//" and
 * "."), host paths are absolute.  Every string and array is owned by the
 * plan and released by cinch_plan_free().  */
#ifndef CINCH_PLAN_H
#define CINCH_PLAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"

/* Limits on input, so that hostile configs are refused cleanly.  */
#define CINCH_CONFIG_MAX_SIZE (4u * 1024u * 1024u)
#define CINCH_CONFIG_MAX_DEPTH 64

enum cinch_ns_type
{
  CINCH_NS_PID = 0,
  CINCH_NS_NET,
  CINCH_NS_MNT,
  CINCH_NS_IPC,
  CINCH_NS_UTS,
  CINCH_NS_USER,
  CINCH_NS_CGROUP,
  CINCH_NS_TIME,
  CINCH_NS_COUNT
};

struct cinch_namespace
{
  bool present; /* listed in linux.namespaces */
  char *path;   /* NULL: create a new one; else join this one */
  size_t index; /* position in linux.namespaces (for error paths) */
};

struct cinch_id_mapping
{
  uint32_t container_id;
  uint32_t host_id;
  uint32_t size;
};

struct cinch_kv
{
  char *key;
  char *value;
};

/* Mount options decoded from mounts[].options (see mount_options.c).  */
enum cinch_propagation
{
  CINCH_PROP_NONE = 0,
  CINCH_PROP_PRIVATE,
  CINCH_PROP_SHARED,
  CINCH_PROP_SLAVE,
  CINCH_PROP_UNBINDABLE
};

struct cinch_mount
{
  char *destination; /* absolute path inside the container */
  char *type;        /* may be NULL for bind mounts */
  char *source;      /* host path made absolute against the bundle for binds */
  char **options;    /* raw options as written, NULL-terminated */

  /* decoded */
  bool bind;          /* "bind" or "rbind" (or type "bind") */
  bool recursive;     /* "rbind" */
  uint64_t attr_set;  /* MOUNT_ATTR_* to set on the top mount */
  uint64_t attr_clr;  /* MOUNT_ATTR_* to clear on the top mount */
  uint64_t rattr_set; /* MOUNT_ATTR_* to set recursively (rro, rnosuid...) */
  uint64_t rattr_clr;
  unsigned long
      sb_flags; /* superblock flags for new filesystems (MS_SYNCHRONOUS, MS_DIRSYNC, MS_MANDLOCK, MS_SILENT, MS_LAZYTIME) */
  enum cinch_propagation propagation;
  bool propagation_recursive;            /* rshared, rslave, rprivate, runbindable */
  char *data;                            /* remaining fs-specific options, comma-joined, or NULL */
  bool idmap;                            /* "idmap" */
  bool ridmap;                           /* "ridmap" */
  bool tmpcopyup;                        /* "tmpcopyup" (crun extension) */
  struct cinch_id_mapping *uid_mappings; /* mounts[].uidMappings */
  size_t n_uid_mappings;
  struct cinch_id_mapping *gid_mappings;
  size_t n_gid_mappings;
};

struct cinch_device
{
  char *path; /* absolute inside the container */
  char type;  /* 'c', 'b', 'u' or 'p' */
  int64_t major, minor;
  bool has_file_mode;
  uint32_t file_mode; /* permission bits only */
  bool has_uid, has_gid;
  uint32_t uid, gid;
};

/* linux.resources.devices[] (the device cgroup rules).  */
struct cinch_device_rule
{
  bool allow;
  char type;     /* 'a' (all, also when absent), 'c' or 'b' */
  int64_t major; /* -1: any */
  int64_t minor; /* -1: any */
  char *access;  /* "rwm" subset; NULL when absent (all) */
};

/* linux.resources.blockIO.weightDevice[].  */
struct cinch_weight_device
{
  int64_t major, minor;
  bool has_weight, has_leaf_weight;
  uint16_t weight, leaf_weight; /* 10..1000 (0 is "unset", as Docker sends it) */
};

/* linux.resources.blockIO.throttle*Device[].  */
struct cinch_throttle_device
{
  int64_t major, minor;
  uint64_t rate; /* bytes or I/Os per second; 0 removes the limit */
};

enum cinch_throttle_kind
{
  CINCH_THROTTLE_READ_BPS = 0,  /* throttleReadBpsDevice  -> io.max rbps */
  CINCH_THROTTLE_WRITE_BPS,     /* throttleWriteBpsDevice -> io.max wbps */
  CINCH_THROTTLE_READ_IOPS,     /* throttleReadIOPSDevice -> io.max riops */
  CINCH_THROTTLE_WRITE_IOPS,    /* throttleWriteIOPSDevice -> io.max wiops */
  CINCH_THROTTLE_COUNT
};

/* linux.resources.hugepageLimits[].  */
struct cinch_hugepage_limit
{
  char *page_size; /* "2MB", "1GB", "64KB": as in hugetlb.<size>.max */
  uint64_t limit;  /* bytes */
};

/* linux.resources.rdma.<device>.  */
struct cinch_rdma_limit
{
  char *device; /* the object's key */
  bool has_hca_handles, has_hca_objects;
  uint32_t hca_handles, hca_objects;
};

/* linux.resources, as written (the cgroup layer converts it to cgroup v2
 * files: cgroup_convert.c).  Every scalar has a has_ flag: absent and null
 * are "not set"; values are kept as written, including the zero values
 * engines send for "unset" (the converter reads them that way).  */
struct cinch_resources
{
  bool present; /* linux.resources present */

  /* memory */
  bool has_memory_limit, has_memory_reservation, has_memory_swap, has_memory_kernel,
      has_memory_kernel_tcp, has_memory_swappiness, has_disable_oom_killer, has_use_hierarchy,
      has_check_before_update;
  int64_t memory_limit;       /* bytes, -1 unlimited */
  int64_t memory_reservation; /* bytes, -1 unlimited */
  int64_t memory_swap;        /* v1 memory+swap total, bytes, -1 unlimited */
  int64_t memory_kernel, memory_kernel_tcp;
  uint64_t memory_swappiness;
  bool disable_oom_killer, use_hierarchy, check_before_update;

  /* cpu */
  bool has_cpu_shares, has_cpu_quota, has_cpu_burst, has_cpu_period, has_cpu_realtime_runtime,
      has_cpu_realtime_period, has_cpu_idle;
  uint64_t cpu_shares;
  int64_t cpu_quota; /* microseconds, -1 unlimited */
  uint64_t cpu_burst;
  uint64_t cpu_period;
  int64_t cpu_realtime_runtime;
  uint64_t cpu_realtime_period;
  int64_t cpu_idle;
  char *cpu_cpus; /* NULL when absent */
  char *cpu_mems;

  /* pids */
  bool has_pids_limit;
  int64_t pids_limit; /* <= 0: unlimited */

  /* blockIO */
  bool has_blkio_weight, has_blkio_leaf_weight;
  uint16_t blkio_weight, blkio_leaf_weight;
  struct cinch_weight_device *weight_devices;
  size_t n_weight_devices;
  struct cinch_throttle_device *throttle[CINCH_THROTTLE_COUNT];
  size_t n_throttle[CINCH_THROTTLE_COUNT];

  struct cinch_hugepage_limit *hugepage_limits;
  size_t n_hugepage_limits;

  struct cinch_rdma_limit *rdma;
  size_t n_rdma;

  /* network (cgroup v1 net_cls/net_prio only) */
  bool has_net_class_id;
  uint32_t net_class_id;
  struct cinch_kv *net_priorities; /* key: interface name, value: decimal priority */
  size_t n_net_priorities;

  struct cinch_kv *unified; /* file name -> value, in the order written */
  size_t n_unified;

  struct cinch_device_rule *device_rules;
  size_t n_device_rules;
};

struct cinch_rlimit
{
  int resource; /* RLIMIT_* */
  uint64_t soft, hard;
};

enum cinch_cap_set
{
  CINCH_CAP_BOUNDING = 0,
  CINCH_CAP_EFFECTIVE,
  CINCH_CAP_INHERITABLE,
  CINCH_CAP_PERMITTED,
  CINCH_CAP_AMBIENT,
  CINCH_CAP_SET_COUNT
};

enum cinch_seccomp_action
{
  CINCH_SECCOMP_KILL = 0, /* SCMP_ACT_KILL == kill thread */
  CINCH_SECCOMP_KILL_PROCESS,
  CINCH_SECCOMP_KILL_THREAD,
  CINCH_SECCOMP_TRAP,
  CINCH_SECCOMP_ERRNO,
  CINCH_SECCOMP_TRACE,
  CINCH_SECCOMP_ALLOW,
  CINCH_SECCOMP_LOG,
  CINCH_SECCOMP_NOTIFY
};

enum cinch_seccomp_op
{
  CINCH_SECCOMP_OP_NE = 0,
  CINCH_SECCOMP_OP_LT,
  CINCH_SECCOMP_OP_LE,
  CINCH_SECCOMP_OP_EQ,
  CINCH_SECCOMP_OP_GE,
  CINCH_SECCOMP_OP_GT,
  CINCH_SECCOMP_OP_MASKED_EQ
};

struct cinch_seccomp_arg
{
  uint32_t index; /* 0..5 */
  uint64_t value;
  uint64_t value_two;
  enum cinch_seccomp_op op;
};

struct cinch_seccomp_syscall
{
  char **names; /* NULL-terminated, at least one */
  enum cinch_seccomp_action action;
  bool has_errno_ret;
  uint32_t errno_ret;
  struct cinch_seccomp_arg *args;
  size_t n_args;
};

#define CINCH_SECCOMP_FLAG_LOG (1u << 0)
#define CINCH_SECCOMP_FLAG_SPEC_ALLOW (1u << 1)
#define CINCH_SECCOMP_FLAG_WAIT_KILLABLE_RECV (1u << 2)

struct cinch_seccomp
{
  enum cinch_seccomp_action default_action;
  bool has_default_errno_ret;
  uint32_t default_errno_ret;
  char **architectures; /* SCMP_ARCH_* names as written, NULL-terminated (may be empty) */
  uint32_t flags;       /* CINCH_SECCOMP_FLAG_* */
  char *listener_path;
  char *listener_metadata;
  struct cinch_seccomp_syscall *syscalls;
  size_t n_syscalls;
};

struct cinch_hook
{
  char *path;
  char **args; /* NULL-terminated, may be NULL */
  char **env;  /* NULL-terminated, may be NULL */
  bool has_timeout;
  int timeout; /* seconds, > 0 */
};

enum cinch_hook_kind
{
  CINCH_HOOK_PRESTART = 0,
  CINCH_HOOK_CREATE_RUNTIME,
  CINCH_HOOK_CREATE_CONTAINER,
  CINCH_HOOK_START_CONTAINER,
  CINCH_HOOK_POSTSTART,
  CINCH_HOOK_POSTSTOP,
  CINCH_HOOK_KIND_COUNT
};

struct cinch_hooks
{
  struct cinch_hook *list[CINCH_HOOK_KIND_COUNT];
  size_t count[CINCH_HOOK_KIND_COUNT];
};

struct cinch_process
{
  bool terminal;
  bool has_console_size;
  uint32_t console_height, console_width;

  uint32_t uid, gid;
  bool has_umask;
  uint32_t umask;
  uint32_t *additional_gids;
  size_t n_additional_gids;

  char **args; /* NULL-terminated, at least one (args[0] non-empty) */
  char **env;  /* NULL-terminated, may be empty */
  char *cwd;   /* absolute */

  bool has_capabilities;              /* process.capabilities present */
  uint64_t caps[CINCH_CAP_SET_COUNT]; /* bit N = capability number N */

  struct cinch_rlimit *rlimits;
  size_t n_rlimits;

  bool no_new_privileges;
  char *apparmor_profile;
  char *selinux_label;

  bool has_oom_score_adj;
  int oom_score_adj;

  bool has_scheduler;
  int sched_policy; /* SCHED_* */
  int sched_nice;
  int sched_priority;
  uint64_t sched_flags; /* SCHED_FLAG_* */
  uint64_t sched_runtime, sched_deadline, sched_period;

  bool has_io_priority;
  int ioprio_class; /* IOPRIO_CLASS_RT/BE/IDLE (1/2/3) */
  int ioprio_level; /* 0..7 */
};

struct cinch_linux
{
  struct cinch_namespace ns[CINCH_NS_COUNT];
  struct cinch_id_mapping *uid_mappings;
  size_t n_uid_mappings;
  struct cinch_id_mapping *gid_mappings;
  size_t n_gid_mappings;

  bool has_time_offset_monotonic, has_time_offset_boottime;
  int64_t monotonic_secs, boottime_secs;
  uint32_t monotonic_nanosecs, boottime_nanosecs;

  struct cinch_device *devices;
  size_t n_devices;

  char *cgroups_path; /* may be NULL */
  struct cinch_resources res; /* linux.resources */

  struct cinch_kv *sysctl;
  size_t n_sysctl;

  bool has_rootfs_propagation;
  enum cinch_propagation rootfs_propagation;
  bool rootfs_propagation_recursive;

  char **masked_paths;   /* NULL-terminated */
  char **readonly_paths; /* NULL-terminated */
  char *mount_label;

  struct cinch_seccomp *seccomp; /* NULL when absent */

  bool has_personality;
  unsigned long personality; /* PER_LINUX or PER_LINUX32 */
};

struct cinch_plan
{
  char *oci_version;
  char *bundle;    /* absolute bundle directory */
  char *root_path; /* absolute host path of the rootfs */
  bool root_readonly;

  bool has_process;
  struct cinch_process process;

  bool has_hostname, has_domainname;
  char *hostname;
  char *domainname;

  struct cinch_mount *mounts;
  size_t n_mounts;

  struct cinch_kv *annotations;
  size_t n_annotations;

  struct cinch_hooks hooks;

  struct cinch_linux linux_;

  /* cinch extensions, set by the policy (policy.c).  In the effective
   * config (`cinch check --print-effective`) they appear as the
   * annotations named here, which the parser reads back.  */
  uint64_t root_attr_set; /* MOUNT_ATTR_NOSUID|NODEV on the rootfs: "run.cinch.rootfs.options" =
                             "nosuid,nodev" */
  bool root_idmap;        /* idmap the rootfs (an overlay is rebuilt on idmapped layers) with the
                             container's user namespace: "run.cinch.rootfs.idmap" = "true" */
  bool userns_from_pool;  /* the host IDs of linux.uidMappings/gidMappings are allocated from the
                             policy's pool at create: "run.cinch.userns.pool" = "true" */
  bool default_seccomp;   /* no linux.seccomp: cinch's built-in profile (compiled at build time):
                             "run.cinch.seccomp" = "default" */

  /* Non-fatal findings from the parser (unknown capability names,
   * ...).  NULL-terminated.  */
  char **warnings;
};

/* Parse config.json text.  bundle_dir is the absolute bundle path used to
 * resolve root.path and relative bind sources.  On success *out receives a
 * plan owned by the caller.  Every error names the JSON path
 * ("process.rlimits[1].hard: expected an unsigned integer").  */
int cinch_plan_parse (const char *text, size_t len, const char *bundle_dir, struct cinch_plan **out,
                      cinch_error_t *err);

/* Read <bundle>/config.json (or config_path when not NULL) and parse it. */
int cinch_plan_load (const char *bundle_dir, const char *config_path, struct cinch_plan **out,
                     cinch_error_t *err);

/* Parse a process object alone (exec --process, issue 4).  */
int cinch_process_parse (const char *text, size_t len, struct cinch_process *out,
                         cinch_error_t *err);

void cinch_process_clear (struct cinch_process *p);

/* Parse a linux.resources object alone (`update --resources`, as
 * containerd and CRI-O send it).  Errors name the JSON path without the
 * "linux.resources." prefix ("memory.limit: ...").  */
int cinch_resources_parse (const char *text, size_t len, struct cinch_resources *out,
                           cinch_error_t *err);
void cinch_resources_clear (struct cinch_resources *r);
void cinch_plan_free (struct cinch_plan *plan);

/* Tables shared by the parser, the CLI and the tests (tables.c).  */
/* "CAP_SYS_ADMIN" -> 21; -1 when unknown.  */
int cinch_cap_from_name (const char *name);
/* 21 -> "CAP_SYS_ADMIN"; NULL when unknown.  */
const char *cinch_cap_name (int cap);
int cinch_cap_last (void);
/* "RLIMIT_NOFILE" -> RLIMIT_NOFILE; -1 when unknown.  */
int cinch_rlimit_from_name (const char *name);
const char *cinch_rlimit_name (int resource);
/* "KILL", "SIGKILL", "9" -> 9; -1 when unknown.  */
int cinch_signal_from_name (const char *name);
/* "pid" -> CINCH_NS_PID; -1 when unknown.  */
int cinch_ns_from_name (const char *name);
const char *cinch_ns_name (enum cinch_ns_type t);
/* CLONE_NEW* flag of a namespace type.  */
int cinch_ns_clone_flag (enum cinch_ns_type t);
/* "/proc/self/ns/<x>" file name: "pid", "net", "mnt", ...  */
const char *cinch_ns_proc_name (enum cinch_ns_type t);

/* Decode mounts[].options into m (mount_options.c).  Unknown options that
 * look like flags are passed through in m->data for the filesystem.
 * Returns -1 with an error naming json_path for contradictory input.  */
int cinch_mount_options_decode (struct cinch_mount *m, const char *json_path, cinch_error_t *err);

#endif
