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

/* linux.resources: only what the policy looks at is decoded here (the
 * cgroup layer reads the rest).  */
static int
parse_resources (struct pctx *c, struct cinch_linux *lx, json_t *obj, cinch_error_t *err)
{
  json_t *v;
  int r;

  if (cinch_cfg_expect_object (c, obj, err) < 0)
    return -1;
  lx->has_resources = true;
  if ((v = cinch_cfg_member (obj, "pids")) != NULL)
    {
      size_t m = cinch_cfg_push_key (c, "pids");
      if (cinch_cfg_expect_object (c, v, err) < 0
          || (r = cinch_cfg_get_i64 (c, v, "limit", INT64_MIN, INT64_MAX, &lx->pids_limit, err))
                 < 0)
        return -1;
      lx->has_pids_limit = r > 0;
      cinch_cfg_path_pop (c, m);
    }
  if ((v = cinch_cfg_member (obj, "memory")) != NULL)
    {
      size_t m = cinch_cfg_push_key (c, "memory");
      if (cinch_cfg_expect_object (c, v, err) < 0
          || (r = cinch_cfg_get_i64 (c, v, "limit", INT64_MIN, INT64_MAX, &lx->memory_limit, err))
                 < 0)
        return -1;
      lx->has_memory_limit = r > 0;
      cinch_cfg_path_pop (c, m);
    }
  return cinch_cfg_get_array (c, obj, "devices", sizeof (struct cinch_device_rule),
                              (void **) &lx->device_rules, &lx->n_device_rules, parse_device_rule,
                              NULL, err)
                 < 0
             ? -1
             : 0;
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
      if (parse_resources (c, lx, v, err) < 0)
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
  for (size_t i = 0; i < lx->n_device_rules; i++)
    free (lx->device_rules[i].access);
  free (lx->device_rules);
  cinch_cfg_kv_free (lx->sysctl, lx->n_sysctl);
  cinch_strv_free (lx->masked_paths);
  cinch_strv_free (lx->readonly_paths);
  free (lx->mount_label);
  seccomp_free (lx->seccomp);
}
