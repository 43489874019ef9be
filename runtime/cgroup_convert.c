/* cinch — linux.resources as cgroup v2 files, and where the container's
 * cgroup lives (pure: no file is opened here).
 *
 * The OCI runtime spec describes resources in cgroup v1 terms; engines
 * (Docker, Podman, containerd, CRI-O) send them that way even on a v2
 * host, and expect the conversions runc 1.1 and crun make:
 *
 *   cpu.shares 2..262144        -> cpu.weight 1..10000 (linear)
 *   blockIO weight 10..1000     -> io.weight 1..10000 (linear)
 *   memory.swap (memory+swap)   -> memory.swap.max = swap - limit
 *   cpu.quota/period            -> cpu.max "QUOTA PERIOD"
 *
 * Engines send 0 for "not set" (Docker: cpu shares, blkio weight, cpu
 * quota and period, memory, pids), so 0 writes nothing wherever 0 is not
 * a meaningful limit.  What cgroup v2 cannot express at all is refused
 * (real-time CPU bandwidth, net_cls/net_prio: ignoring it would run the
 * container without the isolation it asked for) or, where it is only a
 * tuning knob with no v2 file (swappiness, kernel memory, OOM killer
 * switch), warned about and ignored, as runc and crun do.  Every error is
 * collected, so that one attempt names them all.  */
#include "cgroup.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "util.h"

/* Indexed by enum cinch_cgroup_controller.  */
static const char *const controller_names[CINCH_CG_COUNT] = {
  [CINCH_CG_CPUSET] = "cpuset", [CINCH_CG_CPU] = "cpu",         [CINCH_CG_IO] = "io",
  [CINCH_CG_MEMORY] = "memory", [CINCH_CG_HUGETLB] = "hugetlb", [CINCH_CG_PIDS] = "pids",
  [CINCH_CG_RDMA] = "rdma",     [CINCH_CG_MISC] = "misc",
};

int
cinch_cgroup_controller_from_name (const char *name)
{
  if (name == NULL)
    return -1;
  if (strcmp (name, "cgroup") == 0)
    return CINCH_CG_CORE;
  for (int i = 0; i < CINCH_CG_COUNT; i++)
    if (strcmp (name, controller_names[i]) == 0)
      return i;
  return -1;
}

const char *
cinch_cgroup_controller_name (enum cinch_cgroup_controller c)
{
  if (c == CINCH_CG_CORE)
    return "cgroup";
  if ((int) c < 0 || c >= CINCH_CG_COUNT)
    return NULL;
  return controller_names[c];
}

/* ---- where the cgroup lives ------------------------------------------- */

#define CGROUPS_PATH "linux.cgroupsPath"

/* A byte a path or file name may hold in a message, a log and the
 * "0::" line of /proc/PID/cgroup without ambiguity.  */
static bool
is_graph (unsigned char ch)
{
  return ch > 0x20 && ch < 0x7f;
}

static bool
has_dotdot (const char *p)
{
  const char *s = p;

  while (*s)
    {
      size_t l = strcspn (s, "/");
      if (l == 2 && s[0] == '.' && s[1] == '.')
        return true;
      s += l;
      while (*s == '/')
        s++;
    }
  return false;
}

static int
fail_path (cinch_error_t *err, const char *written, const char *why)
{
  cleanup_free char *shown = cinch_printable (written, true);
  return cinch_fail_code (err, EINVAL, "%s: \"%s\": %s", CGROUPS_PATH, shown, why);
}

/* The container id becomes a path component.  ids.c validates it already;
 * this keeps the function safe on its own.  */
static int
check_id (const char *id, cinch_error_t *err)
{
  if (id == NULL || id[0] == '\0' || strchr (id, '/') != NULL || strcmp (id, ".") == 0
      || strcmp (id, "..") == 0)
    {
      cleanup_free char *shown = cinch_printable (id ? id : "", true);
      return cinch_fail_code (err, EINVAL,
                              "container id \"%s\" cannot name a cgroup (it must be a plain "
                              "file name)",
                              shown);
    }
  return 0;
}

/* The parent of cinch's own cgroup: containers are made next to the
 * process that runs cinch (a shell's scope, the engine's service), not
 * inside it, since a cgroup with processes cannot delegate controllers
 * (the "no internal processes" rule of cgroup v2).  */
static int
self_parent (const char *self, char **out, cinch_error_t *err)
{
  cleanup_free char *clean = NULL;
  char *slash;

  if (self == NULL || self[0] == '\0')
    self = "/";
  /* /proc/self/cgroup shows ".." when our cgroup lies outside our cgroup
   * namespace: no path relative to it can be written.  */
  if (has_dotdot (self))
    {
      cleanup_free char *shown = cinch_printable (self, true);
      return cinch_fail_code (err, EINVAL,
                              "%s: cinch's own cgroup \"%s\" is outside its cgroup namespace; "
                              "give an absolute cgroupsPath",
                              CGROUPS_PATH, shown);
    }
  clean = cinch_path_clean (self, false);
  slash = strrchr (clean, '/');
  if (slash == clean)
    slash[1] = '\0';
  else
    *slash = '\0';
  *out = steal_pointer (&clean);
  return 0;
}

static char *
path_join (const char *a, const char *b)
{
  cleanup_free char *j = cinch_xasprintf ("%s/%s", a, b);
  return cinch_path_clean (j, false);
}

static int
resolve_cgroupfs (const char *cp, const char *id, const char *self, char **out, cinch_error_t *err)
{
  cleanup_free char *parent = NULL;
  cleanup_free char *res = NULL;

  if (cp == NULL || cp[0] == '\0')
    {
      cleanup_free char *leaf = NULL;
      if (check_id (id, err) < 0 || self_parent (self, &parent, err) < 0)
        return -1;
      leaf = cinch_xasprintf ("cinch/%s", id);
      *out = path_join (parent, leaf);
      return 0;
    }

  for (const char *s = cp; *s; s++)
    if ((unsigned char) *s < 0x20 || *s == 0x7f)
      return fail_path (err, cp, "control characters are not allowed in a cgroup path");
  if (has_dotdot (cp))
    return fail_path (err, cp, "\"..\" is not allowed: the cgroup must stay where it is named");

  if (cp[0] == '/')
    res = cinch_path_clean (cp, false);
  else
    {
      if (self_parent (self, &parent, err) < 0)
        return -1;
      res = path_join (parent, cp);
    }
  /* Limits cannot be set on the root cgroup, and destroying the
   * container's cgroup would kill every process of the host.  */
  if (strcmp (res, "/") == 0)
    return fail_path (err, cp, "that is the root cgroup; name a cgroup below it");
  *out = steal_pointer (&res);
  return 0;
}

/* systemd's unit name characters (unit-name.c VALID_CHARS, plus '@').  */
static bool
unit_chars_ok (const char *s, size_t n)
{
  for (size_t i = 0; i < n; i++)
    {
      unsigned char ch = (unsigned char) s[i];
      bool alnum = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9');
      /* ch != 0: strchr would find the terminator */
      if (!alnum && (ch == '\0' || strchr ("-_.\\@", ch) == NULL))
        return false;
    }
  return true;
}

/* A slice name is a path in the slice tree: "a-b-c.slice" lives in
 * "/a.slice/a-b.slice/a-b-c.slice"; "-.slice" is the root.  Appends the
 * expansion of s (n bytes) to *path.  Returns false when it is not a slice
 * name systemd accepts.  */
static bool
expand_slice (const char *s, size_t n, char **path)
{
  static const char suffix[] = ".slice";
  const size_t sl = sizeof (suffix) - 1;
  size_t base;

  if (n <= sl || memcmp (s + n - sl, suffix, sl) != 0 || !unit_chars_ok (s, n))
    return false;
  base = n - sl;
  if (base == 1 && s[0] == '-')
    return true;
  if (s[0] == '-' || s[base - 1] == '-')
    return false;
  for (size_t i = 0; i + 1 < base; i++)
    if (s[i] == '-' && s[i + 1] == '-')
      return false;
  for (size_t i = 0; i <= base; i++)
    if (i == base || s[i] == '-')
      {
        char *p = cinch_xasprintf ("%s/%.*s%s", *path ? *path : "", (int) i, s, suffix);
        free (*path);
        *path = p;
      }
  return true;
}

static int
resolve_systemd (const char *cp, const char *id, char **out, cinch_error_t *err)
{
  cleanup_free char *deflt = NULL;
  cleanup_free char *res = NULL;
  const char *slice, *prefix, *name, *c1, *c2;
  size_t slice_n, prefix_n, name_n;

  if (cp == NULL || cp[0] == '\0')
    {
      if (check_id (id, err) < 0)
        return -1;
      cp = deflt = cinch_xasprintf ("system.slice:cinch:%s", id);
    }
  c1 = strchr (cp, ':');
  c2 = c1 ? strchr (c1 + 1, ':') : NULL;
  if (c2 == NULL || strchr (c2 + 1, ':') != NULL)
    return fail_path (err, cp,
                      "with the systemd cgroup manager it must be \"slice:prefix:name\" "
                      "(e.g. \"system.slice:docker:ID\")");
  slice = cp;
  slice_n = (size_t) (c1 - cp);
  prefix = c1 + 1;
  prefix_n = (size_t) (c2 - prefix);
  name = c2 + 1;
  name_n = strlen (name);

  if (slice_n == 0)
    {
      slice = "system.slice";
      slice_n = strlen (slice);
    }
  if (!expand_slice (slice, slice_n, &res))
    return fail_path (err, cp,
                      "the slice is not a systemd slice name (\"NAME.slice\", letters, digits, "
                      "\"_.\\@\" and single inner dashes; \"-.slice\" is the root)");
  if (name_n == 0)
    return fail_path (err, cp, "the name (after the second ':') is empty");
  if (!unit_chars_ok (prefix, prefix_n) || !unit_chars_ok (name, name_n))
    return fail_path (err, cp,
                      "the prefix and the name may hold only letters, digits and \"-_.\\@\"");

  if (name_n > 6 && strcmp (name + name_n - 6, ".slice") == 0)
    {
      /* A slice of its own, placed in the parent slice (as runc does).  */
      cleanup_free char *check = NULL;
      if (!expand_slice (name, name_n, &check))
        return fail_path (err, cp, "the name ends in \".slice\" but is not a slice name");
      if (strcmp (name, "-.slice") == 0)
        return fail_path (err, cp, "\"-.slice\" (the root slice) cannot be the container's unit");
      {
        char *p = cinch_xasprintf ("%s/%s", res ? res : "", name);
        free (res);
        res = p;
      }
    }
  else
    {
      char *p;
      if (prefix_n > 0)
        p = cinch_xasprintf ("%s/%.*s-%s.scope", res ? res : "", (int) prefix_n, prefix, name);
      else
        p = cinch_xasprintf ("%s/%s.scope", res ? res : "", name);
      free (res);
      res = p;
    }
  *out = steal_pointer (&res);
  return 0;
}

int
cinch_cgroup_resolve_path (const char *cgroups_path, enum cinch_cgroup_manager mgr, const char *id,
                           const char *self, char **out, cinch_error_t *err)
{
  switch (mgr)
    {
    case CINCH_CGROUP_DISABLED:
      *out = NULL;
      return 0;
    case CINCH_CGROUP_SYSTEMD:
      return resolve_systemd (cgroups_path, id, out, err);
    case CINCH_CGROUP_CGROUPFS:
    default:
      return resolve_cgroupfs (cgroups_path, id, self, out, err);
    }
}

/* ---- linux.resources -> cgroup v2 files -------------------------------- */

/* At most this many errors are listed: a hostile config must not make a
 * message of megabytes.  */
#define MAX_ERRORS 32
#define MAX_WARNINGS 32

struct conv
{
  const char *prefix; /* "linux.resources" or "" */
  struct cinch_cgroup_writes w;
  size_t cap;
  size_t n_warnings;
  char **errors;
  size_t n_errors;
};

/* prefix + "." + path (or path alone for an empty prefix).  */
static char *json_path (const struct conv *c, const char *fmt, va_list ap)
    __attribute__ ((format (printf, 2, 0)));
static char *
json_path (const struct conv *c, const char *fmt, va_list ap)
{
  cleanup_free char *rel = NULL;

  if (vasprintf (&rel, fmt, ap) < 0)
    abort ();
  if (c->prefix[0] == '\0')
    return steal_pointer (&rel);
  return cinch_xasprintf ("%s.%s", c->prefix, rel);
}

static char *jp (const struct conv *c, const char *fmt, ...)
    __attribute__ ((format (printf, 2, 3)));
static char *
jp (const struct conv *c, const char *fmt, ...)
{
  va_list ap;
  char *r;

  va_start (ap, fmt);
  r = json_path (c, fmt, ap);
  va_end (ap);
  return r;
}

static void
strv_push (char ***v, size_t *n, char *s)
{
  *v = cinch_xrealloc (*v, (*n + 2) * sizeof (char *));
  (*v)[(*n)++] = s;
  (*v)[*n] = NULL;
}

/* An error about JSON path `path` (owned: taken).  */
static void conv_error (struct conv *c, char *path, const char *fmt, ...)
    __attribute__ ((format (printf, 3, 4)));
static void
conv_error (struct conv *c, char *path, const char *fmt, ...)
{
  cleanup_free char *msg = NULL;
  va_list ap;

  if (c->n_errors < MAX_ERRORS)
    {
      va_start (ap, fmt);
      if (vasprintf (&msg, fmt, ap) < 0)
        abort ();
      va_end (ap);
      strv_push (&c->errors, &c->n_errors, cinch_xasprintf ("%s: %s", path, msg));
    }
  else if (c->n_errors == MAX_ERRORS)
    strv_push (&c->errors, &c->n_errors, cinch_xstrdup ("further errors suppressed"));
  free (path);
}

static void
conv_warn (struct conv *c, char *path, const char *why)
{
  if (c->n_warnings < MAX_WARNINGS)
    strv_push (&c->w.warnings, &c->n_warnings, cinch_xasprintf ("%s: %s", path, why));
  free (path);
}

/* Append a write; path is taken.  */
static void add (struct conv *c, enum cinch_cgroup_controller ctl, char *file, char *path,
                 const char *fmt, ...) __attribute__ ((format (printf, 5, 6)));
static void
add (struct conv *c, enum cinch_cgroup_controller ctl, char *file, char *path, const char *fmt, ...)
{
  struct cinch_cgroup_write *wr;
  va_list ap;
  char *value = NULL;

  va_start (ap, fmt);
  if (vasprintf (&value, fmt, ap) < 0)
    abort ();
  va_end (ap);
  if (c->w.n == c->cap)
    {
      c->cap = c->cap ? c->cap * 2 : 16;
      c->w.v = cinch_xrealloc (c->w.v, c->cap * sizeof (*c->w.v));
    }
  wr = &c->w.v[c->w.n++];
  wr->controller = ctl;
  wr->file = file;
  wr->value = value;
  wr->json_path = path;
}

#define IGNORED_V2 "ignored: cgroup v2 has no such setting"

static void
conv_cpuset (struct conv *c, const struct cinch_resources *r)
{
  if (r->cpu_cpus && r->cpu_cpus[0])
    add (c, CINCH_CG_CPUSET, cinch_xstrdup ("cpuset.cpus"), jp (c, "cpu.cpus"), "%s", r->cpu_cpus);
  if (r->cpu_mems && r->cpu_mems[0])
    add (c, CINCH_CG_CPUSET, cinch_xstrdup ("cpuset.mems"), jp (c, "cpu.mems"), "%s", r->cpu_mems);
}

static void
conv_cpu (struct conv *c, const struct cinch_resources *r)
{
  bool quota = r->has_cpu_quota && r->cpu_quota != 0;
  bool period = r->has_cpu_period && r->cpu_period != 0;

  if (r->has_cpu_shares && r->cpu_shares != 0)
    {
      /* runc's linear map of [2, 262144] onto [1, 10000]; the kernel
       * clamped v1 shares to that range, so the same is done here.  */
      uint64_t s = r->cpu_shares < 2 ? 2 : r->cpu_shares > 262144 ? 262144 : r->cpu_shares;
      add (c, CINCH_CG_CPU, cinch_xstrdup ("cpu.weight"), jp (c, "cpu.shares"), "%llu",
           (unsigned long long) (1 + ((s - 2) * 9999) / 262142));
    }
  if (quota || period)
    {
      /* cgroup v2 has one file for both; a missing period is the
       * kernel's default (Documentation/admin-guide/cgroup-v2.rst).  */
      char q[32] = "max";
      if (r->has_cpu_quota && r->cpu_quota > 0)
        snprintf (q, sizeof (q), "%lld", (long long) r->cpu_quota);
      add (c, CINCH_CG_CPU, cinch_xstrdup ("cpu.max"), jp (c, quota ? "cpu.quota" : "cpu.period"),
           "%s %llu", q, (unsigned long long) (period ? r->cpu_period : 100000));
    }
  /* After cpu.max: the kernel refuses a burst larger than the quota.  */
  if (r->has_cpu_burst)
    add (c, CINCH_CG_CPU, cinch_xstrdup ("cpu.max.burst"), jp (c, "cpu.burst"), "%llu",
         (unsigned long long) r->cpu_burst);
  /* After cpu.weight: the kernel refuses a weight for an idle group.  */
  if (r->has_cpu_idle)
    add (c, CINCH_CG_CPU, cinch_xstrdup ("cpu.idle"), jp (c, "cpu.idle"), "%lld",
         (long long) r->cpu_idle);
  if (r->has_cpu_realtime_runtime && r->cpu_realtime_runtime != 0)
    conv_error (c, jp (c, "cpu.realtimeRuntime"),
                "cgroup v2 has no real-time CPU bandwidth (cgroup v1's cpu.rt_runtime_us); "
                "remove it");
  if (r->has_cpu_realtime_period && r->cpu_realtime_period != 0)
    conv_error (c, jp (c, "cpu.realtimePeriod"),
                "cgroup v2 has no real-time CPU bandwidth (cgroup v1's cpu.rt_period_us); "
                "remove it");
}

/* A byte count or -1: "max", 0: not set (false).  */
static bool
mem_value (struct conv *c, bool has, int64_t v, const char *field, char *buf, size_t len)
{
  if (!has || v == 0)
    return false;
  if (v < -1)
    {
      conv_error (c, jp (c, "memory.%s", field), "%lld: expected a byte count, or -1 for unlimited",
                  (long long) v);
      return false;
    }
  if (v == -1)
    snprintf (buf, len, "max");
  else
    snprintf (buf, len, "%lld", (long long) v);
  return true;
}

static void
conv_memory_swap (struct conv *c, const struct cinch_resources *r)
{
  int64_t limit = r->has_memory_limit ? r->memory_limit : 0;
  int64_t swap = r->memory_swap;

  if (!r->has_memory_swap || swap == 0)
    return;
  if (swap < -1)
    {
      conv_error (c, jp (c, "memory.swap"), "%lld: expected a byte count, or -1 for unlimited",
                  (long long) swap);
      return;
    }
  if (swap == -1)
    {
      add (c, CINCH_CG_MEMORY, cinch_xstrdup ("memory.swap.max"), jp (c, "memory.swap"), "max");
      return;
    }
  /* v1's memory.swap is memory plus swap; v2 limits swap alone, so the
   * memory limit must be known to convert it.  */
  if (limit <= 0)
    {
      cleanup_free char *lp = jp (c, "memory.limit");
      conv_error (c, jp (c, "memory.swap"),
                  "%lld needs a memory limit in %s, which is not set or -1 (on cgroup v2 the "
                  "swap limit is memory.swap - memory.limit); set one, or set memory.swap to -1",
                  (long long) swap, lp);
      return;
    }
  if (swap < limit)
    {
      cleanup_free char *lp = jp (c, "memory.limit");
      conv_error (c, jp (c, "memory.swap"),
                  "%lld is less than %s (%lld): memory.swap counts memory plus swap, so it must "
                  "be at least the memory limit",
                  (long long) swap, lp, (long long) limit);
      return;
    }
  add (c, CINCH_CG_MEMORY, cinch_xstrdup ("memory.swap.max"), jp (c, "memory.swap"), "%lld",
       (long long) (swap - limit));
}

static void
conv_memory (struct conv *c, const struct cinch_resources *r)
{
  char buf[32];

  if (mem_value (c, r->has_memory_limit, r->memory_limit, "limit", buf, sizeof (buf)))
    add (c, CINCH_CG_MEMORY, cinch_xstrdup ("memory.max"), jp (c, "memory.limit"), "%s", buf);
  conv_memory_swap (c, r);
  if (mem_value (c, r->has_memory_reservation, r->memory_reservation, "reservation", buf,
                 sizeof (buf)))
    add (c, CINCH_CG_MEMORY, cinch_xstrdup ("memory.low"), jp (c, "memory.reservation"), "%s", buf);

  if (r->has_memory_swappiness)
    conv_warn (c, jp (c, "memory.swappiness"), IGNORED_V2);
  if (r->has_disable_oom_killer && r->disable_oom_killer)
    conv_warn (c, jp (c, "memory.disableOOMKiller"), IGNORED_V2);
  if (r->has_memory_kernel && r->memory_kernel != 0)
    conv_warn (c, jp (c, "memory.kernel"), IGNORED_V2);
  if (r->has_memory_kernel_tcp && r->memory_kernel_tcp != 0)
    conv_warn (c, jp (c, "memory.kernelTCP"), IGNORED_V2);
}

static void
conv_pids (struct conv *c, const struct cinch_resources *r)
{
  if (!r->has_pids_limit || r->pids_limit == 0)
    return;
  if (r->pids_limit < 0)
    add (c, CINCH_CG_PIDS, cinch_xstrdup ("pids.max"), jp (c, "pids.limit"), "max");
  else
    add (c, CINCH_CG_PIDS, cinch_xstrdup ("pids.max"), jp (c, "pids.limit"), "%lld",
         (long long) r->pids_limit);
}

/* runc's linear map of blkio's [10, 1000] onto io.weight's [1, 10000].  */
static unsigned
io_weight (unsigned w)
{
  w = w < 10 ? 10 : w > 1000 ? 1000 : w;
  return 1 + (w - 10) * 9999 / 990;
}

static bool
device_ok (struct conv *c, int64_t major, int64_t minor, const char *what, size_t i)
{
  if (major >= 0 && minor >= 0 && major <= UINT32_MAX && minor <= UINT32_MAX)
    return true;
  conv_error (c, jp (c, "blockIO.%s[%zu]", what, i),
              "device %lld:%lld: expected major:minor numbers", (long long) major,
              (long long) minor);
  return false;
}

static void
conv_io (struct conv *c, const struct cinch_resources *r)
{
  static const struct
  {
    const char *json, *key;
  } thr[CINCH_THROTTLE_COUNT] = {
    [CINCH_THROTTLE_READ_BPS] = { "throttleReadBpsDevice", "rbps" },
    [CINCH_THROTTLE_WRITE_BPS] = { "throttleWriteBpsDevice", "wbps" },
    [CINCH_THROTTLE_READ_IOPS] = { "throttleReadIOPSDevice", "riops" },
    [CINCH_THROTTLE_WRITE_IOPS] = { "throttleWriteIOPSDevice", "wiops" },
  };

  if (r->has_blkio_weight && r->blkio_weight != 0)
    add (c, CINCH_CG_IO, cinch_xstrdup ("io.weight"), jp (c, "blockIO.weight"), "default %u",
         io_weight (r->blkio_weight));
  if (r->has_blkio_leaf_weight && r->blkio_leaf_weight != 0)
    conv_warn (c, jp (c, "blockIO.leafWeight"), IGNORED_V2);

  for (size_t i = 0; i < r->n_weight_devices; i++)
    {
      const struct cinch_weight_device *d = &r->weight_devices[i];
      if (!device_ok (c, d->major, d->minor, "weightDevice", i))
        continue;
      if (d->has_weight && d->weight != 0)
        add (c, CINCH_CG_IO, cinch_xstrdup ("io.weight"),
             jp (c, "blockIO.weightDevice[%zu].weight", i), "%lld:%lld %u", (long long) d->major,
             (long long) d->minor, io_weight (d->weight));
      if (d->has_leaf_weight && d->leaf_weight != 0)
        conv_warn (c, jp (c, "blockIO.weightDevice[%zu].leafWeight", i), IGNORED_V2);
    }

  for (int k = 0; k < CINCH_THROTTLE_COUNT; k++)
    for (size_t i = 0; i < r->n_throttle[k]; i++)
      {
        const struct cinch_throttle_device *d = &r->throttle[k][i];
        char rate[32] = "max";
        if (!device_ok (c, d->major, d->minor, thr[k].json, i))
          continue;
        if (d->rate != 0)
          snprintf (rate, sizeof (rate), "%llu", (unsigned long long) d->rate);
        add (c, CINCH_CG_IO, cinch_xstrdup ("io.max"), jp (c, "blockIO.%s[%zu]", thr[k].json, i),
             "%lld:%lld %s=%s", (long long) d->major, (long long) d->minor, thr[k].key, rate);
      }
}

/* "2MB", "1GB", "64KB": the kernel's hugetlb.<size> names.  The size
 * becomes part of a file name, so nothing else is accepted.  */
static bool
page_size_ok (const char *s)
{
  size_t digits = strspn (s, "0123456789");

  return digits > 0 && s[0] != '0'
         && (strcmp (s + digits, "KB") == 0 || strcmp (s + digits, "MB") == 0
             || strcmp (s + digits, "GB") == 0);
}

static void
conv_hugetlb (struct conv *c, const struct cinch_resources *r)
{
  for (size_t i = 0; i < r->n_hugepage_limits; i++)
    {
      const struct cinch_hugepage_limit *h = &r->hugepage_limits[i];
      if (h->page_size == NULL || !page_size_ok (h->page_size))
        {
          cleanup_free char *shown = cinch_printable (h->page_size ? h->page_size : "", true);
          conv_error (c, jp (c, "hugepageLimits[%zu].pageSize", i),
                      "\"%s\": expected a huge page size such as \"2MB\" or \"1GB\"", shown);
          continue;
        }
      add (c, CINCH_CG_HUGETLB, cinch_xasprintf ("hugetlb.%s.max", h->page_size),
           jp (c, "hugepageLimits[%zu]", i), "%llu", (unsigned long long) h->limit);
    }
}

static bool
word_ok (const char *s)
{
  if (s == NULL || s[0] == '\0')
    return false;
  for (; *s; s++)
    if (!is_graph ((unsigned char) *s))
      return false;
  return true;
}

static void
conv_rdma (struct conv *c, const struct cinch_resources *r)
{
  for (size_t i = 0; i < r->n_rdma; i++)
    {
      const struct cinch_rdma_limit *d = &r->rdma[i];
      char h[16] = "max", o[16] = "max";
      cleanup_free char *shown = cinch_printable (d->device ? d->device : "", true);

      /* rdma.max is "DEVICE key=value ...": a space or a newline in the
       * name would write other keys or other devices.  */
      if (!word_ok (d->device))
        {
          conv_error (c, jp (c, "rdma.%s", shown), "\"%s\": not an RDMA device name", shown);
          continue;
        }
      if (d->has_hca_handles)
        snprintf (h, sizeof (h), "%u", (unsigned) d->hca_handles);
      if (d->has_hca_objects)
        snprintf (o, sizeof (o), "%u", (unsigned) d->hca_objects);
      add (c, CINCH_CG_RDMA, cinch_xstrdup ("rdma.max"), jp (c, "rdma.%s", d->device),
           "%s hca_handle=%s hca_object=%s", d->device, h, o);
    }
}

static void
conv_network (struct conv *c, const struct cinch_resources *r)
{
  if (r->has_net_class_id && r->net_class_id != 0)
    conv_error (c, jp (c, "network.classID"),
                "cgroup v2 has no net_cls controller to tag the container's packets; remove it "
                "(match the container's traffic by cgroup path instead, e.g. nftables "
                "\"socket cgroupv2\")");
  if (r->n_net_priorities > 0)
    conv_error (c, jp (c, "network.priorities"),
                "cgroup v2 has no net_prio controller; remove it (set priorities with tc or "
                "SO_PRIORITY instead)");
}

/* cgroup.* files cinch writes or reads itself: a unified entry must not
 * move processes, kill or freeze the container behind cinch's back, or
 * change the cgroup's type or its children's controllers.  */
static const char *const managed_files[] = {
  "cgroup.procs", "cgroup.threads",         "cgroup.kill",   "cgroup.freeze",
  "cgroup.type",  "cgroup.subtree_control", "cgroup.events", "cgroup.controllers",
};

static void
conv_unified (struct conv *c, const struct cinch_resources *r)
{
  for (size_t i = 0; i < r->n_unified; i++)
    {
      const char *key = r->unified[i].key ? r->unified[i].key : "";
      const char *value = r->unified[i].value ? r->unified[i].value : "";
      const char *dot = strchr (key, '.');
      cleanup_free char *shown = cinch_printable (key, false);
      cleanup_free char *ctl_name = NULL;
      int ctl;

      if (!word_ok (key) || strchr (key, '/') != NULL || strcmp (key, ".") == 0
          || strcmp (key, "..") == 0 || dot == NULL || dot == key || dot[1] == '\0')
        {
          conv_error (c, jp (c, "unified.%s", shown),
                      "not a cgroup file name (\"<controller>.<file>\", e.g. \"memory.high\")");
          continue;
        }
      ctl_name = cinch_xasprintf ("%.*s", (int) (dot - key), key);
      ctl = cinch_cgroup_controller_from_name (ctl_name);
      if (ctl < 0)
        {
          conv_error (c, jp (c, "unified.%s", shown),
                      "\"%s\" is not a cgroup v2 controller cinch knows (cpuset, cpu, io, memory, "
                      "hugetlb, pids, rdma, misc, or cgroup)",
                      ctl_name);
          continue;
        }
      {
        bool managed = false;
        for (size_t m = 0; m < CINCH_ARRAY_SIZE (managed_files); m++)
          managed = managed || strcmp (key, managed_files[m]) == 0;
        if (managed)
          {
            conv_error (c, jp (c, "unified.%s", shown),
                        "cinch manages this file itself; remove the entry");
            continue;
          }
      }
      add (c, (enum cinch_cgroup_controller) ctl, cinch_xstrdup (key), jp (c, "unified.%s", key),
           "%s", value);
    }
}

static void
conv_clear (struct conv *c)
{
  cinch_cgroup_writes_clear (&c->w);
  cinch_strv_free (c->errors);
  c->errors = NULL;
  c->n_errors = 0;
}

int
cinch_cgroup_convert (const struct cinch_resources *r, const char *json_prefix,
                      struct cinch_cgroup_writes *out, cinch_error_t *err)
{
  struct conv c = { 0 };

  c.prefix = json_prefix ? json_prefix : "";
  /* The order they are written in: cpuset before cpu (a quota is
   * meaningful against the CPUs the group may use), unified last so that
   * an explicit file overrides what was converted.  */
  conv_cpuset (&c, r);
  conv_cpu (&c, r);
  conv_memory (&c, r);
  conv_pids (&c, r);
  conv_io (&c, r);
  conv_hugetlb (&c, r);
  conv_rdma (&c, r);
  conv_network (&c, r);
  conv_unified (&c, r);

  if (c.n_errors > 0)
    {
      size_t len = 1;
      cleanup_free char *msg = NULL;
      char *p;

      for (size_t i = 0; i < c.n_errors; i++)
        len += strlen (c.errors[i]) + 1;
      p = msg = cinch_xmalloc (len);
      for (size_t i = 0; i < c.n_errors; i++)
        p += sprintf (p, "%s%s", i ? "\n" : "", c.errors[i]);
      conv_clear (&c);
      return cinch_fail_code (err, EINVAL, "%s", msg);
    }
  *out = c.w;
  return 0;
}

void
cinch_cgroup_writes_clear (struct cinch_cgroup_writes *w)
{
  if (w == NULL)
    return;
  for (size_t i = 0; i < w->n; i++)
    {
      free (w->v[i].file);
      free (w->v[i].value);
      free (w->v[i].json_path);
    }
  free (w->v);
  cinch_strv_free (w->warnings);
  w->v = NULL;
  w->n = 0;
  w->warnings = NULL;
}

unsigned
cinch_cgroup_writes_controllers (const struct cinch_cgroup_writes *w)
{
  unsigned bits = 0;

  for (size_t i = 0; i < w->n; i++)
    if (w->v[i].controller < CINCH_CG_COUNT)
      bits |= CINCH_CG_BIT (w->v[i].controller);
  return bits;
}

bool
cinch_cgroup_file_is_preference (const char *file)
{
  static const char *const files[] = { "cpu.weight", "cpu.idle", "io.weight", "io.bfq.weight",
                                       "memory.low" };
  for (size_t i = 0; i < CINCH_ARRAY_SIZE (files); i++)
    if (strcmp (file, files[i]) == 0)
      return true;
  return false;
}
