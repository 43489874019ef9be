/* cinch — `update` (update.h).
 *
 * The flags follow runc's update command (the one containerd's go-runc,
 * Docker and Podman call): memory sizes in go-units' binary units, "-1"
 * for unlimited, and 0 meaning "not set" where runc reads it that way.
 * Unlike runc, --resources and the flags combine (the file first, each
 * flag then overriding its field) instead of the file silently winning.  */
#include "update.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cgroup.h"
#include "container.h"
#include "emit.h"
#include "log.h"
#include "policy.h"
#include "state.h"
#include "util.h"

/* ---- flag values (pure) --------------------------------------------------- */

int
cinch_parse_memory_size (const char *flag, const char *value, int64_t *out, cinch_error_t *err)
{
  static const char units[] = "kmgtp";
  const char *p = value;
  unsigned __int128 whole = 0, frac = 0, scale = 1, mult = 1, total;
  bool digits = false;
  const char *u;

  if (strcmp (value, "-1") == 0)
    {
      *out = -1;
      return 0;
    }
  for (; *p >= '0' && *p <= '9'; p++, digits = true)
    if ((whole = whole * 10 + (unsigned) (*p - '0')) > INT64_MAX)
      return cinch_fail (err, 0, "%s: `%s` is too large", flag, value);
  if (digits && *p == '.')
    {
      bool fdigits = false;
      for (p++; *p >= '0' && *p <= '9'; p++, fdigits = true)
        if (scale < 1000000000000000000ULL)
          {
            frac = frac * 10 + (unsigned) (*p - '0');
            scale *= 10;
          }
      digits = fdigits;
    }
  if (digits && *p == ' ')
    p++;
  if (digits && *p && (u = strchr (units, *p | 0x20)) != NULL)
    {
      for (long i = 0; i <= u - units; i++)
        mult *= 1024;
      p++;
    }
  if (digits && (*p == 'i' || *p == 'I'))
    p++;
  if (digits && (*p == 'b' || *p == 'B'))
    p++;
  if (!digits || *p != '\0')
    {
      cleanup_free char *shown = cinch_printable (value, false);
      return cinch_fail (err, 0,
                         "%s: invalid size `%s` (expected bytes, optionally with a unit: 512m, "
                         "1.5g, 1024k; or -1 for unlimited)",
                         flag, shown);
    }
  total = whole * mult + frac * mult / scale;
  if (total > INT64_MAX)
    return cinch_fail (err, 0, "%s: `%s` is too large", flag, value);
  *out = (int64_t) total;
  return 0;
}

static int
parse_u64_flag (const char *flag, const char *value, uint64_t *out, cinch_error_t *err)
{
  if (cinch_parse_u64 (value, UINT64_MAX, out) < 0)
    {
      cleanup_free char *shown = cinch_printable (value, false);
      return cinch_fail (err, 0, "%s: invalid value `%s` (expected a non-negative integer)", flag,
                         shown);
    }
  return 0;
}

static int
parse_i64_flag (const char *flag, const char *value, int64_t *out, cinch_error_t *err)
{
  uint64_t v;
  bool neg = value[0] == '-';

  if (cinch_parse_u64 (value + neg, neg ? (uint64_t) INT64_MAX + 1 : INT64_MAX, &v) < 0)
    {
      cleanup_free char *shown = cinch_printable (value, false);
      return cinch_fail (err, 0, "%s: invalid value `%s` (expected an integer)", flag, shown);
    }
  *out = neg ? (int64_t) (0 - v) : (int64_t) v;
  return 0;
}

/* A cpuset list: "0-3,8,10-11".  The kernel would refuse anything else,
 * but only after the other limits were written.  */
static int
parse_cpuset_flag (const char *flag, const char *value, cinch_error_t *err)
{
  const char *p = value;

  for (;;)
    {
      size_t n = strspn (p, "0123456789");
      if (n == 0)
        break;
      p += n;
      if (*p == '-')
        {
          n = strspn (++p, "0123456789");
          if (n == 0)
            break;
          p += n;
        }
      if (*p == '\0')
        return 0;
      if (*p++ != ',')
        break;
    }
  {
    cleanup_free char *shown = cinch_printable (value, false);
    return cinch_fail (err, 0, "%s: invalid list `%s` (expected numbers and ranges such as 0-3,8)",
                       flag, shown);
  }
}

enum flag_kind
{
  F_MEMORY = 0,
  F_MEMORY_RESERVATION,
  F_MEMORY_SWAP,
  F_KERNEL_MEMORY,
  F_KERNEL_MEMORY_TCP,
  F_PIDS_LIMIT,
  F_CPU_PERIOD,
  F_CPU_QUOTA,
  F_CPU_BURST,
  F_CPU_SHARE,
  F_CPU_RT_PERIOD,
  F_CPU_RT_RUNTIME,
  F_CPUSET_CPUS,
  F_CPUSET_MEMS,
  F_CPU_IDLE,
  F_BLKIO_WEIGHT,
};

static const struct
{
  const char *flag;
  const char *path; /* linux.resources field, without the prefix */
} flag_table[] = {
  [F_MEMORY] = { "--memory", "memory.limit" },
  [F_MEMORY_RESERVATION] = { "--memory-reservation", "memory.reservation" },
  [F_MEMORY_SWAP] = { "--memory-swap", "memory.swap" },
  [F_KERNEL_MEMORY] = { "--kernel-memory", "memory.kernel" },
  [F_KERNEL_MEMORY_TCP] = { "--kernel-memory-tcp", "memory.kernelTCP" },
  [F_PIDS_LIMIT] = { "--pids-limit", "pids.limit" },
  [F_CPU_PERIOD] = { "--cpu-period", "cpu.period" },
  [F_CPU_QUOTA] = { "--cpu-quota", "cpu.quota" },
  [F_CPU_BURST] = { "--cpu-burst", "cpu.burst" },
  [F_CPU_SHARE] = { "--cpu-share", "cpu.shares" },
  [F_CPU_RT_PERIOD] = { "--cpu-rt-period", "cpu.realtimePeriod" },
  [F_CPU_RT_RUNTIME] = { "--cpu-rt-runtime", "cpu.realtimeRuntime" },
  [F_CPUSET_CPUS] = { "--cpuset-cpus", "cpu.cpus" },
  [F_CPUSET_MEMS] = { "--cpuset-mems", "cpu.mems" },
  [F_CPU_IDLE] = { "--cpu-idle", "cpu.idle" },
  [F_BLKIO_WEIGHT] = { "--blkio-weight", "blockIO.weight" },
};

static int
flag_index (const char *flag)
{
  for (size_t i = 0; i < CINCH_ARRAY_SIZE (flag_table); i++)
    if (strcmp (flag_table[i].flag, flag) == 0)
      return (int) i;
  return -1;
}

bool
cinch_update_flag_known (const char *flag)
{
  return flag_index (flag) >= 0;
}

const char *
cinch_update_flag_path (const char *flag)
{
  int i = flag_index (flag);
  return i < 0 ? NULL : flag_table[i].path;
}

static void
push_warning (char ***v, char *s)
{
  size_t n = cinch_strv_len (*v);
  *v = cinch_xrealloc (*v, (n + 2) * sizeof (char *));
  (*v)[n] = s;
  (*v)[n + 1] = NULL;
}

/* A memory flag: 0 is "not set" (runc writes nothing for it).  */
static int
set_memory (const char *flag, const char *value, bool *has, int64_t *field, cinch_error_t *err)
{
  int64_t v;
  if (cinch_parse_memory_size (flag, value, &v, err) < 0)
    return -1;
  if (v != 0)
    {
      *has = true;
      *field = v;
    }
  return 0;
}

/* A uint64 flag where 0 means "not set" (or "the system default").  */
static int
set_u64_nonzero (const char *flag, const char *value, bool *has, uint64_t *field,
                 cinch_error_t *err)
{
  uint64_t v;
  if (parse_u64_flag (flag, value, &v, err) < 0)
    return -1;
  if (v != 0)
    {
      *has = true;
      *field = v;
    }
  return 0;
}

static int
set_i64 (const char *flag, const char *value, bool *has, int64_t *field, cinch_error_t *err)
{
  if (parse_i64_flag (flag, value, field, err) < 0)
    return -1;
  *has = true;
  return 0;
}

static int
set_string (const char *flag, const char *value, char **field, cinch_error_t *err)
{
  if (value[0] == '\0')
    return 0; /* runc: an empty list changes nothing */
  if (parse_cpuset_flag (flag, value, err) < 0)
    return -1;
  free (*field);
  *field = cinch_xstrdup (value);
  return 0;
}

static int
apply_flag (struct cinch_resources *r, int k, const char *flag, const char *value, char ***warnings,
            cinch_error_t *err)
{
  int64_t i64;
  uint64_t u64;

  switch (k)
    {
    case F_MEMORY:
      return set_memory (flag, value, &r->has_memory_limit, &r->memory_limit, err);
    case F_MEMORY_RESERVATION:
      return set_memory (flag, value, &r->has_memory_reservation, &r->memory_reservation, err);
    case F_MEMORY_SWAP:
      return set_memory (flag, value, &r->has_memory_swap, &r->memory_swap, err);
    case F_KERNEL_MEMORY:
    case F_KERNEL_MEMORY_TCP:
      /* runc too ignores them: cgroup v2 has no kernel memory limit.  */
      if (cinch_parse_memory_size (flag, value, &i64, err) < 0)
        return -1;
      push_warning (warnings, cinch_xasprintf ("%s %s: ignored (cgroup v2 has no kernel memory "
                                               "limit)",
                                               flag, value));
      return 0;
    case F_PIDS_LIMIT:
      if (parse_i64_flag (flag, value, &i64, err) < 0)
        return -1;
      if (i64 != 0) /* runc: 0 leaves pids.max alone; -1 is unlimited */
        {
          r->has_pids_limit = true;
          r->pids_limit = i64;
        }
      return 0;
    case F_CPU_PERIOD:
      return set_u64_nonzero (flag, value, &r->has_cpu_period, &r->cpu_period, err);
    case F_CPU_QUOTA:
      return set_i64 (flag, value, &r->has_cpu_quota, &r->cpu_quota, err);
    case F_CPU_BURST:
      if (parse_u64_flag (flag, value, &r->cpu_burst, err) < 0)
        return -1;
      r->has_cpu_burst = true;
      return 0;
    case F_CPU_SHARE:
      return set_u64_nonzero (flag, value, &r->has_cpu_shares, &r->cpu_shares, err);
    case F_CPU_RT_PERIOD:
      return set_u64_nonzero (flag, value, &r->has_cpu_realtime_period, &r->cpu_realtime_period,
                              err);
    case F_CPU_RT_RUNTIME:
      return set_i64 (flag, value, &r->has_cpu_realtime_runtime, &r->cpu_realtime_runtime, err);
    case F_CPUSET_CPUS:
      return set_string (flag, value, &r->cpu_cpus, err);
    case F_CPUSET_MEMS:
      return set_string (flag, value, &r->cpu_mems, err);
    case F_CPU_IDLE:
      if (parse_i64_flag (flag, value, &i64, err) < 0)
        return -1;
      if (i64 != 0 && i64 != 1)
        return cinch_fail (err, 0, "%s: invalid value `%s` (expected 0 or 1)", flag, value);
      r->has_cpu_idle = true;
      r->cpu_idle = i64;
      return 0;
    case F_BLKIO_WEIGHT:
      if (parse_u64_flag (flag, value, &u64, err) < 0)
        return -1;
      if (u64 != 0 && (u64 < 10 || u64 > 1000))
        return cinch_fail (err, 0, "%s: invalid weight `%s` (expected 10 to 1000, or 0 for unset)",
                           flag, value);
      if (u64 != 0)
        {
          r->has_blkio_weight = true;
          r->blkio_weight = (uint16_t) u64;
        }
      return 0;
    default:
      return cinch_fail (err, 0, "update: unknown flag `%s`", flag);
    }
}

int
cinch_update_flags_parse (const struct cinch_update_flag *flags, size_t n,
                          struct cinch_resources *out, char ***warnings, cinch_error_t *err)
{
  struct cinch_resources r = { 0 };
  cleanup_strv char **warn = NULL;

  for (size_t i = 0; i < n; i++)
    if (apply_flag (&r, flag_index (flags[i].flag), flags[i].flag, flags[i].value, &warn, err) < 0)
      {
        cinch_resources_clear (&r);
        return -1;
      }
  r.present = n > 0;
  *out = r;
  for (size_t i = 0; warn && warn[i]; i++)
    push_warning (warnings, steal_pointer (&warn[i]));
  return 0;
}

/* ---- merging (pure) -------------------------------------------------------- */

#define SWAP(a, b)                                                                                 \
  do                                                                                               \
    {                                                                                              \
      __typeof__ (a) tmp_ = (a);                                                                   \
      (a) = (b);                                                                                   \
      (b) = tmp_;                                                                                  \
    }                                                                                              \
  while (0)

#define TAKE(f)                                                                                    \
  do                                                                                               \
    if (src->has_##f)                                                                              \
      {                                                                                            \
        dst->has_##f = true;                                                                       \
        dst->f = src->f;                                                                           \
      }                                                                                            \
  while (0)

/* The zero engines send for "unset" (Docker, containerd's update of every
 * field) keeps what dst has, as the converter would read it anyway.  */
#define TAKE_NONZERO(f)                                                                            \
  do                                                                                               \
    if (src->has_##f && src->f != 0)                                                               \
      {                                                                                            \
        dst->has_##f = true;                                                                       \
        dst->f = src->f;                                                                           \
      }                                                                                            \
  while (0)

/* An array is set when the JSON had it, even empty (the parser gives a
 * non-NULL pointer then) or when it has elements.  */
#define TAKE_ARRAY(p, n)                                                                           \
  do                                                                                               \
    if (src->p != NULL || src->n > 0)                                                              \
      {                                                                                            \
        SWAP (dst->p, src->p);                                                                     \
        SWAP (dst->n, src->n);                                                                     \
      }                                                                                            \
  while (0)

void
cinch_update_merge (struct cinch_resources *dst, struct cinch_resources *src)
{
  if (!src->present)
    return;
  dst->present = true;
  TAKE_NONZERO (memory_limit);
  TAKE_NONZERO (memory_reservation);
  TAKE_NONZERO (memory_swap);
  TAKE (memory_kernel);
  TAKE (memory_kernel_tcp);
  TAKE (memory_swappiness);
  TAKE (disable_oom_killer);
  TAKE (use_hierarchy);
  TAKE (check_before_update);
  TAKE_NONZERO (cpu_shares);
  TAKE_NONZERO (cpu_quota); /* -1 removes a quota */
  TAKE (cpu_burst);
  TAKE_NONZERO (cpu_period);
  TAKE (cpu_realtime_runtime);
  TAKE_NONZERO (cpu_realtime_period);
  TAKE (cpu_idle);
  if (src->cpu_cpus && src->cpu_cpus[0])
    SWAP (dst->cpu_cpus, src->cpu_cpus);
  if (src->cpu_mems && src->cpu_mems[0])
    SWAP (dst->cpu_mems, src->cpu_mems);
  TAKE_NONZERO (pids_limit);
  TAKE_NONZERO (blkio_weight);
  TAKE_NONZERO (blkio_leaf_weight);
  TAKE_ARRAY (weight_devices, n_weight_devices);
  for (int k = 0; k < CINCH_THROTTLE_COUNT; k++)
    TAKE_ARRAY (throttle[k], n_throttle[k]);
  TAKE_ARRAY (hugepage_limits, n_hugepage_limits);
  TAKE_ARRAY (rdma, n_rdma);
  TAKE (net_class_id);
  TAKE_ARRAY (net_priorities, n_net_priorities);
  TAKE_ARRAY (unified, n_unified);
  /* device_rules: never (update does not change device access) */
}

/* ---- the container ----------------------------------------------------- */

#define MAX_JSON_FIELDS 24

/* What the update touches, to say where a write comes from.  */
struct origin
{
  const char *resources;                    /* --resources argument, or NULL */
  const char *json_fields[MAX_JSON_FIELDS]; /* the fields it sets */
  size_t n_json_fields;
  const struct cinch_update_flag *flags;
  size_t n_flags;
};

/* Is write path wp (with or without "linux.resources.") field `field` or
 * inside it ("blockIO.weightDevice" holds "blockIO.weightDevice[0].weight")? */
static bool
path_within (const char *wp, const char *field)
{
  size_t n = strlen (field);

  if (strncmp (wp, "linux.resources.", 16) == 0)
    wp += 16;
  return strncmp (wp, field, n) == 0 && (wp[n] == '\0' || wp[n] == '.' || wp[n] == '[');
}

/* Record the fields the --resources JSON sets (before the merge moves its
 * strings and arrays away).  */
static void
json_fields_of (const struct cinch_resources *r, struct origin *o)
{
  const struct
  {
    bool set;
    const char *field;
  } f[] = {
    /* as cinch_update_merge: a zero meaning "unset" sets nothing */
    { r->has_memory_limit && r->memory_limit != 0, "memory.limit" },
    { r->has_memory_reservation && r->memory_reservation != 0, "memory.reservation" },
    { r->has_memory_swap && r->memory_swap != 0, "memory.swap" },
    { r->has_cpu_shares && r->cpu_shares != 0, "cpu.shares" },
    { r->has_cpu_quota && r->cpu_quota != 0, "cpu.quota" },
    { r->has_cpu_period && r->cpu_period != 0, "cpu.period" },
    { r->has_cpu_burst, "cpu.burst" },
    { r->has_cpu_idle, "cpu.idle" },
    { r->cpu_cpus != NULL && r->cpu_cpus[0], "cpu.cpus" },
    { r->cpu_mems != NULL && r->cpu_mems[0], "cpu.mems" },
    { r->has_pids_limit && r->pids_limit != 0, "pids.limit" },
    { r->has_blkio_weight && r->blkio_weight != 0, "blockIO.weight" },
    { r->n_weight_devices > 0, "blockIO.weightDevice" },
    { r->n_throttle[CINCH_THROTTLE_READ_BPS] > 0, "blockIO.throttleReadBpsDevice" },
    { r->n_throttle[CINCH_THROTTLE_WRITE_BPS] > 0, "blockIO.throttleWriteBpsDevice" },
    { r->n_throttle[CINCH_THROTTLE_READ_IOPS] > 0, "blockIO.throttleReadIOPSDevice" },
    { r->n_throttle[CINCH_THROTTLE_WRITE_IOPS] > 0, "blockIO.throttleWriteIOPSDevice" },
    { r->n_hugepage_limits > 0, "hugepageLimits" },
    { r->n_rdma > 0, "rdma" },
    { r->n_unified > 0, "unified" },
  };

  o->n_json_fields = 0;
  for (size_t i = 0; i < CINCH_ARRAY_SIZE (f) && i < MAX_JSON_FIELDS; i++)
    if (f[i].set)
      o->json_fields[o->n_json_fields++] = f[i].field;
}

static bool
json_sets (const struct origin *o, const char *wp)
{
  for (size_t i = 0; i < o->n_json_fields; i++)
    if (path_within (wp, o->json_fields[i]))
      return true;
  return false;
}

/* The last flag that set the field of write path wp, or NULL.  */
static const struct cinch_update_flag *
flag_of (const struct origin *o, const char *wp)
{
  const struct cinch_update_flag *found = NULL;

  for (size_t i = 0; i < o->n_flags; i++)
    {
      const char *field = cinch_update_flag_path (o->flags[i].flag);
      if (field && path_within (wp, field))
        found = &o->flags[i];
    }
  return found;
}

static bool
touched (const struct origin *o, const char *wp)
{
  return flag_of (o, wp) != NULL || json_sets (o, wp);
}

/* "--memory 512m", "--resources FILE: memory.limit", or the JSON path of
 * a limit the update changed indirectly.  Owned by the caller.  */
static char *
describe (const struct origin *o, const char *wp)
{
  const struct cinch_update_flag *f = flag_of (o, wp);
  const char *rel = strncmp (wp, "linux.resources.", 16) == 0 ? wp + 16 : wp;

  if (f)
    {
      cleanup_free char *shown = cinch_printable (f->value, false);
      return cinch_xasprintf ("%s %s", f->flag, shown);
    }
  if (json_sets (o, wp))
    return cinch_xasprintf ("--resources %s: %s", o->resources, rel);
  return cinch_xstrdup (wp);
}

/* Does the effective config already hold exactly this write?  */
static bool
write_in (const struct cinch_cgroup_writes *w, const struct cinch_cgroup_write *x)
{
  for (size_t i = 0; i < w->n; i++)
    if (strcmp (w->v[i].file, x->file) == 0 && strcmp (w->v[i].value, x->value) == 0)
      return true;
  return false;
}

static unsigned
cgroup_controllers (int dirfd)
{
  cleanup_free char *text = NULL;
  size_t len = 0;
  unsigned bits = 0;
  char *save = NULL;

  if (cinch_read_file_at (dirfd, "cgroup.controllers", 4096, &text, &len, NULL) < 0)
    return 0;
  for (char *w = strtok_r (text, " \n", &save); w; w = strtok_r (NULL, " \n", &save))
    {
      int c = cinch_cgroup_controller_from_name (w);
      if (c >= 0 && c < CINCH_CG_COUNT)
        bits |= CINCH_CG_BIT (c);
    }
  return bits;
}

struct update_job
{
  const struct cinch_update_opts *o;
  struct origin origin;
  struct cinch_resources in;    /* --resources */
  struct cinch_resources flags; /* the flags */
  char **flag_warnings;
  bool warn_unenforceable; /* unenforceable-limits = warn, or compat: as at create */
  int rootfd, dirfd;
  struct cinch_state st;
  struct cinch_plan *plan; /* the effective config, merged in place */
  struct cinch_cgroup cg;
  struct cinch_cgroup_writes old, now;
  bool *apply;  /* now.v[i] is to be written */
  char **saved; /* what now.v[i]'s file held before, while written */
  struct cinch_cgroup_host host;
  unsigned enable; /* controllers to enable above the container's cgroup */
  struct enabled
  {
    char *dir; /* an ancestor of the container's cgroup */
    int controller;
  } * enabled; /* what this update enabled, top down (undone on failure) */
  size_t n_enabled;
};

static void
job_clear (struct update_job *j)
{
  cinch_resources_clear (&j->in);
  cinch_resources_clear (&j->flags);
  cinch_strv_free (j->flag_warnings);
  cinch_close (&j->dirfd);
  cinch_close (&j->rootfd);
  cinch_state_clear (&j->st);
  if (j->plan)
    cinch_plan_free (j->plan);
  cinch_cgroup_close (&j->cg);
  for (size_t i = 0; j->saved && i < j->now.n; i++)
    free (j->saved[i]);
  free (j->saved);
  free (j->apply);
  cinch_cgroup_writes_clear (&j->old);
  cinch_cgroup_writes_clear (&j->now);
  cinch_cgroup_host_clear (&j->host);
  for (size_t i = 0; i < j->n_enabled; i++)
    free (j->enabled[i].dir);
  free (j->enabled);
}

/* --resources FILE or "-": the JSON linux.resources object.  */
static int
read_resources (struct update_job *j, cinch_error_t *err)
{
  cleanup_free char *text = NULL;
  size_t len = 0;
  const char *path = j->o->resources;

  if (strcmp (path, "-") == 0)
    {
      size_t cap = 4096;
      text = cinch_xmalloc (cap);
      for (;;)
        {
          ssize_t r;
          if (len + 1 >= cap)
            text = cinch_xrealloc (text, cap *= 2);
          r = read (STDIN_FILENO, text + len, cap - len - 1);
          if (r < 0 && errno == EINTR)
            continue;
          if (r < 0)
            return cinch_fail (err, errno, "--resources -: read the standard input");
          if (r == 0)
            break;
          len += (size_t) r;
          if (len > CINCH_CONFIG_MAX_SIZE)
            return cinch_fail (err, 0, "--resources -: larger than %u bytes",
                               CINCH_CONFIG_MAX_SIZE);
        }
      text[len] = '\0';
    }
  else if (cinch_read_file (path, CINCH_CONFIG_MAX_SIZE, &text, &len, err) < 0)
    return cinch_error_wrap (err, "--resources");
  if (cinch_resources_parse (text, len, &j->in, err) < 0)
    return cinch_error_wrap (err, "--resources %s", path);
  j->in.present = true;
  return 0;
}

static int
open_container (struct update_job *j, const struct cinch_ctx *ctx, cinch_error_t *err)
{
  const char *id = j->o->id;
  cleanup_free char *text = NULL;
  size_t len = 0;
  enum cinch_status status;

  if (cinch_container_load_state (ctx, id, true, &j->rootfd, &j->dirfd, &j->st, err) < 0)
    return -1;
  status = cinch_state_status (j->dirfd, &j->st);
  if (status == CINCH_STATUS_STOPPED)
    return cinch_fail_code (err, EINVAL, "cannot update container `%s`: it is stopped", id);
  if (j->st.cgroup_path == NULL)
    return cinch_fail_code (err, EINVAL,
                            "cannot update container `%s`: it has no cgroup (it was created "
                            "with --cgroup-manager disabled)",
                            id);
  if (cinch_read_file_at (j->dirfd, "config.json", CINCH_CONFIG_MAX_SIZE, &text, &len, err) < 0
      || cinch_plan_parse (text, len, j->st.bundle, &j->plan, err) < 0)
    return cinch_error_wrap (err, "container `%s`: its effective config", id);
  if (cinch_cgroup_open (j->st.cgroup_path, &j->cg, err) < 0)
    return cinch_error_wrap (err, "container `%s`", id);
  return 0;
}

/* The merged limits as cgroup files, and which of them to write: those
 * the update names, and those whose value it changed.  */
static int
plan_writes (struct update_job *j, cinch_error_t *err)
{
  struct cinch_resources *res = &j->plan->linux_.res;

  if (cinch_cgroup_convert (res, "linux.resources", &j->old, err) < 0)
    return cinch_error_wrap (err, "container `%s`: its effective config", j->o->id);
  cinch_update_merge (res, &j->in);
  cinch_update_merge (res, &j->flags);
  /* runc: unlimited memory and no swap given means unlimited swap too.  */
  if ((j->in.has_memory_limit || j->flags.has_memory_limit) && res->memory_limit == -1
      && !j->in.has_memory_swap && !j->flags.has_memory_swap)
    {
      res->has_memory_swap = true;
      res->memory_swap = -1;
    }
  if (cinch_cgroup_convert (res, "linux.resources", &j->now, err) < 0)
    {
      for (size_t i = 0; i < j->origin.n_flags; i++)
        {
          const char *field = cinch_update_flag_path (j->origin.flags[i].flag);
          if (field && strstr (cinch_error_msg (*err), field))
            return cinch_error_wrap (err, "update container `%s`: %s %s", j->o->id,
                                     j->origin.flags[i].flag, j->origin.flags[i].value);
        }
      return cinch_error_wrap (err, "update container `%s`", j->o->id);
    }
  j->apply = cinch_xcalloc (j->now.n + 1, sizeof (bool));
  for (size_t i = 0; i < j->now.n; i++)
    j->apply[i] = touched (&j->origin, j->now.v[i].json_path) || !write_in (&j->old, &j->now.v[i]);
  for (size_t i = 0; j->now.warnings && j->now.warnings[i]; i++)
    {
      bool known = false;
      for (size_t k = 0; j->old.warnings && j->old.warnings[k]; k++)
        known = known || strcmp (j->old.warnings[k], j->now.warnings[i]) == 0;
      if (!known)
        cinch_warn ("update container `%s`: %s", j->o->id, j->now.warnings[i]);
    }
  return 0;
}

/* A controller the container's cgroup lacks is enabled above it when the
 * hierarchy offers it (create enabled only what the config's limits
 * needed).  Every write whose controller the hierarchy lacks: refused all
 * at once, or with `unenforceable-limits = warn` skipped with a warning. */
static int
check_controllers (struct update_job *j, cinch_error_t *err)
{
  unsigned have = cgroup_controllers (j->cg.dirfd);
  size_t ml;
  cleanup_free char *msg = NULL;
  size_t n_bad = 0;
  bool skippable = false;

  cinch_cgroup_host_detect (&j->host);
  ml = j->host.mount ? strlen (j->host.mount) : 0;
  /* The hierarchy's controllers count only for a cgroup inside it.  */
  if (ml == 0 || strncmp (j->cg.path, j->host.mount, ml) != 0 || j->cg.path[ml] != '/')
    j->host.controllers = 0;
  for (size_t i = 0; i < j->now.n; i++)
    {
      const struct cinch_cgroup_write *w = &j->now.v[i];
      cleanup_free char *what = NULL, *line = NULL;
      /* A unified entry asks for that very file: never skipped.  */
      bool unified = path_within (w->json_path, "unified");
      bool warn_only =
          (j->warn_unenforceable || cinch_cgroup_file_is_preference (w->file)) && !unified;
      if (!j->apply[i] || w->controller >= CINCH_CG_COUNT || (have & CINCH_CG_BIT (w->controller)))
        continue;
      if (j->host.controllers & CINCH_CG_BIT (w->controller))
        {
          j->enable |= CINCH_CG_BIT (w->controller);
          continue;
        }
      /* "max" (a -1) is no limit: a host without the controller gives
       * exactly that.  */
      if (strcmp (w->value, "max") == 0 && !unified)
        {
          j->apply[i] = false;
          continue;
        }
      what = describe (&j->origin, w->json_path);
      line = cinch_xasprintf ("%s (%s) needs the %s controller", what, w->file,
                              cinch_cgroup_controller_name (w->controller));
      if (warn_only)
        {
          cinch_warn ("update container `%s`: %s, which the cgroup hierarchy %s does not have: "
                      "not enforced [CINCH-CGROUP-LIMIT]",
                      j->o->id, line, j->host.mount ? j->host.mount : j->cg.path);
          j->apply[i] = false;
          continue;
        }
      {
        char *m = cinch_xasprintf ("%s%s%s", msg ? msg : "", msg ? "; " : "", line);
        free (msg);
        msg = m;
      }
      n_bad++;
      skippable = skippable || !unified;
    }
  if (n_bad == 0)
    return 0;
  {
    cleanup_free char *have_names = cinch_xstrdup ("");
    for (int c = 0; c < CINCH_CG_COUNT; c++)
      if ((have | j->host.controllers) & CINCH_CG_BIT (c))
        {
          char *m = cinch_xasprintf ("%s%s%s", have_names, *have_names ? " " : "",
                                     cinch_cgroup_controller_name (c));
          free (have_names);
          have_names = m;
        }
    return cinch_fail_code (err, ENOTSUP,
                            "cannot update container `%s`: %s; the cgroup hierarchy %s %s%s%s%s; "
                            "nothing was changed",
                            j->o->id, msg, j->host.mount ? j->host.mount : j->cg.path,
                            *have_names ? "offers only `" : "offers no controller", have_names,
                            *have_names ? "`" : "",
                            skippable ? " [CINCH-CGROUP-LIMIT] (a limit that cannot be enforced "
                                        "is refused; "
                                        "`unenforceable-limits = warn` in the policy file skips "
                                        "it with a warning)"
                                      : "");
  }
}

/* memory.checkBeforeUpdate: a new memory.max below the current usage is
 * refused instead of driving the container into reclaim or the OOM killer. */
static int
check_memory_usage (struct update_job *j, cinch_error_t *err)
{
  const struct cinch_resources *res = &j->plan->linux_.res;

  if (!res->has_check_before_update || !res->check_before_update)
    return 0;
  for (size_t i = 0; i < j->now.n; i++)
    {
      const struct cinch_cgroup_write *w = &j->now.v[i];
      cleanup_free char *text = NULL, *what = NULL;
      uint64_t limit, usage;
      size_t len = 0;
      if (!j->apply[i] || strcmp (w->file, "memory.max") != 0
          || cinch_parse_u64 (w->value, UINT64_MAX, &limit) < 0)
        continue;
      if (cinch_read_file_at (j->cg.dirfd, "memory.current", 64, &text, &len, NULL) < 0)
        continue; /* no memory accounting: nothing to compare with */
      text[strcspn (text, "\n")] = '\0';
      if (cinch_parse_u64 (text, UINT64_MAX, &usage) < 0 || limit >= usage)
        continue;
      what = describe (&j->origin, w->json_path);
      return cinch_fail_code (err, EINVAL,
                              "cannot update container `%s`: %s sets memory.max to %llu, below "
                              "its current usage of %llu bytes (memory.checkBeforeUpdate is "
                              "true); nothing was changed",
                              j->o->id, what, (unsigned long long) limit,
                              (unsigned long long) usage);
    }
  return 0;
}

/* Enable j->enable in the subtree_control of every ancestor of the
 * container's cgroup, from the hierarchy's root down (never in the
 * container's own: it holds processes).  */
static int
enable_controllers (struct update_job *j, cinch_error_t *err)
{
  cleanup_free char *dir = NULL;
  cleanup_close int fd = -1;
  const char *p;

  if (j->enable == 0)
    return 0;
  dir = cinch_xstrdup (j->host.mount);
  p = j->cg.path + strlen (j->host.mount);
  fd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0)
    return cinch_fail (err, errno, "open %s", dir);
  while (*(p += strspn (p, "/")))
    {
      size_t n = strcspn (p, "/");
      cleanup_free char *text = NULL, *name = cinch_xasprintf ("%.*s", (int) n, p);
      size_t len = 0;
      unsigned on = 0;
      char *save = NULL, *next;
      int nfd;

      if (cinch_read_file_at (fd, "cgroup.subtree_control", 4096, &text, &len, err) < 0)
        return cinch_error_wrap (err, "%s", dir);
      for (char *w = strtok_r (text, " \n", &save); w; w = strtok_r (NULL, " \n", &save))
        {
          int c = cinch_cgroup_controller_from_name (w);
          if (c >= 0 && c < CINCH_CG_COUNT)
            on |= CINCH_CG_BIT (c);
        }
      for (int c = 0; c < CINCH_CG_COUNT; c++)
        {
          cleanup_free char *line = NULL;
          if (!(j->enable & CINCH_CG_BIT (c)) || (on & CINCH_CG_BIT (c)))
            continue;
          line = cinch_xasprintf ("+%s", cinch_cgroup_controller_name (c));
          if (cinch_write_file_at (fd, "cgroup.subtree_control", line, err) < 0)
            return cinch_error_wrap (err, "enable the %s controller in %s",
                                     cinch_cgroup_controller_name (c), dir);
          j->enabled = cinch_xrealloc (j->enabled, (j->n_enabled + 1) * sizeof (*j->enabled));
          j->enabled[j->n_enabled].dir = cinch_xstrdup (dir);
          j->enabled[j->n_enabled++].controller = c;
        }
      p += n;
      if (*(p + strspn (p, "/")) == '\0')
        break; /* name is the container's own cgroup */
      nfd = openat (fd, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
      if (nfd < 0)
        return cinch_fail (err, errno, "open %s/%s", dir, name);
      close (fd);
      fd = nfd;
      next = cinch_xasprintf ("%s/%s", dir, name);
      free (dir);
      dir = next;
    }
  return 0;
}

/* Disable what enable_controllers enabled, deepest first.  */
static void
undo_enable (struct update_job *j)
{
  for (size_t i = j->n_enabled; i-- > 0;)
    {
      cleanup_free char *file = cinch_xasprintf ("%s/cgroup.subtree_control", j->enabled[i].dir);
      cleanup_free char *line =
          cinch_xasprintf ("-%s", cinch_cgroup_controller_name (j->enabled[i].controller));
      cinch_error_t e = NULL;
      if (cinch_write_file_at (AT_FDCWD, file, line, &e) < 0)
        {
          cinch_warn ("update container `%s`: undo %s in %s: %s", j->o->id, line, file,
                      cinch_error_msg (e));
          cinch_error_free (&e);
        }
    }
  j->n_enabled = 0;
}

/* Put back what the files held before the writes [0, upto).  */
static void
undo_writes (struct update_job *j, size_t upto)
{
  for (size_t i = upto; i-- > 0;)
    {
      char *save = NULL;
      if (j->saved[i] == NULL)
        continue;
      /* A keyed file (io.max) takes one line per write.  */
      for (char *line = strtok_r (j->saved[i], "\n", &save); line;
           line = strtok_r (NULL, "\n", &save))
        {
          cinch_error_t e = NULL;
          if (cinch_write_file_at (j->cg.dirfd, j->now.v[i].file, line, &e) < 0)
            {
              cinch_warn ("update container `%s`: restore %s/%s: %s", j->o->id, j->cg.path,
                          j->now.v[i].file, cinch_error_msg (e));
              cinch_error_free (&e);
            }
        }
    }
}

static int
apply_writes (struct update_job *j, cinch_error_t *err)
{
  j->saved = cinch_xcalloc (j->now.n + 1, sizeof (char *));
  for (size_t i = 0; i < j->now.n; i++)
    {
      struct cinch_cgroup_writes one = { .v = &j->now.v[i], .n = 1, .warnings = NULL };
      size_t len = 0;
      if (!j->apply[i])
        continue;
      if (cinch_read_file_at (j->cg.dirfd, j->now.v[i].file, 65536, &j->saved[i], &len, NULL) < 0)
        j->saved[i] = NULL;
      if (cinch_cgroup_apply (&j->cg, &one, err) < 0)
        {
          /* The kernel's refusal names the JSON path; say which flag or
           * file it came from.  */
          const struct cinch_update_flag *f = flag_of (&j->origin, j->now.v[i].json_path);
          undo_writes (j, i);
          undo_enable (j);
          if (f)
            return cinch_error_wrap (err, "cannot update container `%s`: %s %s", j->o->id, f->flag,
                                     f->value);
          if (json_sets (&j->origin, j->now.v[i].json_path))
            return cinch_error_wrap (err, "cannot update container `%s`: --resources %s", j->o->id,
                                     j->origin.resources);
          return cinch_error_wrap (err, "cannot update container `%s`", j->o->id);
        }
    }
  return 0;
}

/* Parse everything the user wrote, then (under the container's lock)
 * decide, then act.  */
static int
update_steps (struct update_job *j, const struct cinch_ctx *ctx, cinch_error_t *err)
{
  const struct cinch_update_opts *o = j->o;
  struct cinch_policy pol;
  cleanup_free char *text = NULL;

  if (cinch_id_validate (o->id, err) < 0
      || cinch_update_flags_parse (o->flags, o->n_flags, &j->flags, &j->flag_warnings, err) < 0
      || (o->resources && read_resources (j, err) < 0)
      || cinch_policy_load (ctx->policy_file, ctx->policy_name, &pol, err) < 0)
    return -1;
  /* The rule create follows (CINCH-CGROUP-LIMIT, policy_cgroup.c).  */
  j->warn_unenforceable = pol.unenforceable_limits_warn || pol.profile == CINCH_PROFILE_COMPAT;
  cinch_policy_clear (&pol);
  json_fields_of (&j->in, &j->origin);
  for (size_t i = 0; j->flag_warnings && j->flag_warnings[i]; i++)
    cinch_warn ("update container `%s`: %s", o->id, j->flag_warnings[i]);

  if (open_container (j, ctx, err) < 0 || plan_writes (j, err) < 0
      || check_controllers (j, err) < 0)
    return -1;
  /* The memory controller may only now show the usage to compare with.  */
  if (enable_controllers (j, err) < 0)
    {
      undo_enable (j);
      return cinch_error_wrap (err, "cannot update container `%s`", o->id);
    }
  if (check_memory_usage (j, err) < 0)
    {
      undo_enable (j);
      return -1;
    }
  if (apply_writes (j, err) < 0)
    return -1;
  /* The merged config is the container's effective config from now on:
   * the next update merges over it, exec and events read it.  */
  text = cinch_plan_emit (j->plan);
  if (cinch_write_file_atomic (j->dirfd, "config.json", text, strlen (text), err) < 0)
    {
      undo_writes (j, j->now.n);
      undo_enable (j);
      return cinch_error_wrap (err, "container `%s`: keep the updated config", o->id);
    }
  return 0;
}

int
cinch_container_update (const struct cinch_ctx *ctx, const struct cinch_update_opts *o,
                        cinch_error_t *err)
{
  struct update_job j = { .o = o, .rootfd = -1, .dirfd = -1, .cg = CINCH_CGROUP_INIT };
  int r;

  j.origin.resources = o->resources;
  j.origin.flags = o->flags;
  j.origin.n_flags = o->n_flags;
  r = update_steps (&j, ctx, err);
  job_clear (&j);
  return r;
}
