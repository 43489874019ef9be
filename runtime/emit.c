/* cinch — a plan back to config.json text (pure).  See emit.h.
 *
 * The emitter writes what the parser reads, in the spelling the parser
 * accepts: capability bit masks as "CAP_*" names in bit order, enums as
 * their OCI strings, host paths as the absolute paths the plan holds (so
 * the text does not depend on the bundle directory).  Optional fields are
 * written only when the plan has them, so that the second emission of a
 * parsed emission is byte for byte the first.  The name tables of the
 * scheduler, I/O priority and seccomp mirror parse.c and parse_linux.c;
 * the round-trip tests fail when one of them drifts.  */
#include "emit.h"

#include <inttypes.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/personality.h>

#include "jsonutil.h"
#include "names.h"
#include "hooks.h"
#include "util.h"









static const char *const propagations[] = {
  [CINCH_PROP_PRIVATE] = "private",
  [CINCH_PROP_SHARED] = "shared",
  [CINCH_PROP_SLAVE] = "slave",
  [CINCH_PROP_UNBINDABLE] = "unbindable",
};


static const char *const cap_set_names[CINCH_CAP_SET_COUNT] = {
  [CINCH_CAP_BOUNDING] = "bounding",       [CINCH_CAP_EFFECTIVE] = "effective",
  [CINCH_CAP_INHERITABLE] = "inheritable", [CINCH_CAP_PERMITTED] = "permitted",
  [CINCH_CAP_AMBIENT] = "ambient",
};

/* The extension annotations (plan.h); parse.c reads the same four.  */
#define ANN_ROOTFS_OPTIONS "run.cinch.rootfs.options"
#define ANN_ROOTFS_IDMAP "run.cinch.rootfs.idmap"
#define ANN_USERNS_POOL "run.cinch.userns.pool"
#define ANN_SECCOMP "run.cinch.seccomp"

/* The name of value in tab; values outside the table cannot come from the
 * parser, and a plan edited into one is a bug: "?" makes the emitted text
 * fail to parse instead of meaning something else.  */
static const char *
name_of (const struct cinch_name *tab, size_t n, uint64_t value)
{
  for (size_t i = 0; i < n; i++)
    if ((uint64_t) tab[i].value == value)
      return tab[i].name;
  return "?";
}
#define NAME_OF(tab, v) name_of (cinch_names_##tab, cinch_n_names_##tab, (uint64_t) (v))

/* An array of the names of the bits of flags that tab knows.  */
static json_t *
flag_names (const struct cinch_name *tab, size_t n, uint64_t flags)
{
  json_t *a = cinch_json_must (json_array ());
  for (size_t i = 0; i < n; i++)
    if (tab[i].value != 0 && (flags & (uint64_t) tab[i].value) == (uint64_t) tab[i].value)
      cinch_json_append (a, json_string (tab[i].name));
  return a;
}

/* ------------------------------------------------------------------ */
/* Values.  */

/* A uint64: a plain integer when jansson can hold it, else a token
 * "\0<index>" (no plan string holds a NUL byte, so no string of the
 * document looks like one) resolved by cinch_emit_dumps.  */
static json_t *
u64_json (struct cinch_emit_big *big, uint64_t v)
{
  char token[32];
  int n;

  if (v <= (uint64_t) INT64_MAX)
    return cinch_json_must (json_integer ((json_int_t) v));
  big->v = cinch_xrealloc (big->v, (big->n + 1) * sizeof (uint64_t));
  big->v[big->n] = v;
  token[0] = '\0';
  n = snprintf (token + 1, sizeof (token) - 1, "%zu", big->n++);
  return cinch_json_must (json_stringn (token, (size_t) n + 1));
}

static json_t *
int_json (int64_t v)
{
  return cinch_json_must (json_integer ((json_int_t) v));
}

static json_t *
strv_json (char *const *v)
{
  json_t *a = cinch_json_must (json_array ());
  for (size_t i = 0; v && v[i]; i++)
    cinch_json_append (a, json_string (v[i]));
  return a;
}

static void
set_opt_string (json_t *obj, const char *key, const char *v)
{
  if (v != NULL)
    cinch_json_set (obj, key, json_string (v));
}

static json_t *
kv_json (const struct cinch_kv *kv, size_t n)
{
  json_t *o = cinch_json_must (json_object ());
  for (size_t i = 0; i < n; i++)
    cinch_json_set (o, kv[i].key, json_string (kv[i].value));
  return o;
}

static json_t *
id_mappings_json (const struct cinch_id_mapping *m, size_t n)
{
  json_t *a = cinch_json_must (json_array ());
  for (size_t i = 0; i < n; i++)
    cinch_json_append (a, json_pack ("{s:I, s:I, s:I}", "containerID",
                                     (json_int_t) m[i].container_id, "hostID",
                                     (json_int_t) m[i].host_id, "size", (json_int_t) m[i].size));
  return a;
}

/* ------------------------------------------------------------------ */
/* process  */

static json_t *
user_json (const struct cinch_process *p)
{
  json_t *u = json_pack ("{s:I, s:I}", "uid", (json_int_t) p->uid, "gid", (json_int_t) p->gid);

  cinch_json_must (u);
  if (p->has_umask)
    cinch_json_set (u, "umask", int_json (p->umask));
  if (p->n_additional_gids > 0)
    {
      json_t *g = cinch_json_must (json_array ());
      for (size_t i = 0; i < p->n_additional_gids; i++)
        cinch_json_append (g, int_json (p->additional_gids[i]));
      cinch_json_set (u, "additionalGids", g);
    }
  return u;
}

static json_t *
capabilities_json (const struct cinch_process *p)
{
  json_t *c = cinch_json_must (json_object ());
  int last = cinch_cap_last ();

  for (int s = 0; s < CINCH_CAP_SET_COUNT; s++)
    {
      json_t *a;
      /* An empty set and an absent one are the same (runc spec leaves
       * inheritable and ambient out).  */
      if (p->caps[s] == 0)
        continue;
      a = cinch_json_must (json_array ());
      for (int cap = 0; cap <= last && cap < 64; cap++)
        if (p->caps[s] & (UINT64_C (1) << cap))
          cinch_json_append (a, json_string (cinch_cap_name (cap)));
      cinch_json_set (c, cap_set_names[s], a);
    }
  return c;
}

static json_t *
rlimits_json (const struct cinch_process *p, struct cinch_emit_big *big)
{
  json_t *a = cinch_json_must (json_array ());

  for (size_t i = 0; i < p->n_rlimits; i++)
    {
      const struct cinch_rlimit *rl = &p->rlimits[i];
      json_t *o = cinch_json_must (json_object ());
      cinch_json_set (o, "type", json_string (cinch_rlimit_name (rl->resource)));
      cinch_json_set (o, "soft", u64_json (big, rl->soft));
      cinch_json_set (o, "hard", u64_json (big, rl->hard));
      cinch_json_append (a, o);
    }
  return a;
}

static json_t *
scheduler_json (const struct cinch_process *p, struct cinch_emit_big *big)
{
  json_t *s = cinch_json_must (json_object ());

  cinch_json_set (s, "policy", json_string (NAME_OF (sched_policies, p->sched_policy)));
  if (p->sched_nice != 0)
    cinch_json_set (s, "nice", int_json (p->sched_nice));
  if (p->sched_priority != 0)
    cinch_json_set (s, "priority", int_json (p->sched_priority));
  if (p->sched_flags != 0)
    cinch_json_set (s, "flags",
                    flag_names (cinch_names_sched_flags, cinch_n_names_sched_flags, p->sched_flags));
  if (p->sched_runtime != 0)
    cinch_json_set (s, "runtime", u64_json (big, p->sched_runtime));
  if (p->sched_deadline != 0)
    cinch_json_set (s, "deadline", u64_json (big, p->sched_deadline));
  if (p->sched_period != 0)
    cinch_json_set (s, "period", u64_json (big, p->sched_period));
  return s;
}

static json_t *
process_json (const struct cinch_process *p, struct cinch_emit_big *big)
{
  json_t *o = cinch_json_must (json_object ());

  cinch_json_set (o, "terminal", json_boolean (p->terminal));
  if (p->has_console_size)
    cinch_json_set (o, "consoleSize",
                    json_pack ("{s:I, s:I}", "height", (json_int_t) p->console_height, "width",
                               (json_int_t) p->console_width));
  cinch_json_set (o, "user", user_json (p));
  cinch_json_set (o, "args", strv_json (p->args));
  cinch_json_set (o, "env", strv_json (p->env));
  set_opt_string (o, "cwd", p->cwd);
  if (p->has_capabilities)
    cinch_json_set (o, "capabilities", capabilities_json (p));
  if (p->n_rlimits > 0)
    cinch_json_set (o, "rlimits", rlimits_json (p, big));
  cinch_json_set (o, "noNewPrivileges", json_boolean (p->no_new_privileges));
  set_opt_string (o, "apparmorProfile", p->apparmor_profile);
  set_opt_string (o, "selinuxLabel", p->selinux_label);
  if (p->has_oom_score_adj)
    cinch_json_set (o, "oomScoreAdj", int_json (p->oom_score_adj));
  if (p->has_scheduler)
    cinch_json_set (o, "scheduler", scheduler_json (p, big));
  if (p->has_io_priority)
    cinch_json_set (o, "ioPriority",
                    json_pack ("{s:s, s:i}", "class", NAME_OF (ioprio_classes, p->ioprio_class),
                               "priority", p->ioprio_level));
  return o;
}

/* ------------------------------------------------------------------ */
/* mounts, hooks, annotations  */

static json_t *
mounts_json (const struct cinch_plan *plan)
{
  json_t *a = cinch_json_must (json_array ());

  for (size_t i = 0; i < plan->n_mounts; i++)
    {
      const struct cinch_mount *m = &plan->mounts[i];
      json_t *o = cinch_json_must (json_object ());

      cinch_json_set (o, "destination", json_string (m->destination));
      set_opt_string (o, "type", m->type);
      set_opt_string (o, "source", m->source);
      /* The raw options carry everything decoded from them (the policy
       * appends to them as it edits the decoded fields).  */
      if (m->options && m->options[0])
        cinch_json_set (o, "options", strv_json (m->options));
      if (m->n_uid_mappings > 0)
        cinch_json_set (o, "uidMappings", id_mappings_json (m->uid_mappings, m->n_uid_mappings));
      if (m->n_gid_mappings > 0)
        cinch_json_set (o, "gidMappings", id_mappings_json (m->gid_mappings, m->n_gid_mappings));
      cinch_json_append (a, o);
    }
  return a;
}

static json_t *
hooks_json (const struct cinch_hooks *hooks)
{
  json_t *o = cinch_json_must (json_object ());

  for (int k = 0; k < CINCH_HOOK_KIND_COUNT; k++)
    {
      json_t *a;
      if (hooks->count[k] == 0)
        continue;
      a = cinch_json_must (json_array ());
      for (size_t i = 0; i < hooks->count[k]; i++)
        {
          const struct cinch_hook *h = &hooks->list[k][i];
          json_t *ho = cinch_json_must (json_object ());
          cinch_json_set (ho, "path", json_string (h->path));
          if (h->args)
            cinch_json_set (ho, "args", strv_json (h->args));
          if (h->env)
            cinch_json_set (ho, "env", strv_json (h->env));
          if (h->has_timeout)
            cinch_json_set (ho, "timeout", int_json (h->timeout));
          cinch_json_append (a, ho);
        }
      cinch_json_set (o, cinch_hook_kind_name (k), a);
    }
  return o;
}

static bool
hooks_empty (const struct cinch_hooks *hooks)
{
  for (int k = 0; k < CINCH_HOOK_KIND_COUNT; k++)
    if (hooks->count[k] > 0)
      return false;
  return true;
}

/* The config's annotations, then the extensions the plan carries that are
 * not among them already (an effective config read back has them there,
 * and jansson would only replace the value, but the order must not move). */
static json_t *
annotations_json (const struct cinch_plan *plan)
{
  json_t *o = kv_json (plan->annotations, plan->n_annotations);
  const struct
  {
    bool on;
    const char *key, *value;
  } ext[] = {
    { (plan->root_attr_set & (MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV))
          == (MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV),
      ANN_ROOTFS_OPTIONS, "nosuid,nodev" },
    { plan->root_idmap, ANN_ROOTFS_IDMAP, "true" },
    { plan->userns_from_pool, ANN_USERNS_POOL, "true" },
    { plan->default_seccomp, ANN_SECCOMP, "default" },
  };

  for (size_t i = 0; i < CINCH_ARRAY_SIZE (ext); i++)
    if (ext[i].on && json_object_get (o, ext[i].key) == NULL)
      cinch_json_set (o, ext[i].key, json_string (ext[i].value));
  return o;
}

/* ------------------------------------------------------------------ */
/* linux  */

/* linux.namespaces in their config order (the index each one came from;
 * entries the policy added sort after those of equal index, by type).  */
static json_t *
namespaces_json (const struct cinch_linux *lx)
{
  json_t *a = cinch_json_must (json_array ());
  bool done[CINCH_NS_COUNT] = { false };

  for (;;)
    {
      int best = -1;
      for (int t = 0; t < CINCH_NS_COUNT; t++)
        if (lx->ns[t].present && !done[t] && (best < 0 || lx->ns[t].index < lx->ns[best].index))
          best = t;
      if (best < 0)
        break;
      done[best] = true;
      {
        json_t *o = json_pack ("{s:s}", "type", cinch_ns_name ((enum cinch_ns_type) best));
        cinch_json_must (o);
        set_opt_string (o, "path", lx->ns[best].path);
        cinch_json_append (a, o);
      }
    }
  return a;
}

static json_t *
time_offsets_json (const struct cinch_linux *lx)
{
  json_t *o = cinch_json_must (json_object ());
  const struct
  {
    bool has;
    const char *name;
    int64_t secs;
    uint32_t nsecs;
  } clocks[] = {
    { lx->has_time_offset_monotonic, "monotonic", lx->monotonic_secs, lx->monotonic_nanosecs },
    { lx->has_time_offset_boottime, "boottime", lx->boottime_secs, lx->boottime_nanosecs },
  };

  for (size_t i = 0; i < CINCH_ARRAY_SIZE (clocks); i++)
    {
      json_t *c;
      if (!clocks[i].has)
        continue;
      c = cinch_json_must (json_object ());
      cinch_json_set (c, "secs", int_json (clocks[i].secs));
      if (clocks[i].nsecs != 0)
        cinch_json_set (c, "nanosecs", int_json (clocks[i].nsecs));
      cinch_json_set (o, clocks[i].name, c);
    }
  return o;
}

static json_t *
devices_json (const struct cinch_linux *lx)
{
  json_t *a = cinch_json_must (json_array ());

  for (size_t i = 0; i < lx->n_devices; i++)
    {
      const struct cinch_device *d = &lx->devices[i];
      char type[2] = { d->type, '\0' };
      json_t *o = cinch_json_must (json_object ());

      cinch_json_set (o, "path", json_string (d->path));
      cinch_json_set (o, "type", json_string (type));
      /* A FIFO needs no numbers; the parser leaves them 0 when absent.  */
      if (d->type != 'p' || d->major != 0 || d->minor != 0)
        {
          cinch_json_set (o, "major", int_json (d->major));
          cinch_json_set (o, "minor", int_json (d->minor));
        }
      if (d->has_file_mode)
        cinch_json_set (o, "fileMode", int_json (d->file_mode));
      if (d->has_uid)
        cinch_json_set (o, "uid", int_json (d->uid));
      if (d->has_gid)
        cinch_json_set (o, "gid", int_json (d->gid));
      cinch_json_append (a, o);
    }
  return a;
}

/* ------------------------------------------------------------------ */
/* linux.resources: every field the plan holds, in config-linux.md's
 * order, arrays and maps in the order written.  */

/* The keys of enum cinch_throttle_kind (parse_linux.c has the same
 * table).  */
static const char *const throttle_keys[CINCH_THROTTLE_COUNT] = {
  [CINCH_THROTTLE_READ_BPS] = "throttleReadBpsDevice",
  [CINCH_THROTTLE_WRITE_BPS] = "throttleWriteBpsDevice",
  [CINCH_THROTTLE_READ_IOPS] = "throttleReadIOPSDevice",
  [CINCH_THROTTLE_WRITE_IOPS] = "throttleWriteIOPSDevice",
};

static void
set_i64 (json_t *o, bool has, const char *key, int64_t v)
{
  if (has)
    cinch_json_set (o, key, int_json (v));
}

static void
set_u64 (json_t *o, bool has, const char *key, uint64_t v, struct cinch_emit_big *big)
{
  if (has)
    cinch_json_set (o, key, u64_json (big, v));
}

static void
set_bool (json_t *o, bool has, const char *key, bool v)
{
  if (has)
    cinch_json_set (o, key, json_boolean (v));
}

/* obj[key] = o when o has members (the parser keeps no trace of an empty
 * object), else drop o.  */
static void
set_nonempty (json_t *obj, const char *key, json_t *o)
{
  if (json_object_size (o) > 0)
    cinch_json_set (obj, key, o);
  else
    json_decref (o);
}

static json_t *
device_rules_json (const struct cinch_resources *res)
{
  json_t *a = cinch_json_must (json_array ());

  for (size_t i = 0; i < res->n_device_rules; i++)
    {
      const struct cinch_device_rule *r = &res->device_rules[i];
      char type[2] = { r->type, '\0' };
      json_t *ro = json_pack ("{s:b, s:s}", "allow", r->allow, "type", type);
      cinch_json_must (ro);
      if (r->major != -1)
        cinch_json_set (ro, "major", int_json (r->major));
      if (r->minor != -1)
        cinch_json_set (ro, "minor", int_json (r->minor));
      set_opt_string (ro, "access", r->access);
      cinch_json_append (a, ro);
    }
  return a;
}

static json_t *
memory_json (const struct cinch_resources *r)
{
  json_t *o = cinch_json_must (json_object ());

  set_i64 (o, r->has_memory_limit, "limit", r->memory_limit);
  set_i64 (o, r->has_memory_reservation, "reservation", r->memory_reservation);
  set_i64 (o, r->has_memory_swap, "swap", r->memory_swap);
  set_i64 (o, r->has_memory_kernel, "kernel", r->memory_kernel);
  set_i64 (o, r->has_memory_kernel_tcp, "kernelTCP", r->memory_kernel_tcp);
  set_i64 (o, r->has_memory_swappiness, "swappiness", (int64_t) r->memory_swappiness);
  set_bool (o, r->has_disable_oom_killer, "disableOOMKiller", r->disable_oom_killer);
  set_bool (o, r->has_use_hierarchy, "useHierarchy", r->use_hierarchy);
  set_bool (o, r->has_check_before_update, "checkBeforeUpdate", r->check_before_update);
  return o;
}

static json_t *
cpu_json (const struct cinch_resources *r, struct cinch_emit_big *big)
{
  json_t *o = cinch_json_must (json_object ());

  set_u64 (o, r->has_cpu_shares, "shares", r->cpu_shares, big);
  set_i64 (o, r->has_cpu_quota, "quota", r->cpu_quota);
  set_u64 (o, r->has_cpu_burst, "burst", r->cpu_burst, big);
  set_u64 (o, r->has_cpu_period, "period", r->cpu_period, big);
  set_i64 (o, r->has_cpu_realtime_runtime, "realtimeRuntime", r->cpu_realtime_runtime);
  set_u64 (o, r->has_cpu_realtime_period, "realtimePeriod", r->cpu_realtime_period, big);
  set_opt_string (o, "cpus", r->cpu_cpus);
  set_opt_string (o, "mems", r->cpu_mems);
  set_i64 (o, r->has_cpu_idle, "idle", r->cpu_idle);
  return o;
}

static json_t *
block_io_json (const struct cinch_resources *r, struct cinch_emit_big *big)
{
  json_t *o = cinch_json_must (json_object ());

  set_i64 (o, r->has_blkio_weight, "weight", r->blkio_weight);
  set_i64 (o, r->has_blkio_leaf_weight, "leafWeight", r->blkio_leaf_weight);
  if (r->n_weight_devices > 0)
    {
      json_t *a = cinch_json_must (json_array ());
      for (size_t i = 0; i < r->n_weight_devices; i++)
        {
          const struct cinch_weight_device *d = &r->weight_devices[i];
          json_t *e = json_pack ("{s:I, s:I}", "major", (json_int_t) d->major, "minor",
                                 (json_int_t) d->minor);
          cinch_json_must (e);
          set_i64 (e, d->has_weight, "weight", d->weight);
          set_i64 (e, d->has_leaf_weight, "leafWeight", d->leaf_weight);
          cinch_json_append (a, e);
        }
      cinch_json_set (o, "weightDevice", a);
    }
  for (int k = 0; k < CINCH_THROTTLE_COUNT; k++)
    {
      json_t *a;
      if (r->n_throttle[k] == 0)
        continue;
      a = cinch_json_must (json_array ());
      for (size_t i = 0; i < r->n_throttle[k]; i++)
        {
          const struct cinch_throttle_device *d = &r->throttle[k][i];
          json_t *e = json_pack ("{s:I, s:I}", "major", (json_int_t) d->major, "minor",
                                 (json_int_t) d->minor);
          cinch_json_must (e);
          cinch_json_set (e, "rate", u64_json (big, d->rate));
          cinch_json_append (a, e);
        }
      cinch_json_set (o, throttle_keys[k], a);
    }
  return o;
}

static json_t *
hugepage_limits_json (const struct cinch_resources *r, struct cinch_emit_big *big)
{
  json_t *a = cinch_json_must (json_array ());

  for (size_t i = 0; i < r->n_hugepage_limits; i++)
    {
      json_t *e = json_pack ("{s:s}", "pageSize", r->hugepage_limits[i].page_size);
      cinch_json_must (e);
      cinch_json_set (e, "limit", u64_json (big, r->hugepage_limits[i].limit));
      cinch_json_append (a, e);
    }
  return a;
}

static json_t *
network_json (const struct cinch_resources *r)
{
  json_t *o = cinch_json_must (json_object ());

  set_i64 (o, r->has_net_class_id, "classID", r->net_class_id);
  if (r->n_net_priorities > 0)
    {
      json_t *a = cinch_json_must (json_array ());
      for (size_t i = 0; i < r->n_net_priorities; i++)
        {
          /* The parser stores the priority as its decimal text.  */
          uint64_t prio = 0;
          if (cinch_parse_u64 (r->net_priorities[i].value, UINT32_MAX, &prio) < 0)
            prio = 0;
          cinch_json_append (a, json_pack ("{s:s, s:I}", "name", r->net_priorities[i].key,
                                           "priority", (json_int_t) prio));
        }
      cinch_json_set (o, "priorities", a);
    }
  return o;
}

static json_t *
rdma_json (const struct cinch_resources *r)
{
  json_t *o = cinch_json_must (json_object ());

  for (size_t i = 0; i < r->n_rdma; i++)
    {
      const struct cinch_rdma_limit *l = &r->rdma[i];
      json_t *e = cinch_json_must (json_object ());
      set_i64 (e, l->has_hca_handles, "hcaHandles", l->hca_handles);
      set_i64 (e, l->has_hca_objects, "hcaObjects", l->hca_objects);
      cinch_json_set (o, l->device, e);
    }
  return o;
}

static json_t *
resources_json (const struct cinch_resources *r, struct cinch_emit_big *big)
{
  json_t *o = cinch_json_must (json_object ());

  if (r->n_device_rules > 0)
    cinch_json_set (o, "devices", device_rules_json (r));
  set_nonempty (o, "memory", memory_json (r));
  set_nonempty (o, "cpu", cpu_json (r, big));
  set_nonempty (o, "blockIO", block_io_json (r, big));
  if (r->n_hugepage_limits > 0)
    cinch_json_set (o, "hugepageLimits", hugepage_limits_json (r, big));
  set_nonempty (o, "network", network_json (r));
  if (r->has_pids_limit)
    cinch_json_set (o, "pids", json_pack ("{s:I}", "limit", (json_int_t) r->pids_limit));
  if (r->n_rdma > 0)
    cinch_json_set (o, "rdma", rdma_json (r));
  if (r->n_unified > 0)
    cinch_json_set (o, "unified", kv_json (r->unified, r->n_unified));
  return o;
}

static json_t *
seccomp_syscall_json (const struct cinch_seccomp_syscall *s, struct cinch_emit_big *big)
{
  json_t *o = cinch_json_must (json_object ());

  cinch_json_set (o, "names", strv_json (s->names));
  cinch_json_set (o, "action", json_string (NAME_OF (seccomp_actions, s->action)));
  if (s->has_errno_ret)
    cinch_json_set (o, "errnoRet", int_json (s->errno_ret));
  if (s->n_args > 0)
    {
      json_t *a = cinch_json_must (json_array ());
      for (size_t i = 0; i < s->n_args; i++)
        {
          const struct cinch_seccomp_arg *arg = &s->args[i];
          json_t *ao = cinch_json_must (json_object ());
          cinch_json_set (ao, "index", int_json (arg->index));
          cinch_json_set (ao, "value", u64_json (big, arg->value));
          if (arg->value_two != 0)
            cinch_json_set (ao, "valueTwo", u64_json (big, arg->value_two));
          cinch_json_set (ao, "op", json_string (NAME_OF (seccomp_ops, arg->op)));
          cinch_json_append (a, ao);
        }
      cinch_json_set (o, "args", a);
    }
  return o;
}

static json_t *
seccomp_json (const struct cinch_seccomp *sc, struct cinch_emit_big *big)
{
  json_t *o = cinch_json_must (json_object ());

  cinch_json_set (o, "defaultAction", json_string (NAME_OF (seccomp_actions, sc->default_action)));
  if (sc->has_default_errno_ret)
    cinch_json_set (o, "defaultErrnoRet", int_json (sc->default_errno_ret));
  if (sc->architectures && sc->architectures[0])
    cinch_json_set (o, "architectures", strv_json (sc->architectures));
  if (sc->flags != 0)
    cinch_json_set (o, "flags",
                    flag_names (cinch_names_seccomp_flags, cinch_n_names_seccomp_flags, sc->flags));
  set_opt_string (o, "listenerPath", sc->listener_path);
  set_opt_string (o, "listenerMetadata", sc->listener_metadata);
  if (sc->n_syscalls > 0)
    {
      json_t *a = cinch_json_must (json_array ());
      for (size_t i = 0; i < sc->n_syscalls; i++)
        cinch_json_append (a, seccomp_syscall_json (&sc->syscalls[i], big));
      cinch_json_set (o, "syscalls", a);
    }
  return o;
}

static const char *
personality_name (unsigned long p)
{
  return p == PER_LINUX32 ? "LINUX32" : p == PER_LINUX ? "LINUX" : "?";
}

static void
linux_ids_json (json_t *o, const struct cinch_linux *lx, struct cinch_emit_big *big)
{
  if (lx->n_uid_mappings > 0)
    cinch_json_set (o, "uidMappings", id_mappings_json (lx->uid_mappings, lx->n_uid_mappings));
  if (lx->n_gid_mappings > 0)
    cinch_json_set (o, "gidMappings", id_mappings_json (lx->gid_mappings, lx->n_gid_mappings));
  if (lx->n_sysctl > 0)
    cinch_json_set (o, "sysctl", kv_json (lx->sysctl, lx->n_sysctl));
  if (lx->res.present)
    cinch_json_set (o, "resources", resources_json (&lx->res, big));
  set_opt_string (o, "cgroupsPath", lx->cgroups_path);
  cinch_json_set (o, "namespaces", namespaces_json (lx));
  if (lx->has_time_offset_monotonic || lx->has_time_offset_boottime)
    cinch_json_set (o, "timeOffsets", time_offsets_json (lx));
  if (lx->n_devices > 0)
    cinch_json_set (o, "devices", devices_json (lx));
}

static json_t *
linux_json (const struct cinch_linux *lx, struct cinch_emit_big *big)
{
  json_t *o = cinch_json_must (json_object ());

  linux_ids_json (o, lx, big);
  if (lx->seccomp)
    cinch_json_set (o, "seccomp", seccomp_json (lx->seccomp, big));
  if (lx->has_rootfs_propagation
      && (size_t) lx->rootfs_propagation < CINCH_ARRAY_SIZE (propagations)
      && propagations[lx->rootfs_propagation] != NULL)
    {
      cleanup_free char *name =
          cinch_xasprintf ("%s%s", lx->rootfs_propagation_recursive ? "r" : "",
                           propagations[lx->rootfs_propagation]);
      cinch_json_set (o, "rootfsPropagation", json_string (name));
    }
  if (lx->masked_paths && lx->masked_paths[0])
    cinch_json_set (o, "maskedPaths", strv_json (lx->masked_paths));
  if (lx->readonly_paths && lx->readonly_paths[0])
    cinch_json_set (o, "readonlyPaths", strv_json (lx->readonly_paths));
  set_opt_string (o, "mountLabel", lx->mount_label);
  if (lx->has_personality)
    cinch_json_set (o, "personality",
                    json_pack ("{s:s}", "domain", personality_name (lx->personality)));
  return o;
}

/* ------------------------------------------------------------------ */
/* Documents.  */

json_t *
cinch_plan_emit_json (const struct cinch_plan *plan, struct cinch_emit_big *big)
{
  json_t *doc = cinch_json_must (json_object ());
  json_t *ann;

  cinch_json_set (doc, "ociVersion", json_string (plan->oci_version ? plan->oci_version : "1.0.0"));
  if (plan->has_process)
    cinch_json_set (doc, "process", process_json (&plan->process, big));
  cinch_json_set (doc, "root",
                  json_pack ("{s:s, s:b}", "path", plan->root_path ? plan->root_path : "",
                             "readonly", plan->root_readonly));
  if (plan->has_hostname)
    set_opt_string (doc, "hostname", plan->hostname);
  if (plan->has_domainname)
    set_opt_string (doc, "domainname", plan->domainname);
  if (plan->n_mounts > 0)
    cinch_json_set (doc, "mounts", mounts_json (plan));
  if (!hooks_empty (&plan->hooks))
    cinch_json_set (doc, "hooks", hooks_json (&plan->hooks));
  ann = annotations_json (plan);
  if (json_object_size (ann) > 0)
    cinch_json_set (doc, "annotations", ann);
  else
    json_decref (ann);
  cinch_json_set (doc, "linux", linux_json (&plan->linux_, big));
  return doc;
}

/* Replace each token "\u0000<index>" that opens a JSON string by the
 * decimal value it stands for.  Scanning string by string (not by
 * substring) keeps a user string holding the same characters intact.  */
static char *
resolve_big (const char *text, const struct cinch_emit_big *big)
{
  static const char tok[] = "\"\\u0000";
  size_t len = strlen (text), o = 0;
  /* A token is at least 9 bytes and a number at most 20: each token grows
   * the text by at most 11 bytes.  */
  size_t cap = len + 1 + (len / 9 + 1) * 11;
  char *out = cinch_xmalloc (cap);
  bool in_string = false;

  for (size_t i = 0; i < len; i++)
    {
      if (!in_string && text[i] == '"' && strncmp (text + i, tok, sizeof (tok) - 1) == 0)
        {
          size_t j = i + sizeof (tok) - 1, idx = 0;
          while (text[j] >= '0' && text[j] <= '9' && idx < big->n)
            idx = idx * 10 + (size_t) (text[j++] - '0');
          if (text[j] == '"' && j > i + sizeof (tok) - 1 && idx < big->n)
            {
              o += (size_t) snprintf (out + o, cap - o, "%" PRIu64, big->v[idx]);
              i = j;
              continue;
            }
        }
      if (in_string && text[i] == '\\')
        out[o++] = text[i++];
      else if (text[i] == '"')
        in_string = !in_string;
      out[o++] = text[i];
    }
  out[o] = '\0';
  return out;
}

char *
cinch_emit_dumps (const json_t *doc, const struct cinch_emit_big *big)
{
  char *text = json_dumps (doc, JSON_INDENT (2));
  cleanup_free char *resolved = NULL;

  if (text == NULL)
    cinch_json_must (NULL);
  resolved = big && big->n > 0 ? resolve_big (text, big) : NULL;
  {
    char *out = cinch_xasprintf ("%s\n", resolved ? resolved : text);
    free (text);
    return out;
  }
}

void
cinch_emit_big_clear (struct cinch_emit_big *big)
{
  free (big->v);
  big->v = NULL;
  big->n = 0;
}

char *
cinch_plan_emit (const struct cinch_plan *plan)
{
  struct cinch_emit_big big = { 0 };
  json_t *doc = cinch_plan_emit_json (plan, &big);
  char *text = cinch_emit_dumps (doc, &big);

  json_decref (doc);
  cinch_emit_big_clear (&big);
  return text;
}
