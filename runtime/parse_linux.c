/* cinch — the "linux" object of config.json (config-linux.md), seccomp
 * included, into struct cinch_linux (pure).
 *
 * Split from parse.c, whose conventions hold here: errors name the JSON
 * path, unknown members are ignored, null means absent.  The value helpers
 * (cinch_cfg_*) live in parse.c and are declared in parse_internal.h.  */
#include "parse_internal.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/personality.h>

#include "util.h"

/* ------------------------------------------------------------------ */
/* linux  */

static int
parse_namespace (struct pctx *c, json_t *v, void *item, void *ud, cinch_error_t *err)
{
  struct cinch_linux *lx = ud;
  cleanup_free char *type = NULL;
  json_t *path;
  int t, r;

  if (cinch_cfg_expect_object (c, v, err) < 0)
    return -1;
  if ((r = cinch_cfg_get_string (c, v, "type", &type, err)) <= 0)
    return r < 0 ? -1 : cinch_cfg_fail_missing (c, "type", err);
  t = cinch_ns_from_name (type);
  if (t < 0 || lx->ns[t].present)
    {
      cleanup_free char *shown = cinch_cfg_printable (type);
      cinch_cfg_push_key (c, "type");
      return cinch_cfg_fail_at (c, err, "%s namespace type \"%s\"", t < 0 ? "unknown" : "duplicate",
                                shown);
    }
  for (int i = 0; i < CINCH_NS_COUNT; i++)
    lx->ns[t].index += lx->ns[i].present;
  lx->ns[t].present = true;
  path = cinch_cfg_member (v, "path");
  if (path != NULL && !(json_is_string (path) && json_string_length (path) == 0))
    {
      size_t m = cinch_cfg_push_key (c, "path");
      if (cinch_cfg_val_abs_host_path (c, path, &lx->ns[t].path, err) < 0)
        return -1;
      cinch_cfg_path_pop (c, m);
    }
  return 0;
}

static int
parse_time_offsets (struct pctx *c, struct cinch_linux *lx, json_t *obj, cinch_error_t *err)
{
  const char *k;
  json_t *v;

  if (cinch_cfg_expect_object (c, obj, err) < 0)
    return -1;
  json_object_foreach (obj, k, v)
  {
    bool mono = strcmp (k, "monotonic") == 0;
    int64_t *secs = mono ? &lx->monotonic_secs : &lx->boottime_secs;
    uint32_t *nsecs = mono ? &lx->monotonic_nanosecs : &lx->boottime_nanosecs;
    size_t m = cinch_cfg_push_map_key (c, k);

    if (!mono && strcmp (k, "boottime") != 0)
      return cinch_cfg_fail_at (c, err, "unknown clock (expected \"monotonic\" or \"boottime\")");
    if (cinch_cfg_expect_object (c, v, err) < 0
        || cinch_cfg_get_i64 (c, v, "secs", INT64_MIN, INT64_MAX, secs, err) < 0)
      return -1;
    {
      json_t *ns = cinch_cfg_member (v, "nanosecs");
      if (ns != NULL)
        {
          size_t mn = cinch_cfg_push_key (c, "nanosecs");
          if (cinch_cfg_val_u32 (c, ns, 999999999, nsecs, err) < 0)
            return -1;
          cinch_cfg_path_pop (c, mn);
        }
    }
    *(mono ? &lx->has_time_offset_monotonic : &lx->has_time_offset_boottime) = true;
    cinch_cfg_path_pop (c, m);
  }
  return 0;
}

static int
parse_device_rule (struct pctx *c, json_t *v, void *item, void *ud, cinch_error_t *err)
{
  struct cinch_device_rule *d = item;
  cleanup_free char *type = NULL;
  int r;

  (void) ud;
  d->type = 'a';
  d->major = d->minor = -1;
  if (cinch_cfg_expect_object (c, v, err) < 0)
    return -1;
  if ((r = cinch_cfg_get_bool (c, v, "allow", &d->allow, err)) <= 0)
    return r < 0 ? -1 : cinch_cfg_fail_missing (c, "allow", err);
  if ((r = cinch_cfg_get_opt_string (c, v, "type", &type, err)) < 0)
    return -1;
  if (type != NULL)
    {
      if (strlen (type) != 1 || strchr ("acb", type[0]) == NULL)
        {
          cleanup_free char *shown = cinch_cfg_printable (type);
          cinch_cfg_push_key (c, "type");
          return cinch_cfg_fail_at (c, err, "unknown device rule type \"%s\" (expected a, c or b)",
                                    shown);
        }
      d->type = type[0];
    }
  if (cinch_cfg_get_i64 (c, v, "major", -1, 0xfff, &d->major, err) < 0
      || cinch_cfg_get_i64 (c, v, "minor", -1, 0xfffff, &d->minor, err) < 0
      || cinch_cfg_get_opt_string (c, v, "access", &d->access, err) < 0)
    return -1;
  if (d->access != NULL && d->access[strspn (d->access, "rwm")] != '\0')
    {
      cleanup_free char *shown = cinch_cfg_printable (d->access);
      cinch_cfg_push_key (c, "access");
      return cinch_cfg_fail_at (c, err, "\"%s\": expected letters among r, w and m", shown);
    }
  return 0;
}

/* ------------------------------------------------------------------ */
/* linux.resources (config-linux.md "Control groups"): every field as
 * written, for the cgroup layer (cgroup_convert.c) to convert.  Only what
 * no cgroup file could take is refused here: malformed values, weights
 * outside blkio's range, names that would break the line formats of
 * rdma.max and net_prio.ifpriomap.  */

/* obj[key] as an integer in min..max; *has says whether it was there.  */
static int
opt_i64 (struct pctx *c, json_t *obj, const char *key, int64_t min, int64_t max, int64_t *out,
         bool *has, cinch_error_t *err)
{
  int r = cinch_cfg_get_i64 (c, obj, key, min, max, out, err);

  if (r < 0)
    return -1;
  *has = r > 0;
  return 0;
}

static int
opt_u64 (struct pctx *c, json_t *obj, const char *key, uint64_t *out, bool *has, cinch_error_t *err)
{
  int r = cinch_cfg_get_u64 (c, obj, key, out, err);

  if (r < 0)
    return -1;
  *has = r > 0;
  return 0;
}

static int
opt_u32 (struct pctx *c, json_t *obj, const char *key, uint32_t *out, bool *has, cinch_error_t *err)
{
  int r = cinch_cfg_get_u32 (c, obj, key, out, err);

  if (r < 0)
    return -1;
  *has = r > 0;
  return 0;
}

static int
opt_bool (struct pctx *c, json_t *obj, const char *key, bool *out, bool *has, cinch_error_t *err)
{
  int r = cinch_cfg_get_bool (c, obj, key, out, err);

  if (r < 0)
    return -1;
  *has = r > 0;
  return 0;
}

/* A blkio weight: 10..1000 (blkio.weight's range, which the converter maps
 * onto io.weight), or 0, which Docker sends for "not set".  */
static int
opt_weight (struct pctx *c, json_t *obj, const char *key, uint16_t *out, bool *has,
            cinch_error_t *err)
{
  uint32_t w = 0;
  int r = cinch_cfg_get_u32 (c, obj, key, &w, err);

  if (r < 0)
    return -1;
  if (r > 0 && w != 0 && (w < 10 || w > 1000))
    {
      cinch_cfg_push_key (c, key);
      return cinch_cfg_fail_at (c, err, "%" PRIu32 " is out of range (10..1000, or 0 for unset)",
                                w);
    }
  if (r > 0)
    *out = (uint16_t) w;
  *has = r > 0;
  return 0;
}

static int
parse_memory (struct pctx *c, struct cinch_resources *res, json_t *obj, cinch_error_t *err)
{
  uint64_t swappiness = 0;
  int r;

  /* Bytes, -1 for unlimited: nothing below -1 means anything to a
   * cgroup.  */
  if (opt_i64 (c, obj, "limit", -1, INT64_MAX, &res->memory_limit, &res->has_memory_limit, err) < 0
      || opt_i64 (c, obj, "reservation", -1, INT64_MAX, &res->memory_reservation,
                  &res->has_memory_reservation, err)
             < 0
      || opt_i64 (c, obj, "swap", -1, INT64_MAX, &res->memory_swap, &res->has_memory_swap, err) < 0
      || opt_i64 (c, obj, "kernel", -1, INT64_MAX, &res->memory_kernel, &res->has_memory_kernel,
                  err)
             < 0
      || opt_i64 (c, obj, "kernelTCP", -1, INT64_MAX, &res->memory_kernel_tcp,
                  &res->has_memory_kernel_tcp, err)
             < 0
      || opt_bool (c, obj, "disableOOMKiller", &res->disable_oom_killer,
                   &res->has_disable_oom_killer, err)
             < 0
      || opt_bool (c, obj, "useHierarchy", &res->use_hierarchy, &res->has_use_hierarchy, err) < 0
      || opt_bool (c, obj, "checkBeforeUpdate", &res->check_before_update,
                   &res->has_check_before_update, err)
             < 0)
    return -1;
  if ((r = cinch_cfg_get_u64 (c, obj, "swappiness", &swappiness, err)) < 0)
    return -1;
  /* Docker's "not set" is an int64 -1, which it converts to this uint64
   * (2^64-1); runc reads it as "not set" too.  */
  if (r == 0 || swappiness == UINT64_MAX)
    return 0;
  if (swappiness > 100)
    {
      cinch_cfg_push_key (c, "swappiness");
      return cinch_cfg_fail_at (c, err, "%" PRIu64 " is out of range (0..100)", swappiness);
    }
  res->has_memory_swappiness = true;
  res->memory_swappiness = swappiness;
  return 0;
}

/* digits[i..) as a number of at most 9 digits (no CPU or NUMA node
 * number comes near); advances *i.  */
static bool
list_number (const char *s, size_t *i, unsigned *out)
{
  size_t start = *i;
  unsigned v = 0;

  while (s[*i] >= '0' && s[*i] <= '9' && *i - start < 9)
    v = v * 10 + (unsigned) (s[(*i)++] - '0');
  *out = v;
  return *i > start && !(s[*i] >= '0' && s[*i] <= '9');
}

/* The kernel's list format of cpuset.cpus and cpuset.mems
 * (bitmap_parselist): "N" or "N-M" items, comma-separated, a range
 * optionally strided as "N-M:used/group".  */
static bool
cpu_list_ok (const char *s)
{
  size_t i = 0;

  for (;;)
    {
      unsigned a, b, used, group;

      if (!list_number (s, &i, &a))
        return false;
      if (s[i] == '-')
        {
          i++;
          if (!list_number (s, &i, &b) || b < a)
            return false;
          if (s[i] == ':')
            {
              i++;
              if (!list_number (s, &i, &used) || s[i++] != '/' || !list_number (s, &i, &group)
                  || group == 0 || used > group)
                return false;
            }
        }
      if (s[i] == '\0')
        return true;
      if (s[i++] != ',')
        return false;
    }
}

/* cpu.cpus or cpu.mems: "" (Go's omitempty) is "not set".  */
static int
get_cpu_list (struct pctx *c, json_t *obj, const char *key, const char *what, char **out,
              cinch_error_t *err)
{
  cleanup_free char *s = NULL;
  int r = cinch_cfg_get_opt_string (c, obj, key, &s, err);

  if (r <= 0)
    return r;
  if (!cpu_list_ok (s))
    {
      cleanup_free char *shown = cinch_cfg_printable (s);
      cinch_cfg_push_key (c, key);
      return cinch_cfg_fail_at (
          c, err, "\"%s\" is not a %s list (numbers and ranges, like \"0-3,5\")", shown, what);
    }
  free (*out);
  *out = steal_pointer (&s);
  return 1;
}

static int
parse_cpu (struct pctx *c, struct cinch_resources *res, json_t *obj, cinch_error_t *err)
{
  if (opt_u64 (c, obj, "shares", &res->cpu_shares, &res->has_cpu_shares, err) < 0
      || opt_i64 (c, obj, "quota", INT64_MIN, INT64_MAX, &res->cpu_quota, &res->has_cpu_quota, err)
             < 0
      || opt_u64 (c, obj, "burst", &res->cpu_burst, &res->has_cpu_burst, err) < 0
      || opt_u64 (c, obj, "period", &res->cpu_period, &res->has_cpu_period, err) < 0
      || opt_i64 (c, obj, "realtimeRuntime", INT64_MIN, INT64_MAX, &res->cpu_realtime_runtime,
                  &res->has_cpu_realtime_runtime, err)
             < 0
      || opt_u64 (c, obj, "realtimePeriod", &res->cpu_realtime_period,
                  &res->has_cpu_realtime_period, err)
             < 0
      /* cpu.idle takes 0 or 1 (sched_group_set_idle).  */
      || opt_i64 (c, obj, "idle", 0, 1, &res->cpu_idle, &res->has_cpu_idle, err) < 0
      || get_cpu_list (c, obj, "cpus", "CPU", &res->cpu_cpus, err) < 0
      || get_cpu_list (c, obj, "mems", "memory node", &res->cpu_mems, err) < 0)
    return -1;
  return 0;
}

static int
parse_pids (struct pctx *c, struct cinch_resources *res, json_t *obj, cinch_error_t *err)
{
  return opt_i64 (c, obj, "limit", INT64_MIN, INT64_MAX, &res->pids_limit, &res->has_pids_limit,
                  err);
}

/* major and minor (both required) of a block device: the kernel's dev_t
 * has 12 bits of major and 20 of minor.  */
static int
get_block_device (struct pctx *c, json_t *v, int64_t *major, int64_t *minor, cinch_error_t *err)
{
  int r;

  if ((r = cinch_cfg_get_i64 (c, v, "major", 0, 0xfff, major, err)) <= 0)
    return r < 0 ? -1 : cinch_cfg_fail_missing (c, "major", err);
  if ((r = cinch_cfg_get_i64 (c, v, "minor", 0, 0xfffff, minor, err)) <= 0)
    return r < 0 ? -1 : cinch_cfg_fail_missing (c, "minor", err);
  return 0;
}

static int
parse_weight_device (struct pctx *c, json_t *v, void *item, void *ud, cinch_error_t *err)
{
  struct cinch_weight_device *d = item;

  (void) ud;
  if (cinch_cfg_expect_object (c, v, err) < 0
      || get_block_device (c, v, &d->major, &d->minor, err) < 0
      || opt_weight (c, v, "weight", &d->weight, &d->has_weight, err) < 0
      || opt_weight (c, v, "leafWeight", &d->leaf_weight, &d->has_leaf_weight, err) < 0)
    return -1;
  return 0;
}

static int
parse_throttle_device (struct pctx *c, json_t *v, void *item, void *ud, cinch_error_t *err)
{
  struct cinch_throttle_device *d = item;
  int r;

  (void) ud;
  if (cinch_cfg_expect_object (c, v, err) < 0
      || get_block_device (c, v, &d->major, &d->minor, err) < 0)
    return -1;
  if ((r = cinch_cfg_get_u64 (c, v, "rate", &d->rate, err)) <= 0)
    return r < 0 ? -1 : cinch_cfg_fail_missing (c, "rate", err);
  return 0;
}

/* The keys of enum cinch_throttle_kind (emit.c has the same table).  */
static const char *const throttle_keys[CINCH_THROTTLE_COUNT] = {
  [CINCH_THROTTLE_READ_BPS] = "throttleReadBpsDevice",
  [CINCH_THROTTLE_WRITE_BPS] = "throttleWriteBpsDevice",
  [CINCH_THROTTLE_READ_IOPS] = "throttleReadIOPSDevice",
  [CINCH_THROTTLE_WRITE_IOPS] = "throttleWriteIOPSDevice",
};

static int
parse_block_io (struct pctx *c, struct cinch_resources *res, json_t *obj, cinch_error_t *err)
{
  if (opt_weight (c, obj, "weight", &res->blkio_weight, &res->has_blkio_weight, err) < 0
      || opt_weight (c, obj, "leafWeight", &res->blkio_leaf_weight, &res->has_blkio_leaf_weight,
                     err)
             < 0
      || cinch_cfg_get_array (c, obj, "weightDevice", sizeof (struct cinch_weight_device),
                              (void **) &res->weight_devices, &res->n_weight_devices,
                              parse_weight_device, NULL, err)
             < 0)
    return -1;
  for (int k = 0; k < CINCH_THROTTLE_COUNT; k++)
    if (cinch_cfg_get_array (c, obj, throttle_keys[k], sizeof (struct cinch_throttle_device),
                             (void **) &res->throttle[k], &res->n_throttle[k],
                             parse_throttle_device, NULL, err)
        < 0)
      return -1;
  return 0;
}

/* hugetlb.<size>.max names a size as digits and a binary unit: "64KB",
 * "2MB", "1GB" (hugetlb_cgroup.c's mem_fmt).  */
static bool
page_size_ok (const char *s)
{
  size_t d = strspn (s, "0123456789");

  return d > 0 && s[0] != '0' && strlen (s + d) == 2 && strchr ("KMGTP", s[d]) != NULL
         && s[d + 1] == 'B';
}

static int
parse_hugepage_limit (struct pctx *c, json_t *v, void *item, void *ud, cinch_error_t *err)
{
  struct cinch_hugepage_limit *h = item;
  int r;

  (void) ud;
  if (cinch_cfg_expect_object (c, v, err) < 0)
    return -1;
  if ((r = cinch_cfg_get_string (c, v, "pageSize", &h->page_size, err)) <= 0)
    return r < 0 ? -1 : cinch_cfg_fail_missing (c, "pageSize", err);
  if (!page_size_ok (h->page_size))
    {
      cleanup_free char *shown = cinch_cfg_printable (h->page_size);
      cinch_cfg_push_key (c, "pageSize");
      return cinch_cfg_fail_at (c, err,
                                "\"%s\" is not a page size (a number then KB, MB, GB, TB or PB, "
                                "like \"2MB\")",
                                shown);
    }
  if ((r = cinch_cfg_get_u64 (c, v, "limit", &h->limit, err)) <= 0)
    return r < 0 ? -1 : cinch_cfg_fail_missing (c, "limit", err);
  return 0;
}

/* A name written into a line of a cgroup file ("<name> <value>"): no
 * space or control byte may split or end it.  */
static bool
field_name_ok (const char *s, size_t max)
{
  size_t n = strlen (s);

  if (n == 0 || n > max)
    return false;
  for (const unsigned char *p = (const unsigned char *) s; *p; p++)
    if (*p <= ' ' || *p == 0x7f)
      return false;
  return true;
}

/* net_prio.ifpriomap's interface names follow the kernel's
 * dev_valid_name: under IFNAMSIZ (16) bytes, no '/', ':' or space, not
 * "." or "..".  */
static bool
ifname_ok (const char *s)
{
  return field_name_ok (s, 15) && strpbrk (s, "/:") == NULL && strcmp (s, ".") != 0
         && strcmp (s, "..") != 0;
}

static int
parse_net_priority (struct pctx *c, json_t *v, void *item, void *ud, cinch_error_t *err)
{
  struct cinch_kv *kv = item;
  cleanup_free char *name = NULL;
  uint32_t prio = 0;
  int r;

  (void) ud;
  if (cinch_cfg_expect_object (c, v, err) < 0)
    return -1;
  if ((r = cinch_cfg_get_string (c, v, "name", &name, err)) <= 0)
    return r < 0 ? -1 : cinch_cfg_fail_missing (c, "name", err);
  if (!ifname_ok (name))
    {
      cleanup_free char *shown = cinch_cfg_printable (name);
      cinch_cfg_push_key (c, "name");
      return cinch_cfg_fail_at (c, err,
                                "\"%s\" is not a network interface name (1 to 15 bytes, no "
                                "space, '/' or ':')",
                                shown);
    }
  if ((r = cinch_cfg_get_u32 (c, v, "priority", &prio, err)) <= 0)
    return r < 0 ? -1 : cinch_cfg_fail_missing (c, "priority", err);
  kv->key = steal_pointer (&name);
  kv->value = cinch_xasprintf ("%" PRIu32, prio);
  return 0;
}

static int
parse_network (struct pctx *c, struct cinch_resources *res, json_t *obj, cinch_error_t *err)
{
  if (opt_u32 (c, obj, "classID", &res->net_class_id, &res->has_net_class_id, err) < 0
      || cinch_cfg_get_array (c, obj, "priorities", sizeof (struct cinch_kv),
                              (void **) &res->net_priorities, &res->n_net_priorities,
                              parse_net_priority, NULL, err)
             < 0)
    return -1;
  return 0;
}

/* rdma: { "<device>": { "hcaHandles": N, "hcaObjects": M } }, in the
 * order written.  The device starts a line of rdma.max; IB_DEVICE_NAME_MAX
 * is 64 with its NUL.  */
static int
parse_rdma (struct pctx *c, struct cinch_resources *res, json_t *obj, cinch_error_t *err)
{
  const char *k;
  json_t *v;

  res->rdma = cinch_xcalloc (json_object_size (obj), sizeof (*res->rdma));
  json_object_foreach (obj, k, v)
  {
    struct cinch_rdma_limit *l = &res->rdma[res->n_rdma];
    size_t m = cinch_cfg_push_map_key (c, k);

    if (!field_name_ok (k, 63))
      return cinch_cfg_fail_at (c, err,
                                "not an RDMA device name (1 to 63 bytes, no space or control "
                                "character)");
    if (cinch_cfg_expect_object (c, v, err) < 0
        || opt_u32 (c, v, "hcaHandles", &l->hca_handles, &l->has_hca_handles, err) < 0
        || opt_u32 (c, v, "hcaObjects", &l->hca_objects, &l->has_hca_objects, err) < 0)
      return -1;
    l->device = cinch_xstrdup (k);
    res->n_rdma++;
    cinch_cfg_path_pop (c, m);
  }
  return 0;
}

typedef int (*resources_fn) (struct pctx *c, struct cinch_resources *res, json_t *obj,
                             cinch_error_t *err);

/* obj[key], an object when present, decoded by fn.  */
static int
resources_member (struct pctx *c, struct cinch_resources *res, json_t *obj, const char *key,
                  resources_fn fn, cinch_error_t *err)
{
  json_t *v = cinch_cfg_member (obj, key);
  size_t m;

  if (v == NULL)
    return 0;
  m = cinch_cfg_push_key (c, key);
  if (cinch_cfg_expect_object (c, v, err) < 0 || fn (c, res, v, err) < 0)
    return -1;
  cinch_cfg_path_pop (c, m);
  return 0;
}

int
cinch_cfg_parse_resources (struct pctx *c, struct cinch_resources *res, json_t *obj,
                           cinch_error_t *err)
{
  if (cinch_cfg_expect_object (c, obj, err) < 0)
    return -1;
  res->present = true;
  /* The file names of unified are kept as written: the converter knows
   * which files of which controllers may be written.  */
  if (cinch_cfg_get_array (c, obj, "devices", sizeof (struct cinch_device_rule),
                           (void **) &res->device_rules, &res->n_device_rules, parse_device_rule,
                           NULL, err)
          < 0
      || resources_member (c, res, obj, "memory", parse_memory, err) < 0
      || resources_member (c, res, obj, "cpu", parse_cpu, err) < 0
      || resources_member (c, res, obj, "blockIO", parse_block_io, err) < 0
      || cinch_cfg_get_array (c, obj, "hugepageLimits", sizeof (struct cinch_hugepage_limit),
                              (void **) &res->hugepage_limits, &res->n_hugepage_limits,
                              parse_hugepage_limit, NULL, err)
             < 0
      || resources_member (c, res, obj, "network", parse_network, err) < 0
      || resources_member (c, res, obj, "pids", parse_pids, err) < 0
      || resources_member (c, res, obj, "rdma", parse_rdma, err) < 0
      || cinch_cfg_get_kv_map (c, obj, "unified", &res->unified, &res->n_unified, NULL, NULL, err)
             < 0)
    return -1;
  return 0;
}

void
cinch_resources_clear (struct cinch_resources *r)
{
  if (r == NULL)
    return;
  free (r->cpu_cpus);
  free (r->cpu_mems);
  free (r->weight_devices);
  for (int k = 0; k < CINCH_THROTTLE_COUNT; k++)
    free (r->throttle[k]);
  for (size_t i = 0; i < r->n_hugepage_limits; i++)
    free (r->hugepage_limits[i].page_size);
  free (r->hugepage_limits);
  for (size_t i = 0; i < r->n_rdma; i++)
    free (r->rdma[i].device);
  free (r->rdma);
  cinch_cfg_kv_free (r->net_priorities, r->n_net_priorities);
  cinch_cfg_kv_free (r->unified, r->n_unified);
  for (size_t i = 0; i < r->n_device_rules; i++)
    free (r->device_rules[i].access);
  free (r->device_rules);
  memset (r, 0, sizeof (*r));
}

static int
parse_device (struct pctx *c, json_t *v, void *item, void *ud, cinch_error_t *err)
{
  struct cinch_device *d = item;
  cleanup_free char *type = NULL;
  int r;

  if (cinch_cfg_expect_object (c, v, err) < 0)
    return -1;
  if ((r = cinch_cfg_get_string (c, v, "type", &type, err)) <= 0)
    return r < 0 ? -1 : cinch_cfg_fail_missing (c, "type", err);
  if (strlen (type) != 1 || strchr ("cbup", type[0]) == NULL)
    {
      cleanup_free char *shown = cinch_cfg_printable (type);
      cinch_cfg_push_key (c, "type");
      return cinch_cfg_fail_at (c, err, "unknown device type \"%s\" (expected c, b, u or p)",
                                shown);
    }
  d->type = type[0];
  if ((r = cinch_cfg_get_container_path (c, v, "path", &d->path, err)) <= 0)
    return r < 0 ? -1 : cinch_cfg_fail_missing (c, "path", err);
  /* The kernel's dev_t has 12 bits of major and 20 of minor.  */
  if ((r = cinch_cfg_get_i64 (c, v, "major", 0, 0xfff, &d->major, err)) < 0)
    return -1;
  if (r == 0 && d->type != 'p')
    return cinch_cfg_fail_missing (c, "major", err);
  if ((r = cinch_cfg_get_i64 (c, v, "minor", 0, 0xfffff, &d->minor, err)) < 0)
    return -1;
  if (r == 0 && d->type != 'p')
    return cinch_cfg_fail_missing (c, "minor", err);
  if ((r = cinch_cfg_get_u32 (c, v, "fileMode", &d->file_mode, err)) < 0)
    return -1;
  d->has_file_mode = r > 0;
  if (d->has_file_mode && d->file_mode > 07777)
    {
      /* Podman (like Go's os.FileMode converted to a stat mode) sends the
       * file type too: accept the type that matches `type`, as runc.  */
      uint32_t fmt = d->file_mode & ~07777u;
      uint32_t want = d->type == 'b' ? 060000u : d->type == 'p' ? 010000u : 020000u;
      if (fmt != want)
        {
          cinch_cfg_push_key (c, "fileMode");
          return cinch_cfg_fail_at (c, err,
                                    "%#o has bits beyond the permission bits (07777) that are "
                                    "not the file type of a `%c` device (%#o)",
                                    d->file_mode, d->type, want);
        }
      d->file_mode &= 07777u;
    }
  if ((r = cinch_cfg_get_u32 (c, v, "uid", &d->uid, err)) < 0)
    return -1;
  d->has_uid = r > 0;
  if ((r = cinch_cfg_get_u32 (c, v, "gid", &d->gid, err)) < 0)
    return -1;
  d->has_gid = r > 0;
  return 0;
}

struct dev_ref
{
  const char *path;
  size_t index;
};

static int
dev_ref_cmp (const void *a, const void *b)
{
  const struct dev_ref *x = a, *y = b;
  int r = strcmp (x->path, y->path);
  if (r != 0)
    return r;
  return x->index < y->index ? -1 : x->index > y->index;
}

/* Two devices at one path are refused, at the first repeat in document
 * order.  Sorting keeps this O(n log n) however many devices there are.  */
static int
check_device_paths (struct pctx *c, const struct cinch_linux *lx, cinch_error_t *err)
{
  cleanup_free struct dev_ref *refs = NULL;
  size_t dup = SIZE_MAX;

  if (lx->n_devices < 2)
    return 0;
  refs = cinch_xcalloc (lx->n_devices, sizeof (*refs));
  for (size_t i = 0; i < lx->n_devices; i++)
    refs[i] = (struct dev_ref){ lx->devices[i].path, i };
  qsort (refs, lx->n_devices, sizeof (*refs), dev_ref_cmp);
  for (size_t i = 1; i < lx->n_devices; i++)
    if (refs[i].index < dup && strcmp (refs[i].path, refs[i - 1].path) == 0)
      dup = refs[i].index;
  if (dup == SIZE_MAX)
    return 0;
  {
    cleanup_free char *shown = cinch_cfg_printable (lx->devices[dup].path);
    cinch_cfg_path_push (c, ".devices[%zu].path", dup);
    return cinch_cfg_fail_at (c, err, "duplicate device \"%s\"", shown);
  }
}

/* cgroupsPath is resolved under the cgroup mount by the cgroup layer: no
 * component may climb out of it ("/a/../../x", or "..:x:y" in the systemd
 * slice:prefix:name form).  */
static bool
has_dotdot (const char *s)
{
  while (*s)
    {
      size_t l = strcspn (s, "/:");
      if (l == 2 && s[0] == '.' && s[1] == '.')
        return true;
      s += l;
      if (*s)
        s++;
    }
  return false;
}

/* "net.ipv4.ip_forward" or "net/ipv4/conf/eth0.1/forwarding": non-empty
 * components, and with '/' no "." or ".." that could leave /proc/sys.  */
static int
sysctl_key_ok (const char *k)
{
  char sep = strchr (k, '/') ? '/' : '.';
  const char *s = k;

  if (*k == '\0')
    return 0;
  for (;;)
    {
      const char *e = strchr (s, sep);
      size_t l = e ? (size_t) (e - s) : strlen (s);
      if (l == 0 || (l == 1 && s[0] == '.') || (l == 2 && s[0] == '.' && s[1] == '.'))
        return 0;
      if (e == NULL)
        return 1;
      s = e + 1;
    }
}

static const struct cinch_name propagations[] = {
  { "private", CINCH_PROP_PRIVATE },       { "rprivate", CINCH_PROP_PRIVATE + 16 },
  { "shared", CINCH_PROP_SHARED },         { "rshared", CINCH_PROP_SHARED + 16 },
  { "slave", CINCH_PROP_SLAVE },           { "rslave", CINCH_PROP_SLAVE + 16 },
  { "unbindable", CINCH_PROP_UNBINDABLE }, { "runbindable", CINCH_PROP_UNBINDABLE + 16 },
};

static int
parse_rootfs_propagation (struct pctx *c, struct cinch_linux *lx, json_t *obj, cinch_error_t *err)
{
  json_t *v = cinch_cfg_member (obj, "rootfsPropagation");
  int prop = 0;

  if (v == NULL || (json_is_string (v) && json_string_length (v) == 0))
    return 0;
  if (cinch_cfg_get_enum (c, obj, "rootfsPropagation", false, propagations,
                          CINCH_ARRAY_SIZE (propagations), "rootfs propagation", &prop, err)
      < 0)
    return -1;
  lx->has_rootfs_propagation = true;
  lx->rootfs_propagation = (enum cinch_propagation) (prop & 15);
  lx->rootfs_propagation_recursive = prop >= 16;
  return 0;
}

static int
get_container_paths (struct pctx *c, json_t *obj, const char *key, char ***out, cinch_error_t *err)
{
  json_t *a = cinch_cfg_member (obj, key), *e;
  cleanup_strv char **v = NULL;
  size_t m, i;

  if (a == NULL)
    {
      *out = cinch_xcalloc (1, sizeof (char *));
      return 0;
    }
  m = cinch_cfg_push_key (c, key);
  if (cinch_cfg_expect_array (c, a, err) < 0)
    return -1;
  v = cinch_xcalloc (json_array_size (a) + 1, sizeof (char *));
  json_array_foreach (a, i, e)
  {
    size_t mi = cinch_cfg_push_index (c, i);
    if (cinch_cfg_val_container_path (c, e, &v[i], err) < 0)
      return -1;
    cinch_cfg_path_pop (c, mi);
  }
  cinch_cfg_path_pop (c, m);
  *out = steal_pointer (&v);
  return 1;
}

static const struct cinch_name personality_domains[] = {
  { "LINUX", PER_LINUX },
  { "LINUX32", PER_LINUX32 },
};

static int
parse_personality (struct pctx *c, struct cinch_linux *lx, json_t *obj, cinch_error_t *err)
{
  cleanup_strv char **flags = NULL;
  int domain = 0;

  if (cinch_cfg_expect_object (c, obj, err) < 0
      || cinch_cfg_get_enum (c, obj, "domain", true, personality_domains,
                             CINCH_ARRAY_SIZE (personality_domains), "personality domain", &domain,
                             err)
             < 0
      || cinch_cfg_get_strv (c, obj, "flags", &flags, err) < 0)
    return -1;
  /* config-linux.md: "Currently no flag values are supported".  */
  if (flags && flags[0])
    {
      size_t m = cinch_cfg_push_key (c, "flags");
      cinch_cfg_warn_at (c, "personality flags are not supported, ignored");
      cinch_cfg_path_pop (c, m);
    }
  lx->has_personality = true;
  lx->personality = (unsigned long) domain;
  return 0;
}

/* ------------------------------------------------------------------ */
/* linux.seccomp  */




/* An action and its optional errno: config-linux.md says a runtime MUST
 * fail when the action takes no errno.  */
static int
get_action (struct pctx *c, json_t *obj, const char *akey, const char *ekey,
            enum cinch_seccomp_action *action, bool *has_errno, uint32_t *errno_ret,
            cinch_error_t *err)
{
  int a = 0, r;

  if (cinch_cfg_get_enum (c, obj, akey, true, cinch_names_seccomp_actions, cinch_n_names_seccomp_actions,
                          "seccomp action", &a, err)
      < 0)
    return -1;
  *action = (enum cinch_seccomp_action) a;
  if ((r = cinch_cfg_get_u32 (c, obj, ekey, errno_ret, err)) < 0)
    return -1;
  *has_errno = r > 0;
  if (*has_errno && a != CINCH_SECCOMP_ERRNO && a != CINCH_SECCOMP_TRACE)
    {
      cinch_cfg_push_key (c, ekey);
      return cinch_cfg_fail_at (c, err, "only SCMP_ACT_ERRNO and SCMP_ACT_TRACE take an errno");
    }
  return 0;
}

static int
parse_seccomp_arg (struct pctx *c, json_t *v, void *item, void *ud, cinch_error_t *err)
{
  struct cinch_seccomp_arg *a = item;
  int op = 0, r;

  if (cinch_cfg_expect_object (c, v, err) < 0)
    return -1;
  if ((r = cinch_cfg_get_u32 (c, v, "index", &a->index, err)) <= 0)
    return r < 0 ? -1 : cinch_cfg_fail_missing (c, "index", err);
  if (a->index > 5)
    {
      cinch_cfg_push_key (c, "index");
      return cinch_cfg_fail_at (c, err, "%" PRIu32 " is out of range (0..5)", a->index);
    }
  if ((r = cinch_cfg_get_u64 (c, v, "value", &a->value, err)) <= 0)
    return r < 0 ? -1 : cinch_cfg_fail_missing (c, "value", err);
  if (cinch_cfg_get_u64 (c, v, "valueTwo", &a->value_two, err) < 0
      || cinch_cfg_get_enum (c, v, "op", true, cinch_names_seccomp_ops, cinch_n_names_seccomp_ops,
                             "seccomp operator", &op, err)
             < 0)
    return -1;
  a->op = (enum cinch_seccomp_op) op;
  return 0;
}

static int
parse_syscall (struct pctx *c, json_t *v, void *item, void *ud, cinch_error_t *err)
{
  struct cinch_seccomp_syscall *s = item;
  const struct cinch_seccomp *sc = ud;
  size_t m;
  int r;

  if (cinch_cfg_expect_object (c, v, err) < 0)
    return -1;
  if ((r = cinch_cfg_get_strv (c, v, "names", &s->names, err)) <= 0)
    return r < 0 ? -1 : cinch_cfg_fail_missing (c, "names", err);
  m = cinch_cfg_push_key (c, "names");
  if (s->names[0] == NULL)
    return cinch_cfg_fail_at (c, err, "must contain at least one syscall name");
  for (size_t i = 0; s->names[i]; i++)
    if (s->names[i][0] == '\0')
      {
        cinch_cfg_push_index (c, i);
        return cinch_cfg_fail_at (c, err, "must not be empty");
      }
  cinch_cfg_path_pop (c, m);
  if (get_action (c, v, "action", "errnoRet", &s->action, &s->has_errno_ret, &s->errno_ret, err)
      < 0)
    return -1;
  if (s->action == CINCH_SECCOMP_NOTIFY && sc->listener_path == NULL)
    {
      cinch_cfg_push_key (c, "action");
      return cinch_cfg_fail_at (c, err, "SCMP_ACT_NOTIFY needs linux.seccomp.listenerPath");
    }
  if (cinch_cfg_get_array (c, v, "args", sizeof (struct cinch_seccomp_arg), (void **) &s->args,
                           &s->n_args, parse_seccomp_arg, NULL, err)
      < 0)
    return -1;
  return 0;
}

static int
parse_seccomp (struct pctx *c, struct cinch_seccomp *sc, json_t *obj, cinch_error_t *err)
{
  uint64_t flags = 0;
  int r;

  if (cinch_cfg_expect_object (c, obj, err) < 0)
    return -1;
  if (get_action (c, obj, "defaultAction", "defaultErrnoRet", &sc->default_action,
                  &sc->has_default_errno_ret, &sc->default_errno_ret, err)
      < 0)
    return -1;
  if (sc->default_action == CINCH_SECCOMP_NOTIFY)
    {
      cinch_cfg_push_key (c, "defaultAction");
      return cinch_cfg_fail_at (c, err, "SCMP_ACT_NOTIFY cannot be the default action");
    }
  if ((r = cinch_cfg_get_strv (c, obj, "architectures", &sc->architectures, err)) < 0)
    return -1;
  if (r == 0)
    sc->architectures = cinch_xcalloc (1, sizeof (char *));
  if (cinch_cfg_get_flags (c, obj, "flags", cinch_names_seccomp_flags, cinch_n_names_seccomp_flags,
                           "seccomp flag", &flags, err)
      < 0)
    return -1;
  sc->flags = (uint32_t) flags;
  if (cinch_cfg_member (obj, "listenerPath") != NULL)
    {
      size_t m = cinch_cfg_push_key (c, "listenerPath");
      if (cinch_cfg_val_abs_host_path (c, cinch_cfg_member (obj, "listenerPath"),
                                       &sc->listener_path, err)
          < 0)
        return -1;
      cinch_cfg_path_pop (c, m);
    }
  if (cinch_cfg_get_string (c, obj, "listenerMetadata", &sc->listener_metadata, err) < 0)
    return -1;
  if (sc->listener_metadata && !sc->listener_path)
    {
      cinch_cfg_push_key (c, "listenerMetadata");
      return cinch_cfg_fail_at (c, err, "must not be set without listenerPath");
    }
  if (cinch_cfg_get_array (c, obj, "syscalls", sizeof (struct cinch_seccomp_syscall),
                           (void **) &sc->syscalls, &sc->n_syscalls, parse_syscall, sc, err)
      < 0)
    return -1;
  return 0;
}

static int
parse_linux_paths (struct pctx *c, struct cinch_linux *lx, json_t *obj, cinch_error_t *err)
{
  if (get_container_paths (c, obj, "maskedPaths", &lx->masked_paths, err) < 0
      || get_container_paths (c, obj, "readonlyPaths", &lx->readonly_paths, err) < 0
      || cinch_cfg_get_opt_string (c, obj, "mountLabel", &lx->mount_label, err) < 0
      || cinch_cfg_get_opt_string (c, obj, "cgroupsPath", &lx->cgroups_path, err) < 0
      || parse_rootfs_propagation (c, lx, obj, err) < 0)
    return -1;
  if (lx->cgroups_path && has_dotdot (lx->cgroups_path))
    {
      cinch_cfg_push_key (c, "cgroupsPath");
      return cinch_cfg_fail_at (c, err, "\"..\" components are not allowed");
    }
  return 0;
}

int
cinch_cfg_parse_linux (struct pctx *c, struct cinch_linux *lx, json_t *obj, cinch_error_t *err)
{
  struct cinch_namespace *ignored = NULL;
  size_t n_ns = 0;
  json_t *v;
  int r;

  if (cinch_cfg_expect_object (c, obj, err) < 0)
    return -1;
  /* parse_namespace fills lx->ns[type]; the per-item array is not kept.  */
  r = cinch_cfg_get_array (c, obj, "namespaces", sizeof (struct cinch_namespace),
                           (void **) &ignored, &n_ns, parse_namespace, lx, err);
  free (ignored);
  if (r < 0
      || cinch_cfg_get_id_mappings (c, obj, "uidMappings", &lx->uid_mappings, &lx->n_uid_mappings,
                                    err)
             < 0
      || cinch_cfg_get_id_mappings (c, obj, "gidMappings", &lx->gid_mappings, &lx->n_gid_mappings,
                                    err)
             < 0
      || cinch_cfg_get_array (c, obj, "devices", sizeof (struct cinch_device),
                              (void **) &lx->devices, &lx->n_devices, parse_device, NULL, err)
             < 0
      || check_device_paths (c, lx, err) < 0
      || cinch_cfg_get_kv_map (c, obj, "sysctl", &lx->sysctl, &lx->n_sysctl, sysctl_key_ok,
                               "not a valid sysctl name", err)
             < 0
      || parse_linux_paths (c, lx, obj, err) < 0)
    return -1;
  if ((v = cinch_cfg_member (obj, "timeOffsets")) != NULL)
    {
      size_t m = cinch_cfg_push_key (c, "timeOffsets");
      if (parse_time_offsets (c, lx, v, err) < 0)
        return -1;
      cinch_cfg_path_pop (c, m);
    }
  if ((v = cinch_cfg_member (obj, "resources")) != NULL)
    {
      size_t m = cinch_cfg_push_key (c, "resources");
      if (cinch_cfg_parse_resources (c, &lx->res, v, err) < 0)
        return -1;
      cinch_cfg_path_pop (c, m);
    }
  if ((v = cinch_cfg_member (obj, "personality")) != NULL)
    {
      size_t m = cinch_cfg_push_key (c, "personality");
      if (parse_personality (c, lx, v, err) < 0)
        return -1;
      cinch_cfg_path_pop (c, m);
    }
  if ((v = cinch_cfg_member (obj, "seccomp")) != NULL)
    {
      size_t m = cinch_cfg_push_key (c, "seccomp");
      lx->seccomp = cinch_xcalloc (1, sizeof (*lx->seccomp));
      if (parse_seccomp (c, lx->seccomp, v, err) < 0)
        return -1;
      cinch_cfg_path_pop (c, m);
    }
  /* Both MUST be honoured when present (config-linux.md); cinch does not
   * implement them, so say so instead of dropping them silently.  */
  for (size_t i = 0; i < 2; i++)
    {
      static const char *const unsupported[] = { "netDevices", "intelRdt" };
      if (cinch_cfg_member (obj, unsupported[i]) != NULL)
        {
          size_t m = cinch_cfg_push_key (c, unsupported[i]);
          cinch_cfg_warn_at (c, "not supported by cinch, ignored");
          cinch_cfg_path_pop (c, m);
        }
    }
  return 0;
}

static void
seccomp_free (struct cinch_seccomp *s)
{
  if (s == NULL)
    return;
  cinch_strv_free (s->architectures);
  free (s->listener_path);
  free (s->listener_metadata);
  for (size_t i = 0; i < s->n_syscalls; i++)
    {
      cinch_strv_free (s->syscalls[i].names);
      free (s->syscalls[i].args);
    }
  free (s->syscalls);
  free (s);
}

void
cinch_cfg_linux_clear (struct cinch_linux *lx)
{
  for (int i = 0; i < CINCH_NS_COUNT; i++)
    free (lx->ns[i].path);
  free (lx->uid_mappings);
  free (lx->gid_mappings);
  for (size_t i = 0; i < lx->n_devices; i++)
    free (lx->devices[i].path);
  free (lx->devices);
  free (lx->cgroups_path);
  cinch_resources_clear (&lx->res);
  cinch_cfg_kv_free (lx->sysctl, lx->n_sysctl);
  cinch_strv_free (lx->masked_paths);
  cinch_strv_free (lx->readonly_paths);
  free (lx->mount_label);
  seccomp_free (lx->seccomp);
}
