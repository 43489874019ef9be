/* cinch — a container cgroup's statistics, as `cinch events` reports them.
 *
 * Read from the cgroup v2 files relative to the cgroup's directory fd
 * (cpu.stat, memory.*, pids.*, io.stat, hugetlb.*), then written as the
 * JSON event runc's `events` prints (runc's types.Event / types.Stats), the
 * shape containerd, Docker and Podman parse.  A file that does not exist
 * (its controller is not enabled) is skipped: its fields stay zero, as with
 * runc.  Reading is kernel-facing only through the dirfd, so tests run it
 * on a directory of plain files.  */
#ifndef CINCH_CGROUP_STATS_H
#define CINCH_CGROUP_STATS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"

struct cinch_stat_kv
{
  char *key;
  uint64_t value;
};

/* One io.stat counter, under runc's cgroup v1 names.  */
struct cinch_blkio_entry
{
  uint64_t major, minor;
  const char *op; /* "Read" or "Write" (static) */
  uint64_t value;
};

struct cinch_hugetlb_stat
{
  char *page_size;  /* "2MB", from hugetlb.<size>.current */
  uint64_t usage;   /* hugetlb.<size>.current */
  uint64_t failcnt; /* "max" of hugetlb.<size>.events */
};

/* Limits the kernel writes as "max" read as UINT64_MAX (memory) or 0
 * (pids), as runc reports them.  */
struct cinch_cgroup_stats
{
  /* cpu.stat, microseconds there, nanoseconds here */
  uint64_t cpu_total, cpu_user, cpu_kernel;
  uint64_t cpu_periods, cpu_throttled_periods, cpu_throttled_time;

  /* memory.current, memory.max, memory.peak; failcnt: "max" of
   * memory.events (times the limit was hit) */
  uint64_t mem_usage, mem_limit, mem_max_usage, mem_failcnt;
  /* as runc reports swap on cgroup v2: memory + swap, so that it reads
   * like cgroup v1's memsw */
  uint64_t swap_usage, swap_limit, swap_max_usage;
  uint64_t mem_cache;            /* "file" of memory.stat */
  struct cinch_stat_kv *mem_raw; /* memory.stat, sorted by key */
  size_t n_mem_raw;
  uint64_t ev_low, ev_high, ev_max, oom, oom_kill; /* memory.events */

  /* pids.current and pids.max ("max": 0); without the pids controller,
   * the processes in cgroup.procs and no limit */
  uint64_t pids_current, pids_limit;

  /* io.stat rbytes/wbytes (ioServiceBytesRecursive) and rios/wios
   * (ioServicedRecursive), in the file's order */
  struct cinch_blkio_entry *io_bytes, *io_ios;
  size_t n_io_bytes, n_io_ios;

  struct cinch_hugetlb_stat *hugetlb; /* sorted by page size name */
  size_t n_hugetlb;
};

/* Read the statistics of the cgroup open at dirfd into *out (zeroed first;
 * owned by the caller, free with cinch_cgroup_stats_clear).  A file that
 * exists but cannot be read or parsed is an error naming it and the line. */
int cinch_cgroup_stats_read (int dirfd, struct cinch_cgroup_stats *out, cinch_error_t *err);
void cinch_cgroup_stats_clear (struct cinch_cgroup_stats *s);

/* The "oom_kill" count of memory.events: 0 with *out when the file or key
 * is missing (no memory controller), -1 with err when unreadable.  */
int cinch_cgroup_oom_kills (int dirfd, uint64_t *out, cinch_error_t *err);

/* One line of `cinch events` (without the newline), owned by the caller:
 *   {"type":"stats","id":ID,"data":{"cpu":...,"memory":...,"pids":...,
 *    "blkio":...,"hugetlb":...}}
 * (memory.event_count holds memory.events, as recent runc reports it)
 * with runc's field names and Go's omitempty rules; with s NULL, an event
 * without data ({"type":"oom","id":ID}).  */
char *cinch_cgroup_event_json (const char *type, const char *id,
                               const struct cinch_cgroup_stats *s);

/* A Go duration ("5s", "500ms", "1m30s", "1.5h"; units ns, us, µs, ms, s,
 * m, h) in nanoseconds.  Must be positive; errors name flag and value.  */
int cinch_parse_go_duration (const char *flag, const char *value, uint64_t *ns, cinch_error_t *err);

#endif
