/* cinch — the policy rules over mounts, sysctls, seccomp, masked paths,
 * devices and hooks (pure; see policy.c for the rest and the order).  */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>

#include "policy_internal.h"
#include "hooks.h"
#include "spec.h"
#include "util.h"

/* ---- mount edits ------------------------------------------------------------ */

/* Append words to m->options and decode the result again.  m is untouched
 * on failure.  */
static int
mount_append_options (struct cinch_mount *m, const char *const *words, size_t n_words,
                      const char *json_path, cinch_error_t *err)
{
  size_t len = cinch_strv_len (m->options);
  char **v = cinch_xcalloc (len + n_words + 1, sizeof (char *));
  struct cinch_mount tmp = *m;

  for (size_t i = 0; i < len; i++)
    v[i] = m->options[i];
  for (size_t k = 0; k < n_words; k++)
    v[len + k] = cinch_xstrdup (words[k]);
  tmp.options = v;
  tmp.data = NULL;
  if (cinch_mount_options_decode (&tmp, json_path, err) < 0)
    {
      for (size_t k = 0; k < n_words; k++)
        free (v[len + k]);
      free (v);
      return -1;
    }
  free (m->data);
  free (m->options); /* the array only: its strings moved to v */
  *m = tmp;
  return 0;
}

/* The words cinch appends never fail to decode on a mount that decoded
 * before; should it happen anyway, the plan is refused rather than run
 * half-hardened.  */
void
cinch_policy_mount_harden (struct cinch_policy_run *r, size_t i, const char *rule,
                           const char *const *words, size_t n_words)
{
  cleanup_error cinch_error_t err = NULL;
  cleanup_free char *where = cinch_xasprintf ("mounts[%zu]", i);

  if (n_words > 0 && mount_append_options (&r->plan->mounts[i], words, n_words, where, &err) < 0)
    cinch_policy_add (
        r, rule, CINCH_FINDING_REFUSED, cinch_xasprintf ("mounts[%zu].options", i), NULL,
        cinch_xasprintf ("cinch cannot harden this mount: %s", cinch_error_msg (err)));
}

/* attr ends up set on the top mount: rattr_* are applied first (with
 * AT_RECURSIVE, the top mount included), then attr_*.  */
static bool
mount_has_attr (const struct cinch_mount *m, uint64_t attr)
{
  return (m->attr_set & attr) == attr
         || ((m->rattr_set & attr) == attr && (m->attr_clr & attr) == 0);
}


/* ---- CINCH-MOUNT-SENSITIVE ------------------------------------------------- */

/* A bind of one of these, or of a directory above one, hands the container
 * the host (its kernel interfaces, its configuration, the engines' stores
 * and sockets).  */
static const char *const sensitive_paths[] = {
  "/",
  "/proc",
  "/sys",
  "/dev",
  "/boot",
  "/etc",
  "/root",
  "/lib/modules",
  "/usr/lib/modules",
  "/var/lib/kubelet",
  "/var/lib/docker",
  "/var/lib/containerd",
  "/var/lib/containers",
  "/run/containerd",
  "/run/containers",
  "/run/docker",
  "/run/podman",
  "/run/crio",
  "/run/docker.sock",
  "/var/run/docker.sock",
  "/run/containerd/containerd.sock",
  "/run/podman/podman.sock",
  "/run/crio/crio.sock",
};

/* Nothing below these may be bound either.  The engines' stores are not
 * here: Docker, Podman, containerd and the kubelet bind per-container files
 * from under /var/lib/docker, /var/lib/containers, /run/containerd and
 * /var/lib/kubelet/pods.  */
static const char *const sensitive_subtrees[] = {
  "/proc",
  "/sys",
  "/dev",
  "/boot",
  "/etc",
  "/root",
  "/lib/modules",
  "/usr/lib/modules",
  "/var/lib/kubelet/pki",
  "/run/docker.sock",
  "/run/containerd/containerd.sock",
  "/run/podman",
  "/run/crio",
};

/* Why src is sensitive ("the sensitive host path /etc"), or NULL.  */
static char *
sensitive_why (const char *src, const char *state_root)
{
  for (size_t k = 0; k <= CINCH_ARRAY_SIZE (sensitive_paths); k++)
    {
      const char *s = k < CINCH_ARRAY_SIZE (sensitive_paths) ? sensitive_paths[k] : state_root;
      if (s == NULL || !cinch_policy_path_within (s, src))
        continue;
      if (strcmp (s, src) == 0)
        return cinch_xasprintf ("the sensitive host path %s", s);
      return cinch_xasprintf ("a parent of the sensitive host path %s", s);
    }
  for (size_t k = 0; k <= CINCH_ARRAY_SIZE (sensitive_subtrees); k++)
    {
      const char *s =
          k < CINCH_ARRAY_SIZE (sensitive_subtrees) ? sensitive_subtrees[k] : state_root;
      if (s != NULL && cinch_policy_path_within (src, s))
        return cinch_xasprintf ("inside the sensitive host path %s", s);
    }
  return NULL;
}

static void
rule_mount_sensitive (struct cinch_policy_run *r, size_t i)
{
  const struct cinch_mount *m = &r->plan->mounts[i];
  const struct cinch_path_fact *f =
      i < r->facts->n_bind_sources && r->facts->bind_sources ? &r->facts->bind_sources[i] : NULL;
  cleanup_free char *src = NULL, *why = NULL, *source = NULL, *resolved = NULL;
  char *const *allow = r->pol->bind_allow;

  if (!m->bind || m->source == NULL)
    return;
  /* A source that could not be resolved on the host must not slip past
   * the sensitive list by spelling ("/srv/../etc"): ".." resolved.  */
  src = f && f->realpath ? cinch_xstrdup (f->realpath) : cinch_path_clean (m->source, true);
  for (size_t k = 0; allow && allow[k]; k++)
    if (cinch_policy_path_within (src, allow[k]))
      return;
  why = sensitive_why (src, r->facts->state_root);
  if (why == NULL)
    return;
  source = cinch_policy_shown (m->source);
  resolved = cinch_policy_shown (src);
  cinch_policy_danger (r, "CINCH-MOUNT-SENSITIVE", cinch_xasprintf ("mounts[%zu].source", i),
                       "bind a narrower host directory, or list the source in bind-allow "
                       "(policy.conf)",
                       strcmp (src, m->source) == 0
                           ? cinch_xasprintf ("bind mount of \"%s\", %s", source, why)
                           : cinch_xasprintf ("bind mount of \"%s\" (resolves to \"%s\"), %s",
                                              source, resolved, why));
}

/* ---- the other per-mount rules --------------------------------------------- */

/* /proc files lxcfs serves per container, and that engines bind over the
 * host's on purpose.  */
static const char *const lxcfs_proc[] = {
  "/proc/cpuinfo", "/proc/diskstats", "/proc/meminfo", "/proc/stat",
  "/proc/swaps",   "/proc/uptime",    "/proc/loadavg", "/proc/slabinfo",
};

/* Mounting over /proc (or under it) hides what the kernel would show or
 * masks, or redirects writes to /proc/sys and friends: CVE-2019-16884,
 * CVE-2019-19921.  */
static void
rule_mount_proc (struct cinch_policy_run *r, size_t i)
{
  const struct cinch_mount *m = &r->plan->mounts[i];
  cleanup_free char *dest = NULL, *type = NULL;

  if (!cinch_policy_path_within (m->destination, "/proc"))
    return;
  if (strcmp (m->destination, "/proc") == 0 && m->type && strcmp (m->type, "proc") == 0)
    return;
  for (size_t k = 0; k < CINCH_ARRAY_SIZE (lxcfs_proc); k++)
    if (strcmp (m->destination, lxcfs_proc[k]) == 0)
      return;
  dest = cinch_policy_shown (m->destination);
  type = cinch_policy_shown (m->type ? m->type : (m->bind ? "bind" : "?"));
  cinch_policy_danger (
      r, "CINCH-MOUNT-PROC", cinch_xasprintf ("mounts[%zu].destination", i),
      "mount only a \"proc\" filesystem at /proc; of the files below, only "
      "lxcfs's (/proc/cpuinfo, /proc/meminfo, ...) may be bound",
      cinch_xasprintf ("%s mount at \"%s\" covers the container's /proc", type, dest));
}

static const char fix_shared[] = "use private or slave propagation (or their r* forms) "
                                 "instead of shared";

static void
rule_mount_shared (struct cinch_policy_run *r, size_t i)
{
  const struct cinch_mount *m = &r->plan->mounts[i];
  cleanup_free char *dest = NULL;

  if (m->propagation != CINCH_PROP_SHARED)
    return;
  dest = cinch_policy_shown (m->destination);
  cinch_policy_danger (r, "CINCH-MOUNT-SHARED", cinch_xasprintf ("mounts[%zu].options", i),
                       fix_shared,
                       cinch_xasprintf ("mount at \"%s\" has %s propagation: mounts made in the "
                                        "container would reach the host",
                                        dest, m->propagation_recursive ? "rshared" : "shared"));
}

static void
rule_mount_nosuid (struct cinch_policy_run *r, size_t i)
{
  const struct cinch_mount *m = &r->plan->mounts[i];
  const char *words[2];
  size_t n = 0;
  cleanup_free char *dest = NULL, *list = NULL;

  if (!m->bind)
    return;
  if (!mount_has_attr (m, MOUNT_ATTR_NOSUID))
    words[n++] = "nosuid";
  if (!mount_has_attr (m, MOUNT_ATTR_NODEV))
    words[n++] = "nodev";
  if (n == 0)
    return;
  dest = cinch_policy_shown (m->destination);
  list = n == 2 ? cinch_xstrdup ("nosuid and nodev") : cinch_xstrdup (words[0]);
  cinch_policy_weak (r, "CINCH-MOUNT-NOSUID", cinch_xasprintf ("mounts[%zu].options", i),
                     "add \"nosuid\" and \"nodev\" to the bind mount's options",
                     cinch_xasprintf ("bind mount at \"%s\" lacks %s", dest, list),
                     n == 2 ? "added nosuid,nodev" : "added it");
  if (cinch_policy_editing (r))
    cinch_policy_mount_harden (r, i, "CINCH-MOUNT-NOSUID", words, n);
}

/* A writable sysfs or cgroupfs reaches host-wide knobs (CVE-2022-0492:
 * cgroup v1 release_agent).  */
static void
rule_sysfs_ro (struct cinch_policy_run *r, size_t i)
{
  static const char *const ro[] = { "ro" };
  const struct cinch_mount *m = &r->plan->mounts[i];
  cleanup_free char *dest = NULL;

  if (m->type == NULL
      || (strcmp (m->type, "sysfs") != 0 && strcmp (m->type, "cgroup") != 0
          && strcmp (m->type, "cgroup2") != 0)
      || mount_has_attr (m, MOUNT_ATTR_RDONLY))
    return;
  dest = cinch_policy_shown (m->destination);
  cinch_policy_weak (r, "CINCH-SYSFS-RO", cinch_xasprintf ("mounts[%zu].options", i),
                     "add \"ro\" to the mount's options",
                     cinch_xasprintf ("%s mount at \"%s\" is writable", m->type, dest),
                     "made read-only");
  if (cinch_policy_editing (r))
    cinch_policy_mount_harden (r, i, "CINCH-SYSFS-RO", ro, 1);
}

void
cinch_policy_rules_mounts (struct cinch_policy_run *r)
{
  const struct cinch_linux *lx = &r->plan->linux_;

  for (size_t i = 0; i < r->plan->n_mounts; i++)
    {
      rule_mount_sensitive (r, i);
      rule_mount_proc (r, i);
      rule_mount_shared (r, i);
      rule_mount_nosuid (r, i);
      rule_sysfs_ro (r, i);
    }
  if (lx->has_rootfs_propagation && lx->rootfs_propagation == CINCH_PROP_SHARED)
    cinch_policy_danger (r, "CINCH-MOUNT-SHARED", cinch_xstrdup ("linux.rootfsPropagation"),
                         fix_shared,
                         cinch_xasprintf ("rootfs propagation %s: mounts made in the container "
                                          "would reach the host",
                                          lx->rootfs_propagation_recursive ? "rshared" : "shared"));
}

/* ---- CINCH-TMPFS ------------------------------------------------------------ */

/* Where the new tmpfs goes: before the first mount below dest (a config
 * binding /run/secrets must still see it over the new /run), else last.  */
static size_t
tmpfs_position (const struct cinch_plan *plan, const char *dest)
{
  for (size_t i = 0; i < plan->n_mounts; i++)
    if (cinch_policy_path_within (plan->mounts[i].destination, dest)
        && strcmp (plan->mounts[i].destination, dest) != 0)
      return i;
  return plan->n_mounts;
}

static void
tmpfs_insert (struct cinch_policy_run *r, const char *dest, const char *mode, const char *size)
{
  struct cinch_plan *plan = r->plan;
  struct cinch_mount m = { 0 };
  cleanup_error cinch_error_t err = NULL;
  size_t at = tmpfs_position (plan, dest);

  m.destination = cinch_xstrdup (dest);
  m.type = cinch_xstrdup ("tmpfs");
  m.source = cinch_xstrdup ("tmpfs");
  m.options = cinch_xcalloc (6, sizeof (char *));
  m.options[0] = cinch_xstrdup ("noexec");
  m.options[1] = cinch_xstrdup ("nosuid");
  m.options[2] = cinch_xstrdup ("nodev");
  m.options[3] = cinch_xasprintf ("mode=%s", mode);
  m.options[4] = cinch_xasprintf ("size=%s", size);
  if (cinch_mount_options_decode (&m, "mounts", &err) < 0)
    {
      cinch_policy_add (
          r, "CINCH-TMPFS", CINCH_FINDING_REFUSED, cinch_xstrdup ("mounts"), NULL,
          cinch_xasprintf ("cinch cannot add a tmpfs at %s: %s", dest, cinch_error_msg (err)));
      free (m.destination);
      free (m.type);
      free (m.source);
      cinch_strv_free (m.options);
      free (m.data);
      return;
    }
  plan->mounts = cinch_xrealloc (plan->mounts, (plan->n_mounts + 1) * sizeof (*plan->mounts));
  memmove (&plan->mounts[at + 1], &plan->mounts[at],
           (plan->n_mounts - at) * sizeof (*plan->mounts));
  plan->mounts[at] = m;
  plan->n_mounts++;
}

/* The image's /tmp, /var/tmp and /run would otherwise be the only writable
 * places of a read-only rootfs, or shared scratch space that survives in
 * the image's layer.  */
void
cinch_policy_rules_tmpfs (struct cinch_policy_run *r)
{
  static const struct
  {
    const char *dest, *mode;
  } dirs[] = { { "/tmp", "1777" }, { "/var/tmp", "1777" }, { "/run", "755" } };
  const char *size = r->pol->tmpfs_size ? r->pol->tmpfs_size : "64m";

  for (size_t d = 0; d < CINCH_ARRAY_SIZE (dirs); d++)
    {
      bool mounted = false;
      cleanup_free char *done = NULL;

      for (size_t i = 0; i < r->plan->n_mounts && !mounted; i++)
        mounted = strcmp (r->plan->mounts[i].destination, dirs[d].dest) == 0;
      if (mounted)
        continue;
      done = cinch_xasprintf ("added a tmpfs (noexec,nosuid,nodev,mode=%s,size=%s)", dirs[d].mode,
                              size);
      cinch_policy_weak (r, "CINCH-TMPFS", cinch_xstrdup ("mounts"),
                         "mount a tmpfs (noexec,nosuid,nodev) or a volume at /tmp, /var/tmp and "
                         "/run",
                         cinch_xasprintf ("nothing is mounted at %s", dirs[d].dest), done);
      if (cinch_policy_editing (r))
        tmpfs_insert (r, dirs[d].dest, dirs[d].mode, size);
    }
}

/* ---- sysctls ------------------------------------------------------------------ */

/* The namespaced sysctls (the kernel keeps one value per ipc or network
 * namespace): the set runc, crun and the kubelet call safe.  */
static bool
sysctl_safe (const char *key)
{
  static const char *const ipc[] = { "msgmax", "msgmnb", "msgmni", "sem",
                                     "shmall", "shmmax", "shmmni", "shm_rmid_forced" };
  char sep = strchr (key, '/') ? '/' : '.';
  const char *second = strchr (key, sep);
  size_t first_len = second ? (size_t) (second - key) : strlen (key);

  if (second == NULL)
    return false;
  second++;
  if (first_len == 3 && strncmp (key, "net", 3) == 0)
    return true;
  if (first_len == 2 && strncmp (key, "fs", 2) == 0)
    return strncmp (second, "mqueue", 6) == 0 && second[6] == sep;
  if (first_len == 6 && strncmp (key, "kernel", 6) == 0)
    for (size_t k = 0; k < CINCH_ARRAY_SIZE (ipc); k++)
      if (strcmp (second, ipc[k]) == 0)
        return true;
  return false;
}

static bool
sysctl_is_net (const char *key)
{
  return strncmp (key, "net", 3) == 0 && (key[3] == '.' || key[3] == '/');
}

/* A value is written to /proc/sys as it is: control characters or list
 * separators could smuggle in a second key (CVE-2022-0811, CRI-O's
 * kernel.core_pattern via "+").  */
static bool
sysctl_value_bad (const char *v)
{
  for (const unsigned char *s = (const unsigned char *) v; *s; s++)
    if (*s < 0x20 || *s == 0x7f || strchr (";=+,", *s) != NULL)
      return true;
  return false;
}

void
cinch_policy_rules_sysctl (struct cinch_policy_run *r)
{
  const struct cinch_linux *lx = &r->plan->linux_;
  bool host_net = !lx->ns[CINCH_NS_NET].present;

  /* ns_joins_host, the way policy.c tells it */
  if (lx->ns[CINCH_NS_NET].present && lx->ns[CINCH_NS_NET].path != NULL)
    {
      const struct cinch_ns_fact *c = &r->facts->config_ns[CINCH_NS_NET];
      const struct cinch_ns_fact *h = &r->facts->host_ns[CINCH_NS_NET];
      host_net = c->known && h->known && c->dev == h->dev && c->ino == h->ino;
    }
  for (size_t i = 0; i < lx->n_sysctl; i++)
    {
      const struct cinch_kv *kv = &lx->sysctl[i];
      cleanup_free char *key = cinch_policy_shown (kv->key);
      cleanup_free char *value = cinch_policy_shown (kv->value);

      if (!sysctl_safe (kv->key))
        cinch_policy_danger (r, "CINCH-SYSCTL-UNSAFE",
                             cinch_xasprintf ("linux.sysctl[\"%s\"]", key),
                             "set only namespaced sysctls: kernel.msg*, kernel.sem, kernel.shm*, "
                             "fs.mqueue.* and net.*",
                             cinch_xasprintf ("%s = \"%s\" is not a namespaced sysctl: it would "
                                              "change the host",
                                              key, value));
      if (sysctl_value_bad (kv->value))
        cinch_policy_danger (r, "CINCH-SYSCTL-VALUE", cinch_xasprintf ("linux.sysctl[\"%s\"]", key),
                             "give the sysctl a plain value (no control characters, ';', '=', "
                             "'+' or ',')",
                             cinch_xasprintf ("value \"%s\" of %s contains a control character "
                                              "or one of ; = + ,",
                                              value, key));
      if (sysctl_is_net (kv->key) && host_net)
        cinch_policy_danger (r, "CINCH-SYSCTL-HOSTNET",
                             cinch_xasprintf ("linux.sysctl[\"%s\"]", key),
                             "add {\"type\": \"network\"} to linux.namespaces, or drop the net.* "
                             "sysctl",
                             cinch_xasprintf ("%s = \"%s\" without a network namespace of the "
                                              "container's own would change the host's network",
                                              key, value));
    }
}

/* ---- seccomp -------------------------------------------------------------------- */

static bool
seccomp_allows (enum cinch_seccomp_action a)
{
  return a == CINCH_SECCOMP_ALLOW || a == CINCH_SECCOMP_LOG;
}

void
cinch_policy_rules_seccomp (struct cinch_policy_run *r)
{
  struct cinch_plan *plan = r->plan;
  const struct cinch_seccomp *sc = plan->linux_.seccomp;

  if (sc == NULL)
    {
      if (plan->default_seccomp)
        return;
      cinch_policy_weak (r, "CINCH-SECCOMP-DEFAULT", cinch_xstrdup ("linux.seccomp"),
                         "add a linux.seccomp profile, or set "
                         "annotations[\"run.cinch.seccomp\"] to \"default\"",
                         cinch_xstrdup ("no seccomp profile: every system call is allowed"),
                         "cinch's default profile applied");
      if (cinch_policy_editing (r))
        plan->default_seccomp = true;
      return;
    }
  if (!seccomp_allows (sc->default_action))
    return;
  for (size_t i = 0; i < sc->n_syscalls; i++)
    if (!seccomp_allows (sc->syscalls[i].action))
      return;
  cinch_policy_danger (r, "CINCH-SECCOMP-UNCONFINED", cinch_xstrdup ("linux.seccomp.defaultAction"),
                       "deny by default (SCMP_ACT_ERRNO), or drop linux.seccomp to get cinch's "
                       "default profile",
                       cinch_xasprintf ("defaultAction %s and no rule with another action: the "
                                        "profile filters nothing",
                                        sc->default_action == CINCH_SECCOMP_LOG
                                            ? "SCMP_ACT_LOG"
                                            : "SCMP_ACT_ALLOW"));
}

/* ---- CINCH-PROC-MASK ---------------------------------------------------------- */


/* p, or a directory above it, is in v.  */
static bool
strv_covers (char *const *v, const char *p)
{
  for (size_t i = 0; v && v[i]; i++)
    if (cinch_policy_path_within (p, v[i]))
      return true;
  return false;
}

/* One list: a masked path covers the read-only requirement as well
 * (masking is the stronger of the two).  */
static void
proc_mask_list (struct cinch_policy_run *r, char ***list, char *const *also, const char *key,
                const char *const *std, size_t n_std, const char *what)
{
  cleanup_free char *missing = cinch_xstrdup ("");
  size_t len = cinch_strv_len (*list), n_missing = 0;
  bool missing_flags[16] = { false };

  for (size_t k = 0; k < n_std; k++)
    if (!strv_covers (*list, std[k]) && !strv_covers (also, std[k]))
      {
        char *m = cinch_xasprintf ("%s%s%s", missing, *missing ? " " : "", std[k]);
        free (missing);
        missing = m;
        missing_flags[k] = true;
        n_missing++;
      }
  if (n_missing == 0)
    return;
  cinch_policy_weak (r, "CINCH-PROC-MASK", cinch_xasprintf ("linux.%s", key),
                     "list the runtime-spec's default paths in linux.maskedPaths and "
                     "linux.readonlyPaths",
                     cinch_xasprintf ("%s lacks %s (%s)", key, missing, what), "added");
  if (!cinch_policy_editing (r))
    return;
  *list = cinch_xrealloc (*list, (len + n_missing + 1) * sizeof (char *));
  for (size_t k = 0; k < n_std; k++)
    if (missing_flags[k])
      (*list)[len++] = cinch_xstrdup (std[k]);
  (*list)[len] = NULL;
}

void
cinch_policy_rules_proc_mask (struct cinch_policy_run *r)
{
  struct cinch_linux *lx = &r->plan->linux_;

  size_t n_masked = cinch_strv_len ((char *const *) cinch_default_masked_paths);
  size_t n_readonly = cinch_strv_len ((char *const *) cinch_default_readonly_paths);

  assert (n_masked <= 16 && n_readonly <= 16); /* proc_mask_list keeps 16 flags */
  proc_mask_list (r, &lx->masked_paths, NULL, "maskedPaths", cinch_default_masked_paths, n_masked,
                  "kernel and hardware details to hide");
  proc_mask_list (r, &lx->readonly_paths, lx->masked_paths, "readonlyPaths",
                  cinch_default_readonly_paths, n_readonly, "kernel knobs to make read-only");
}

/* ---- devices -------------------------------------------------------------------- */

/* Character devices that reach the host's memory, I/O ports, disks or CPU
 * registers (major -1: any minor).  */
static const struct
{
  int64_t major, minor;
  const char *what;
} raw_chars[] = {
  { 1, 1, "physical memory" }, { 1, 2, "kernel memory" },  { 1, 4, "I/O ports" },
  { 10, 237, "loop-control" }, { 21, -1, "SCSI generic" }, { 202, -1, "CPU MSRs" },
  { 203, -1, "CPUID" },
};

static const char *
device_raw_what (const struct cinch_device *d)
{
  if (d->type == 'b')
    return "a block device: raw access to a host disk";
  if (d->type != 'c' && d->type != 'u')
    return NULL;
  for (size_t k = 0; k < CINCH_ARRAY_SIZE (raw_chars); k++)
    if (d->major == raw_chars[k].major
        && (raw_chars[k].minor < 0 || d->minor == raw_chars[k].minor))
      return raw_chars[k].what;
  return NULL;
}

void
cinch_policy_rules_devices (struct cinch_policy_run *r)
{
  const struct cinch_linux *lx = &r->plan->linux_;

  for (size_t i = 0; i < lx->n_devices; i++)
    {
      const struct cinch_device *d = &lx->devices[i];
      const char *what = device_raw_what (d);
      cleanup_free char *path = NULL;

      if (what == NULL)
        continue;
      path = cinch_policy_shown (d->path);
      cinch_policy_danger (r, "CINCH-DEVICE-RAW", cinch_xasprintf ("linux.devices[%zu]", i),
                           "do not hand the container raw host devices; bind a file or a volume "
                           "instead",
                           cinch_xasprintf ("device \"%s\" (%c %lld:%lld) is %s", path, d->type,
                                            (long long) d->major, (long long) d->minor, what));
    }
  for (size_t i = 0; i < lx->res.n_device_rules; i++)
    {
      const struct cinch_device_rule *d = &lx->res.device_rules[i];
      if (!d->allow || d->type != 'a' || d->major != -1 || d->minor != -1)
        continue;
      cinch_policy_danger (r, "CINCH-DEVICE-CGROUP-ALL",
                           cinch_xasprintf ("linux.resources.devices[%zu]", i),
                           "allow only the devices the container needs (type c or b, with major "
                           "and minor)",
                           cinch_xasprintf ("device rule allows \"%s\" access to every device",
                                            d->access ? d->access : "rwm"));
    }
}

/* ---- hooks ------------------------------------------------------------------------ */


/* Why hook h (fact f) fails CINCH-HOOK-DIR, or NULL when it is under one
 * of the hook directories.  */
static char *
hook_dir_problem (const struct cinch_policy_run *r, const struct cinch_hook *h,
                  const struct cinch_path_fact *f)
{
  cleanup_free char *path = cinch_policy_shown (h->path);
  cleanup_free char *real = NULL;

  if (f == NULL || f->realpath == NULL)
    return cinch_xasprintf ("hook \"%s\" cannot be resolved (%s)", path,
                            f && f->err ? strerror (f->err) : "no host facts");
  for (size_t k = 0; r->pol->hook_dirs && r->pol->hook_dirs[k]; k++)
    if (cinch_policy_path_within (f->realpath, r->pol->hook_dirs[k]))
      return NULL;
  if (strcmp (f->realpath, h->path) == 0)
    return cinch_xasprintf ("hook \"%s\" is outside every hook-dirs directory", path);
  real = cinch_policy_shown (f->realpath);
  return cinch_xasprintf ("hook \"%s\" resolves to \"%s\", outside every hook-dirs directory", path,
                          real);
}

/* Hooks run as root on the host (all but createContainer and
 * startContainer in the host's namespaces): a config must not be able to
 * run any program, nor one a non-root user can replace.  */
static void
rule_hook (struct cinch_policy_run *r, int kind, size_t i)
{
  const struct cinch_hook *h = &r->plan->hooks.list[kind][i];
  const struct cinch_path_fact *f = r->facts->hooks[kind] ? &r->facts->hooks[kind][i] : NULL;
  char *problem = hook_dir_problem (r, h, f);

  if (problem != NULL)
    cinch_policy_danger (r, "CINCH-HOOK-DIR",
                         cinch_xasprintf ("hooks.%s[%zu].path", cinch_hook_kind_name (kind), i),
                         "install the hook under one of the hook-dirs of policy.conf, or add its "
                         "directory there",
                         problem);
  if (f && f->writable_by)
    {
      cleanup_free char *path = cinch_policy_shown (h->path);
      cleanup_free char *real = cinch_policy_shown (f->realpath ? f->realpath : h->path);
      cleanup_free char *w = cinch_policy_shown (f->writable_by);
      cinch_policy_danger (r, "CINCH-HOOK-WRITABLE",
                           cinch_xasprintf ("hooks.%s[%zu].path", cinch_hook_kind_name (kind), i),
                           "make the hook and every directory above it owned by root and not "
                           "writable by group or others",
                           cinch_xasprintf ("hook \"%s\" (\"%s\") can be replaced by a user other "
                                            "than root: \"%s\" is writable by one",
                                            path, real, w));
    }
}

void
cinch_policy_rules_hooks (struct cinch_policy_run *r)
{
  for (int k = 0; k < CINCH_HOOK_KIND_COUNT; k++)
    for (size_t i = 0; i < r->plan->hooks.count[k]; i++)
      rule_hook (r, k, i);
}
