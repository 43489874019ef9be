/* cinch — cgroup v2.
 *
 * Parse, decide, act, as everywhere else:
 *   - where the container's cgroup lives (cinch_cgroup_resolve_path) and
 *     what its linux.resources become as cgroup v2 files
 *     (cinch_cgroup_convert, cgroup_convert.c) are pure functions;
 *   - the policy (policy.c) decides, from the host facts
 *     (cinch_cgroup_host_detect), which limits cannot be enforced here;
 *   - cgroup.c acts: creates the cgroup, enables controllers in the
 *     ancestors, writes the files, attaches the device program
 *     (cgroup_devices.c), and later kills, freezes, lists and removes.
 *
 * Every fd is O_CLOEXEC; files are opened relative to the cgroup's
 * directory fd, and a file name is never a path.  */
#ifndef CINCH_CGROUP_H
#define CINCH_CGROUP_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "cli.h"
#include "error.h"
#include "plan.h"

/* The cgroup v2 controllers cinch knows.  */
enum cinch_cgroup_controller
{
  CINCH_CG_CPUSET = 0,
  CINCH_CG_CPU,
  CINCH_CG_IO,
  CINCH_CG_MEMORY,
  CINCH_CG_HUGETLB,
  CINCH_CG_PIDS,
  CINCH_CG_RDMA,
  CINCH_CG_MISC,
  CINCH_CG_COUNT,
  CINCH_CG_CORE = CINCH_CG_COUNT /* cgroup.* files: no controller needed */
};

#define CINCH_CG_BIT(c) (1u << (c))

/* "memory" -> CINCH_CG_MEMORY, "cgroup" -> CINCH_CG_CORE; -1 when unknown. */
int cinch_cgroup_controller_from_name (const char *name);
const char *cinch_cgroup_controller_name (enum cinch_cgroup_controller c);

/* What the host's unified (cgroup2) hierarchy offers.  */
struct cinch_cgroup_host
{
  char *mount;          /* "/sys/fs/cgroup" (pure v2) or "/sys/fs/cgroup/unified"
                           (hybrid); NULL when there is no cgroup2 hierarchy */
  bool unified;         /* pure v2 host: /sys/fs/cgroup is cgroup2 */
  unsigned controllers; /* CINCH_CG_BIT set of <mount>/cgroup.controllers */
  char *self;           /* cinch's own cgroup on that hierarchy ("/" or "/a/b"),
                           from the "0::" line of /proc/self/cgroup */
};

/* Fill h (never fails: a host without cgroup2 gives mount == NULL).  */
void cinch_cgroup_host_detect (struct cinch_cgroup_host *h);
void cinch_cgroup_host_clear (struct cinch_cgroup_host *h);

/* The container's cgroup, relative to the cgroup2 mount ("/cinch/ID"),
 * from linux.cgroupsPath (NULL or "" when absent):
 *   - cgroupfs: absolute as written; relative under the parent of cinch's
 *     own cgroup (self); absent: "<parent of self>/cinch/<id>";
 *   - systemd: "slice:prefix:name" -> "/a.slice/a-b.slice/prefix-name.scope"
 *     (name ending in ".slice" is itself a slice); an empty slice is
 *     "system.slice"; absent: "system.slice:cinch:<id>".
 * Pure.  Errors name linux.cgroupsPath and what was written.  */
int cinch_cgroup_resolve_path (const char *cgroups_path, enum cinch_cgroup_manager mgr,
                               const char *id, const char *self, char **out, cinch_error_t *err);

/* One cgroup file write computed from linux.resources.  */
struct cinch_cgroup_write
{
  enum cinch_cgroup_controller controller; /* CINCH_CG_CORE for cgroup.* files */
  char *file;                              /* "memory.max" */
  char *value;                             /* "1048576" */
  char *json_path;                         /* "linux.resources.memory.limit" */
};

struct cinch_cgroup_writes
{
  struct cinch_cgroup_write *v;
  size_t n;
  char **warnings; /* NULL-terminated or NULL: fields ignored on cgroup v2 */
};

/* Convert r (device rules excepted: cgroup_devices.c) to the files engines
 * expect on cgroup v2, in the order they must be written.  Zero values
 * engines send for "unset" are read that way.  Pure.  Fields cgroup v2
 * cannot express (realtime, net_cls/net_prio) are errors naming their JSON
 * path; a unified key that is not a plain file name of a known controller
 * is an error naming linux.resources.unified.<key>.  json_prefix is
 * "linux.resources" for config.json, "" for an update's --resources.  */
int cinch_cgroup_convert (const struct cinch_resources *r, const char *json_prefix,
                          struct cinch_cgroup_writes *out, cinch_error_t *err);
void cinch_cgroup_writes_clear (struct cinch_cgroup_writes *w);

/* Weights and protections (cpu.weight, cpu.idle, io.weight, io.bfq.weight,
 * memory.low) say how to share, not how much a container may take: where
 * they cannot be enforced, create and update only warn.  Pure.  */
bool cinch_cgroup_file_is_preference (const char *file);

/* CINCH_CG_BIT set of the controllers the writes need.  */
unsigned cinch_cgroup_writes_controllers (const struct cinch_cgroup_writes *w);

/* An open container cgroup.  */
struct cinch_cgroup
{
  char *path;        /* absolute host path, "/sys/fs/cgroup/unified/cinch/ID" */
  int dirfd;         /* O_DIRECTORY|O_CLOEXEC, -1 when closed */
  bool created;      /* this process made the leaf */
  char *created_top; /* the highest directory this process made (create):
                        destroy removes the ancestors up to it as well,
                        so a failed create leaves nothing; NULL otherwise */
};

#define CINCH_CGROUP_INIT                                                                          \
  {                                                                                                \
    NULL, -1, false, NULL                                                                          \
  }

/* mkdir the cgroup rel under h->mount (ancestors too), enabling the
 * controllers in `controllers` in every ancestor's cgroup.subtree_control.
 * A cgroup that exists already is used if it is empty (no process).  */
int cinch_cgroup_create (const struct cinch_cgroup_host *h, const char *rel, unsigned controllers,
                         struct cinch_cgroup *cg, cinch_error_t *err);

/* Open an existing cgroup by absolute path (commands after create).  */
int cinch_cgroup_open (const char *path, struct cinch_cgroup *cg, cinch_error_t *err);

/* Write every file of w; an error names the JSON path, the file and the
 * value the kernel refused, with its errno.  */
int cinch_cgroup_apply (const struct cinch_cgroup *cg, const struct cinch_cgroup_writes *w,
                        cinch_error_t *err);

/* Move pid into the cgroup (the fallback when clone3 cannot use
 * CLONE_INTO_CGROUP, and exec's processes).  */
int cinch_cgroup_enter (const struct cinch_cgroup *cg, pid_t pid, cinch_error_t *err);

/* Every pid in the cgroup and its descendants (host pids, as in
 * cgroup.procs), sorted.  *pids owned by the caller.  */
int cinch_cgroup_pids (int dirfd, pid_t **pids, size_t *n, cinch_error_t *err);

/* Signal every process: cgroup.kill for SIGKILL, else each pid.  */
int cinch_cgroup_signal (const struct cinch_cgroup *cg, int sig, cinch_error_t *err);

/* Freeze or thaw through cgroup.freeze, then wait (poll on cgroup.events)
 * until "frozen" says so.  */
int cinch_cgroup_freeze (const struct cinch_cgroup *cg, bool frozen, cinch_error_t *err);

/* 1 when cgroup.events says frozen, 0 when not, -1 when unreadable.  */
int cinch_cgroup_is_frozen (int dirfd);

/* Kill what is left (cgroup.kill, thawing first), wait until it is
 * empty, remove it and its descendants.  */
int cinch_cgroup_destroy (struct cinch_cgroup *cg, cinch_error_t *err);

void cinch_cgroup_close (struct cinch_cgroup *cg);

/* ---- what create does (cgroup_setup.c) ------------------------------ */

/* The container's cgroup, decided before anything exists.  */
struct cinch_cgroup_plan
{
  char *rel;                         /* path under the cgroup2 mount; NULL: no cgroup */
  struct cinch_cgroup_writes writes; /* only the files this host can take */
  unsigned controllers;              /* to enable in the ancestors */
};

/* Decide: where the cgroup goes and what is written.  Writes whose
 * controller the host lacks are dropped (the policy has refused or warned
 * about them already: CINCH-CGROUP-LIMIT); a unified file of an absent
 * controller is an error naming linux.resources.unified.<key>.  With
 * manager disabled or no cgroup2 hierarchy, out->rel is NULL.  */
int cinch_cgroup_plan_make (const struct cinch_plan *plan, const struct cinch_cgroup_host *h,
                            enum cinch_cgroup_manager mgr, const char *id,
                            struct cinch_cgroup_plan *out, cinch_error_t *err);
void cinch_cgroup_plan_clear (struct cinch_cgroup_plan *cp);

/* Act: create the cgroup, write the files, attach the device program.  On
 * failure nothing is left (cg closed, what was made removed).  */
int cinch_cgroup_setup (const struct cinch_cgroup_host *h, const struct cinch_cgroup_plan *cp,
                        const struct cinch_plan *plan, struct cinch_cgroup *cg, cinch_error_t *err);

/* ---- device access: an eBPF BPF_PROG_TYPE_CGROUP_DEVICE program
 * (cgroup_devices.c) --------------------------------------------------- */

/* Compile and attach the device program to the cgroup dirfd: default deny;
 * then linux.devices (each allowed rwm); then linux.resources.devices in
 * order, the last matching rule winning; then the standard allow list
 * (rwm on null 1:3, zero 1:5, full 1:7, random 1:8, urandom 1:9, tty 5:0,
 * ptmx 5:2, pts 136:*), which always wins, as with runc.  Unlike runc, no
 * blanket mknod ("c *:* m"): engines that want it send it as a rule.
 * Errors name the rule's JSON path when a rule is the cause.  */
int cinch_cgroup_devices_attach (int dirfd, const struct cinch_device *devices, size_t n_devices,
                                 const struct cinch_device_rule *rules, size_t n_rules,
                                 cinch_error_t *err);

#endif
