/* Unit tests for the policy decision (policy.c, policy_rules.c): every rule
 * with a config it accepts, one it hardens or refuses (rule ID, exact JSON
 * path, action, whether the plan was edited), compat (warned, plan
 * unchanged) and strict; then all findings at once, the profile
 * annotation, idempotence and strict over a hardened plan.
 *
 * Configs are a clean one (no finding in any profile) with members
 * replaced: cfg ("linux/namespaces", "[...]", NULL) — paths use '/' since
 * annotation keys hold dots.  The policy and the host facts are built by
 * hand (synthetic namespace inodes, realpaths, hook owners), so nothing here
 * depends on policy_file.c or facts.c.  */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>

#include "cgroup.h"
#include "emit.h"
#include "plan.h"
#include "policy.h"
#include "util.h"

#define BUNDLE "/b"

/* ------------------------------------------------------------------ */
/* The clean config.  */

#define NS_ALL                                                                                     \
  "[{\"type\": \"pid\"}, {\"type\": \"ipc\"}, {\"type\": \"uts\"}, {\"type\": \"mount\"},"         \
  " {\"type\": \"network\"}, {\"type\": \"cgroup\"}, {\"type\": \"user\"}]"
/* Without user: six entries, so an added user namespace gets index 6.  */
#define NS_NO_USER                                                                                 \
  "[{\"type\": \"pid\"}, {\"type\": \"ipc\"}, {\"type\": \"uts\"}, {\"type\": \"mount\"},"         \
  " {\"type\": \"network\"}, {\"type\": \"cgroup\"}]"

#define BASE_MOUNTS                                                                                \
  "{\"destination\": \"/proc\", \"type\": \"proc\", \"source\": \"proc\"},"                        \
  " {\"destination\": \"/tmp\", \"type\": \"tmpfs\", \"source\": \"tmpfs\","                       \
  "  \"options\": [\"nosuid\", \"nodev\", \"noexec\"]},"                                           \
  " {\"destination\": \"/var/tmp\", \"type\": \"tmpfs\", \"source\": \"tmpfs\"},"                  \
  " {\"destination\": \"/run\", \"type\": \"tmpfs\", \"source\": \"tmpfs\"},"                      \
  " {\"destination\": \"/sys\", \"type\": \"sysfs\", \"source\": \"sysfs\","                       \
  "  \"options\": [\"ro\", \"nosuid\"]}"
#define N_BASE_MOUNTS 5

#define MASKED                                                                                     \
  "[\"/proc/acpi\", \"/proc/asound\", \"/proc/kcore\", \"/proc/keys\", \"/proc/latency_stats\","   \
  " \"/proc/timer_list\", \"/proc/timer_stats\", \"/proc/sched_debug\", \"/proc/scsi\","           \
  " \"/sys/firmware\", \"/sys/devices/virtual/powercap\"]"
#define READONLY                                                                                   \
  "[\"/proc/bus\", \"/proc/fs\", \"/proc/irq\", \"/proc/sys\", \"/proc/sysrq-trigger\"]"

static const char clean[] =
    "{\"ociVersion\": \"1.0.2\","
    " \"root\": {\"path\": \"rootfs\", \"readonly\": true},"
    " \"annotations\": {\"run.cinch.rootfs.options\": \"nosuid,nodev\"},"
    " \"process\": {\"cwd\": \"/\", \"args\": [\"sh\"], \"user\": {\"uid\": 0, \"gid\": 0},"
    "  \"noNewPrivileges\": true,"
    "  \"capabilities\": {\"bounding\": [\"CAP_CHOWN\", \"CAP_KILL\"],"
    "   \"effective\": [\"CAP_CHOWN\", \"CAP_KILL\"], \"permitted\": [\"CAP_CHOWN\", "
    "\"CAP_KILL\"]}},"
    " \"mounts\": [" BASE_MOUNTS "],"
    " \"linux\": {\"namespaces\": " NS_ALL ","
    "  \"uidMappings\": [{\"containerID\": 0, \"hostID\": 100000, \"size\": 65536}],"
    "  \"gidMappings\": [{\"containerID\": 0, \"hostID\": 100000, \"size\": 65536}],"
    "  \"maskedPaths\": " MASKED ", \"readonlyPaths\": " READONLY ","
    "  \"seccomp\": {\"defaultAction\": \"SCMP_ACT_ERRNO\","
    "   \"syscalls\": [{\"names\": [\"read\"], \"action\": \"SCMP_ACT_ALLOW\"}]},"
    "  \"resources\": {\"pids\": {\"limit\": 100}}}}";

/* ------------------------------------------------------------------ */
/* Building configs, policies and facts.  */

/* Set (value = JSON text) or remove (value NULL) the member at a '/'
 * separated path of obj, creating objects on the way.  */
static void
set_path (json_t *obj, const char *path, const char *value)
{
  char *copy = strdup (path);
  char *key = copy, *slash;
  json_t *cur = obj;

  while ((slash = strchr (key, '/')) != NULL)
    {
      json_t *next;
      *slash = '\0';
      next = json_object_get (cur, key);
      if (next == NULL || !json_is_object (next))
        {
          next = json_object ();
          json_object_set_new (cur, key, next);
        }
      cur = next;
      key = slash + 1;
    }
  if (value == NULL)
    json_object_del (cur, key);
  else
    {
      json_error_t e;
      json_t *v = json_loads (value, JSON_DECODE_ANY, &e);
      if (v == NULL)
        fail_msg ("bad test JSON for %s: %s: %s", path, e.text, value);
      json_object_set_new (cur, key, v);
    }
  free (copy);
}

/* The clean config with (path, value) pairs applied; NULL-terminated.  */
static char *
cfg (const char *path, ...)
{
  json_error_t e;
  json_t *root = json_loads (clean, 0, &e);
  va_list ap;
  char *text;

  if (root == NULL)
    fail_msg ("clean config: %s", e.text);
  va_start (ap, path);
  for (const char *p = path; p != NULL; p = va_arg (ap, const char *))
    set_path (root, p, va_arg (ap, const char *));
  va_end (ap);
  text = json_dumps (root, JSON_COMPACT);
  json_decref (root);
  return text;
}

static struct cinch_plan *
parse (const char *json)
{
  struct cinch_plan *p = NULL;
  cinch_error_t err = NULL;

  if (cinch_plan_parse (json, strlen (json), BUNDLE, &p, &err) < 0)
    fail_msg ("test config does not parse: %s\n%s", cinch_error_msg (err), json);
  return p;
}

static char **
strv_of (const char *first, ...)
{
  va_list ap;
  size_t n = 0;
  char **v = cinch_xcalloc (16, sizeof (char *));

  va_start (ap, first);
  for (const char *s = first; s != NULL && n < 15; s = va_arg (ap, const char *))
    v[n++] = cinch_xstrdup (s);
  va_end (ap);
  return v;
}

static uint64_t
caps_of (const char *const *names)
{
  uint64_t m = 0;
  for (size_t i = 0; names[i]; i++)
    {
      int c = cinch_cap_from_name (names[i]);
      assert_true (c >= 0);
      m |= UINT64_C (1) << c;
    }
  return m;
}

/* Every field by hand, as the built-in defaults of policy.h describe.  */
static void
policy_make (struct cinch_policy *pol, enum cinch_profile profile)
{
  static const char *const defaults[] = {
    "CAP_CHOWN",   "CAP_DAC_OVERRIDE",     "CAP_FOWNER", "CAP_FSETID",
    "CAP_KILL",    "CAP_NET_BIND_SERVICE", "CAP_SETGID", "CAP_SETUID",
    "CAP_SETPCAP", "CAP_SYS_CHROOT",       NULL
  };

  pol->profile = profile;
  pol->source = NULL;
  pol->userns_pool_first = 1000000000u;
  pol->userns_pool_slots = 1024;
  pol->allow_no_userns = false;
  pol->default_caps = caps_of (defaults);
  pol->userns_allowed_caps = 0;
  pol->tmpfs_size = cinch_xstrdup ("64m");
  pol->hook_dirs =
      strv_of ("/usr/libexec/cinch/hooks", "/usr/libexec/oci/hooks.d", "/usr/bin", "/usr/sbin",
               "/usr/libexec", "/usr/lib", "/usr/local/libexec/cinch", NULL);
  pol->bind_allow = strv_of (NULL);
  pol->unenforceable_limits_warn = false;
  pol->default_pids_limit = 4096;
}

static void
policy_free (struct cinch_policy *pol)
{
  free (pol->source);
  free (pol->tmpfs_size);
  cinch_strv_free (pol->hook_dirs);
  cinch_strv_free (pol->bind_allow);
}

/* Synthetic host: namespaces have inodes 0xF0000000 + t on device 4; the
 * config's namespace paths name other namespaces (0xE0000000 + t) unless
 * a test says otherwise; bind sources and hooks resolve to themselves,
 * owned by root.  */
static void
facts_make (struct cinch_host_facts *f, const struct cinch_plan *p)
{
  memset (f, 0, sizeof (*f));
  for (int t = 0; t < CINCH_NS_COUNT; t++)
    {
      f->host_ns[t] = (struct cinch_ns_fact){ true, 4, (ino_t) 0xF0000000u + (ino_t) t };
      if (p->linux_.ns[t].present && p->linux_.ns[t].path)
        f->config_ns[t] = (struct cinch_ns_fact){ true, 4, (ino_t) 0xE0000000u + (ino_t) t };
    }
  f->n_bind_sources = p->n_mounts;
  f->bind_sources = cinch_xcalloc (p->n_mounts + 1, sizeof (*f->bind_sources));
  for (size_t i = 0; i < p->n_mounts; i++)
    if (p->mounts[i].bind)
      f->bind_sources[i].realpath = cinch_xstrdup (p->mounts[i].source);
  for (int k = 0; k < CINCH_HOOK_KIND_COUNT; k++)
    {
      f->hooks[k] = cinch_xcalloc (p->hooks.count[k] + 1, sizeof (*f->hooks[k]));
      for (size_t i = 0; i < p->hooks.count[k]; i++)
        f->hooks[k][i].realpath = cinch_xstrdup (p->hooks.list[k][i].path);
    }
  f->state_root = cinch_xstrdup ("/run/cinch");
}

static void
facts_free (struct cinch_host_facts *f, const struct cinch_plan *p)
{
  for (size_t i = 0; i < f->n_bind_sources; i++)
    {
      free (f->bind_sources[i].realpath);
      free (f->bind_sources[i].writable_by);
    }
  free (f->bind_sources);
  for (int k = 0; k < CINCH_HOOK_KIND_COUNT; k++)
    {
      for (size_t i = 0; f->hooks[k] && i < p->hooks.count[k]; i++)
        {
          free (f->hooks[k][i].realpath);
          free (f->hooks[k][i].writable_by);
        }
      free (f->hooks[k]);
    }
  free (f->state_root);
  memset (f, 0, sizeof (*f));
}

/* ------------------------------------------------------------------ */
/* A digest of everything the policy may touch, to tell "unchanged".  */

static void
digest_strv (FILE *o, const char *name, char *const *v)
{
  fprintf (o, "%s:", name);
  for (size_t i = 0; v && v[i]; i++)
    fprintf (o, " %s", v[i]);
  fputc ('\n', o);
}

static char *
digest (const struct cinch_plan *p)
{
  char *buf = NULL;
  size_t len = 0;
  FILE *o = open_memstream (&buf, &len);
  const struct cinch_linux *lx = &p->linux_;

  assert_non_null (o);
  for (int t = 0; t < CINCH_NS_COUNT; t++)
    fprintf (o, "ns %d: %d %s %zu\n", t, lx->ns[t].present, lx->ns[t].path ? lx->ns[t].path : "-",
             lx->ns[t].index);
  for (size_t i = 0; i < lx->n_uid_mappings; i++)
    fprintf (o, "uid %u %u %u\n", lx->uid_mappings[i].container_id, lx->uid_mappings[i].host_id,
             lx->uid_mappings[i].size);
  for (size_t i = 0; i < lx->n_gid_mappings; i++)
    fprintf (o, "gid %u %u %u\n", lx->gid_mappings[i].container_id, lx->gid_mappings[i].host_id,
             lx->gid_mappings[i].size);
  for (int s = 0; s < CINCH_CAP_SET_COUNT; s++)
    fprintf (o, "caps %d %llx\n", s, (unsigned long long) p->process.caps[s]);
  fprintf (o, "nnp %d ro %d rootattr %llx idmap %d pool %d seccomp %d\n",
           p->process.no_new_privileges, p->root_readonly, (unsigned long long) p->root_attr_set,
           p->root_idmap, p->userns_from_pool, p->default_seccomp);
  for (size_t i = 0; i < p->n_mounts; i++)
    {
      const struct cinch_mount *m = &p->mounts[i];
      fprintf (o, "mount %s %s %s %d %llx %llx %llx %llx %d %d %d %d %s\n", m->destination,
               m->type ? m->type : "-", m->source ? m->source : "-", m->bind,
               (unsigned long long) m->attr_set, (unsigned long long) m->attr_clr,
               (unsigned long long) m->rattr_set, (unsigned long long) m->rattr_clr,
               (int) m->propagation, m->propagation_recursive, m->idmap, m->ridmap,
               m->data ? m->data : "-");
      digest_strv (o, " options", m->options);
    }
  digest_strv (o, "masked", lx->masked_paths);
  digest_strv (o, "readonly", lx->readonly_paths);
  fprintf (o, "resources %d pids %d %lld memory %d %lld devices %zu\n", lx->res.present,
           lx->res.has_pids_limit, (long long) lx->res.pids_limit, lx->res.has_memory_limit,
           (long long) lx->res.memory_limit, lx->res.n_device_rules);
  fclose (o);
  return buf;
}

/* ------------------------------------------------------------------ */
/* Running the policy and looking at findings.  */

typedef void (*tweak_fn) (const struct cinch_plan *p, struct cinch_host_facts *f,
                          struct cinch_policy *pol);

struct result
{
  struct cinch_plan *plan;
  struct cinch_findings out;
  int rc;
  char *before, *after;
};

static void
run_plan (struct result *r, struct cinch_plan *plan, enum cinch_profile profile, tweak_fn tweak)
{
  struct cinch_policy pol;
  struct cinch_host_facts facts;

  memset (r, 0, sizeof (*r));
  r->plan = plan;
  policy_make (&pol, profile);
  facts_make (&facts, plan);
  if (tweak)
    tweak (plan, &facts, &pol);
  r->before = digest (plan);
  r->rc = cinch_policy_apply (plan, &pol, &facts, &r->out);
  r->after = digest (plan);
  facts_free (&facts, plan);
  policy_free (&pol);
}

static void
run (struct result *r, const char *json, enum cinch_profile profile, tweak_fn tweak)
{
  run_plan (r, parse (json), profile, tweak);
}

static void
result_free (struct result *r)
{
  cinch_findings_clear (&r->out);
  cinch_plan_free (r->plan);
  free (r->before);
  free (r->after);
  memset (r, 0, sizeof (*r));
}

static char *
dump (const struct cinch_findings *out)
{
  char *s = cinch_xstrdup ("");
  for (size_t i = 0; i < out->n; i++)
    {
      char *line = cinch_finding_format (&out->v[i]);
      char *n = cinch_xasprintf ("%s\n  %s", s, line);
      free (line);
      free (s);
      s = n;
    }
  return s;
}

static const struct cinch_finding *
find (const struct cinch_findings *out, const char *rule, const char *path)
{
  for (size_t i = 0; i < out->n; i++)
    if (strcmp (out->v[i].rule, rule) == 0 && (path == NULL || strcmp (out->v[i].path, path) == 0))
      return &out->v[i];
  return NULL;
}

static size_t
count (const struct cinch_findings *out, const char *rule)
{
  size_t n = 0;
  for (size_t i = 0; i < out->n; i++)
    n += strcmp (out->v[i].rule, rule) == 0;
  return n;
}

static size_t
count_action (const struct cinch_findings *out, enum cinch_finding_action a)
{
  size_t n = 0;
  for (size_t i = 0; i < out->n; i++)
    n += out->v[i].action == a;
  return n;
}

/* The finding rule at path, with action; its message contains every one
 * of the NULL-terminated needles.  */
static const struct cinch_finding *
expect_finding (const struct cinch_findings *out, const char *rule, const char *path,
                enum cinch_finding_action action, ...)
{
  const struct cinch_finding *f = find (out, rule, path);
  va_list ap;

  if (f == NULL)
    {
      char *d = dump (out);
      fail_msg ("no %s finding at %s; findings:%s", rule, path, d);
    }
  if (f->action != action)
    fail_msg ("%s at %s is %s, expected %s", rule, path, cinch_finding_action_name (f->action),
              cinch_finding_action_name (action));
  if (f->fix == NULL || f->fix[0] == '\0')
    fail_msg ("%s at %s has no fix", rule, path);
  va_start (ap, action);
  for (const char *n = va_arg (ap, const char *); n != NULL; n = va_arg (ap, const char *))
    if (strstr (f->message, n) == NULL)
      fail_msg ("%s message \"%s\" lacks \"%s\"", rule, f->message, n);
  va_end (ap);
  return f;
}

static void
expect_no (const struct cinch_findings *out, const char *rule)
{
  if (count (out, rule) != 0)
    {
      char *d = dump (out);
      fail_msg ("unexpected %s finding:%s", rule, d);
    }
}

/* A weak config: compat warns and leaves the plan as it was, strict
 * refuses and leaves it too, hardened fixes it (returned in *h, to be
 * checked and freed by the caller).  */
static void
weak_case (char *json, tweak_fn tweak, const char *rule, const char *path, struct result *h)
{
  struct result r;

  run (&r, json, CINCH_PROFILE_COMPAT, tweak);
  expect_finding (&r.out, rule, path, CINCH_FINDING_WARNED, NULL);
  assert_int_equal (r.out.profile, CINCH_PROFILE_COMPAT);
  assert_int_equal (count_action (&r.out, CINCH_FINDING_WARNED), r.out.n);
  assert_string_equal (r.before, r.after);
  assert_int_equal (r.rc, 0);
  result_free (&r);

  run (&r, json, CINCH_PROFILE_STRICT, tweak);
  expect_finding (&r.out, rule, path, CINCH_FINDING_REFUSED, NULL);
  assert_string_equal (r.before, r.after);
  assert_int_equal (r.rc, 1);
  result_free (&r);

  run (h, json, CINCH_PROFILE_HARDENED, tweak);
  expect_finding (&h->out, rule, path, CINCH_FINDING_HARDENED, NULL);
  assert_string_not_equal (h->before, h->after);
  assert_int_equal (h->rc, 0);
  free (json);
}

/* A dangerous config: warned in compat, refused in hardened and strict;
 * the plan is never edited.  The hardened result is returned in *h.  */
static void
danger_case (char *json, tweak_fn tweak, const char *rule, const char *path, struct result *h)
{
  struct result r;

  run (&r, json, CINCH_PROFILE_COMPAT, tweak);
  expect_finding (&r.out, rule, path, CINCH_FINDING_WARNED, NULL);
  assert_int_equal (count_action (&r.out, CINCH_FINDING_WARNED), r.out.n);
  assert_string_equal (r.before, r.after);
  assert_int_equal (r.rc, 0);
  result_free (&r);

  run (&r, json, CINCH_PROFILE_STRICT, tweak);
  expect_finding (&r.out, rule, path, CINCH_FINDING_REFUSED, NULL);
  assert_int_equal (r.rc, 1);
  result_free (&r);

  run (h, json, CINCH_PROFILE_HARDENED, tweak);
  expect_finding (&h->out, rule, path, CINCH_FINDING_REFUSED, NULL);
  assert_string_equal (h->before, h->after);
  assert_int_equal (h->rc, 1);
  free (json);
}

/* json draws no finding of rule in any profile.  */
static void
accepted (char *json, tweak_fn tweak, const char *rule)
{
  for (int p = CINCH_PROFILE_COMPAT; p <= CINCH_PROFILE_STRICT; p++)
    {
      struct result r;
      run (&r, json, (enum cinch_profile) p, tweak);
      expect_no (&r.out, rule);
      result_free (&r);
    }
  free (json);
}

/* The case helpers take the config text built by cfg() and free it.  */
#define WEAK(json, tweak, rule, path, h) weak_case (json, tweak, rule, path, h)
#define DANGER(json, tweak, rule, path)                                                            \
  do                                                                                               \
    {                                                                                              \
      struct result h_;                                                                            \
      danger_case (json, tweak, rule, path, &h_);                                                  \
      result_free (&h_);                                                                           \
    }                                                                                              \
  while (0)
#define ACCEPTED(json, tweak, rule) accepted (json, tweak, rule)

static bool
has_option (const struct cinch_mount *m, const char *opt)
{
  for (size_t i = 0; m->options && m->options[i]; i++)
    if (strcmp (m->options[i], opt) == 0)
      return true;
  return false;
}

/* ------------------------------------------------------------------ */
/* The clean config.  */

static void
test_clean_config (void **state)
{
  (void) state;
  for (int p = CINCH_PROFILE_COMPAT; p <= CINCH_PROFILE_STRICT; p++)
    {
      struct result r;
      run (&r, clean, (enum cinch_profile) p, NULL);
      if (r.out.n != 0)
        {
          char *d = dump (&r.out);
          fail_msg ("profile %s: findings on the clean config:%s",
                    cinch_profile_name ((enum cinch_profile) p), d);
        }
      assert_int_equal (r.rc, 0);
      assert_int_equal (r.out.profile, p);
      assert_string_equal (r.before, r.after);
      result_free (&r);
    }
}

/* ------------------------------------------------------------------ */
/* Namespaces.  */

static void
test_userns (void **state)
{
  struct result h;
  const struct cinch_linux *lx;
  const struct cinch_mount *bind;
  (void) state;

  WEAK (cfg ("linux/namespaces", NS_NO_USER, "linux/uidMappings", NULL, "linux/gidMappings", NULL,
             "mounts",
             "[" BASE_MOUNTS ", {\"destination\": \"/data\", \"source\": \"data\","
             " \"options\": [\"rbind\", \"nosuid\", \"nodev\"]}]",
             NULL),
        NULL, "CINCH-USERNS", "linux.namespaces", &h);
  lx = &h.plan->linux_;
  assert_true (lx->ns[CINCH_NS_USER].present);
  assert_null (lx->ns[CINCH_NS_USER].path);
  assert_int_equal (lx->ns[CINCH_NS_USER].index, 6);
  assert_int_equal (lx->n_uid_mappings, 1);
  assert_int_equal (lx->n_gid_mappings, 1);
  assert_int_equal (lx->uid_mappings[0].container_id, 0);
  assert_int_equal (lx->uid_mappings[0].host_id, 1000000000u);
  assert_int_equal (lx->uid_mappings[0].size, 65536);
  assert_memory_equal (&lx->uid_mappings[0], &lx->gid_mappings[0], sizeof (lx->uid_mappings[0]));
  assert_true (h.plan->userns_from_pool);
  assert_true (h.plan->root_idmap);
  bind = &h.plan->mounts[N_BASE_MOUNTS];
  assert_string_equal (bind->source, "/b/data");
  assert_true (bind->idmap);
  assert_true (bind->recursive);
  assert_true (has_option (bind, "idmap"));
  for (size_t i = 0; i < N_BASE_MOUNTS; i++)
    assert_false (h.plan->mounts[i].idmap || has_option (&h.plan->mounts[i], "idmap"));
  /* the new namespace makes CAP_* of the config its own: nothing else */
  expect_no (&h.out, "CINCH-CAP-SYSADMIN");
  result_free (&h);

  ACCEPTED (cinch_xstrdup (clean), NULL, "CINCH-USERNS");
  /* Joining a user namespace (not the host's) is not "no user namespace". */
  ACCEPTED (cfg ("linux/namespaces",
                 "[{\"type\": \"pid\"}, {\"type\": \"ipc\"}, {\"type\": \"uts\"},"
                 " {\"type\": \"mount\"}, {\"type\": \"network\"}, {\"type\": \"cgroup\"},"
                 " {\"type\": \"user\", \"path\": \"/proc/77/ns/user\"}]",
                 "linux/uidMappings", NULL, "linux/gidMappings", NULL, NULL),
            NULL, "CINCH-USERNS");
}

/* A bind mount with its own idmap keeps it as it is.  */
static void
test_userns_keeps_own_idmap (void **state)
{
  struct result h;
  char *json = cfg ("linux/namespaces", NS_NO_USER, "linux/uidMappings", NULL, "linux/gidMappings",
                    NULL, "mounts",
                    "[" BASE_MOUNTS ", {\"destination\": \"/data\", \"source\": \"/srv/data\","
                    " \"options\": [\"bind\", \"ridmap\", \"nosuid\", \"nodev\"]}]",
                    NULL);
  (void) state;

  run (&h, json, CINCH_PROFILE_HARDENED, NULL);
  expect_finding (&h.out, "CINCH-USERNS", "linux.namespaces", CINCH_FINDING_HARDENED, NULL);
  assert_true (h.plan->mounts[N_BASE_MOUNTS].ridmap);
  assert_false (h.plan->mounts[N_BASE_MOUNTS].idmap);
  assert_int_equal (cinch_strv_len (h.plan->mounts[N_BASE_MOUNTS].options), 4);
  result_free (&h);
  free (json);
}

static void
test_ns_cgroup (void **state)
{
  struct result h;
  (void) state;

  WEAK (
      cfg ("linux/namespaces",
           "[{\"type\": \"pid\"}, {\"type\": \"ipc\"}, {\"type\": \"uts\"}, {\"type\": \"mount\"},"
           " {\"type\": \"network\"}, {\"type\": \"user\"}]",
           NULL),
      NULL, "CINCH-NS-CGROUP", "linux.namespaces", &h);
  assert_true (h.plan->linux_.ns[CINCH_NS_CGROUP].present);
  assert_null (h.plan->linux_.ns[CINCH_NS_CGROUP].path);
  assert_int_equal (h.plan->linux_.ns[CINCH_NS_CGROUP].index, 6);
  assert_int_equal (h.plan->linux_.ns[CINCH_NS_USER].index, 5);
  result_free (&h);
  ACCEPTED (cinch_xstrdup (clean), NULL, "CINCH-NS-CGROUP");
}

/* Neither user nor cgroup: both added, after the config's entries, in the
 * order the rules run.  */
static void
test_ns_added_indexes (void **state)
{
  struct result h;
  char *json = cfg ("linux/namespaces",
                    "[{\"type\": \"mount\"}, {\"type\": \"pid\"}, {\"type\": \"network\"},"
                    " {\"type\": \"ipc\"}, {\"type\": \"uts\"}]",
                    "linux/uidMappings", NULL, "linux/gidMappings", NULL, NULL);
  (void) state;

  run (&h, json, CINCH_PROFILE_HARDENED, NULL);
  assert_int_equal (h.plan->linux_.ns[CINCH_NS_MNT].index, 0);
  assert_int_equal (h.plan->linux_.ns[CINCH_NS_UTS].index, 4);
  assert_int_equal (h.plan->linux_.ns[CINCH_NS_USER].index, 5);
  assert_int_equal (h.plan->linux_.ns[CINCH_NS_CGROUP].index, 6);
  result_free (&h);
  free (json);
}

static void
host_net (const struct cinch_plan *p, struct cinch_host_facts *f, struct cinch_policy *pol)
{
  (void) p;
  (void) pol;
  f->config_ns[CINCH_NS_NET] = f->host_ns[CINCH_NS_NET];
}

static enum cinch_ns_type host_type;

static void
host_any (const struct cinch_plan *p, struct cinch_host_facts *f, struct cinch_policy *pol)
{
  (void) p;
  (void) pol;
  f->config_ns[host_type] = f->host_ns[host_type];
}

/* The namespace's path is unknown to the facts (stat failed): not proven
 * to be the host's.  */
static void
unknown_net (const struct cinch_plan *p, struct cinch_host_facts *f, struct cinch_policy *pol)
{
  (void) p;
  (void) pol;
  f->config_ns[CINCH_NS_NET].known = false;
}

static void
test_ns_host (void **state)
{
  static const struct
  {
    enum cinch_ns_type t;
    const char *type, *rule;
  } cases[] = {
    { CINCH_NS_PID, "pid", "CINCH-NS-HOST-PID" },
    { CINCH_NS_NET, "network", "CINCH-NS-HOST-NET" },
    { CINCH_NS_MNT, "mount", "CINCH-NS-HOST-MNT" },
    { CINCH_NS_IPC, "ipc", "CINCH-NS-HOST-IPC" },
    { CINCH_NS_UTS, "uts", "CINCH-NS-HOST-UTS" },
    { CINCH_NS_USER, "user", "CINCH-NS-HOST-USER" },
    { CINCH_NS_CGROUP, "cgroup", "CINCH-NS-HOST-CGROUP" },
  };
  struct result h;
  (void) state;

  /* Every type, as the last entry (index 6) with a path that is the
   * host's.  */
  for (size_t i = 0; i < CINCH_ARRAY_SIZE (cases); i++)
    {
      char *ns = cinch_xstrdup ("[");
      for (size_t k = 0; k < CINCH_ARRAY_SIZE (cases); k++)
        if (k != i)
          {
            char *n = cinch_xasprintf ("%s{\"type\": \"%s\"}, ", ns, cases[k].type);
            free (ns);
            ns = n;
          }
      {
        char *n = cinch_xasprintf ("%s{\"type\": \"%s\", \"path\": \"/proc/1/ns/x\"}]", ns,
                                   cases[i].type);
        free (ns);
        ns = n;
      }
      host_type = cases[i].t;
      danger_case (cfg ("linux/namespaces", ns, NULL), host_any, cases[i].rule,
                   "linux.namespaces[6].path", &h);
      expect_finding (&h.out, cases[i].rule, "linux.namespaces[6].path", CINCH_FINDING_REFUSED,
                      cases[i].type, "\"/proc/1/ns/x\"", "host", NULL);
      result_free (&h);
      free (ns);
    }

  /* A path naming another namespace, or one the facts could not stat.  */
  ACCEPTED (cfg ("linux/namespaces",
                 "[{\"type\": \"pid\"}, {\"type\": \"network\", \"path\": \"/run/netns/a\"},"
                 " {\"type\": \"ipc\"}, {\"type\": \"uts\"}, {\"type\": \"mount\"},"
                 " {\"type\": \"cgroup\"}, {\"type\": \"user\"}]",
                 NULL),
            NULL, "CINCH-NS-HOST-NET");
  ACCEPTED (cfg ("linux/namespaces",
                 "[{\"type\": \"pid\"}, {\"type\": \"network\", \"path\": \"/run/netns/a\"},"
                 " {\"type\": \"ipc\"}, {\"type\": \"uts\"}, {\"type\": \"mount\"},"
                 " {\"type\": \"cgroup\"}, {\"type\": \"user\"}]",
                 NULL),
            unknown_net, "CINCH-NS-HOST-NET");
  /* Real index of the entry: network is linux.namespaces[1].  */
  DANGER (cfg ("linux/namespaces",
               "[{\"type\": \"pid\"}, {\"type\": \"network\", \"path\": \"/proc/1/ns/net\"},"
               " {\"type\": \"ipc\"}, {\"type\": \"uts\"}, {\"type\": \"mount\"},"
               " {\"type\": \"cgroup\"}, {\"type\": \"user\"}]",
               NULL),
          host_net, "CINCH-NS-HOST-NET", "linux.namespaces[1].path");
}

/* No pid, ipc, uts or network entry: the host's.  */
static void
test_ns_missing (void **state)
{
  struct result h;
  (void) state;

  danger_case (cfg ("linux/namespaces",
                    "[{\"type\": \"mount\"}, {\"type\": \"cgroup\"}, {\"type\": \"user\"}]", NULL),
               NULL, "CINCH-NS-HOST-PID", "linux.namespaces", &h);
  expect_finding (&h.out, "CINCH-NS-HOST-PID", "linux.namespaces", CINCH_FINDING_REFUSED, "pid",
                  NULL);
  expect_finding (&h.out, "CINCH-NS-HOST-IPC", "linux.namespaces", CINCH_FINDING_REFUSED, "ipc",
                  NULL);
  expect_finding (&h.out, "CINCH-NS-HOST-UTS", "linux.namespaces", CINCH_FINDING_REFUSED, "uts",
                  NULL);
  expect_finding (&h.out, "CINCH-NS-HOST-NET", "linux.namespaces", CINCH_FINDING_REFUSED, "network",
                  NULL);
  expect_no (&h.out, "CINCH-NS-HOST-MNT");
  result_free (&h);
}

/* ------------------------------------------------------------------ */
/* Capabilities.  */

static void
test_caps_default (void **state)
{
  struct result h;
  const struct cinch_process *p;
  const struct cinch_finding *f;
  uint64_t raw = UINT64_C (1) << cinch_cap_from_name ("CAP_NET_RAW");
  uint64_t nice = UINT64_C (1) << cinch_cap_from_name ("CAP_SYS_NICE");
  uint64_t chown = UINT64_C (1) << cinch_cap_from_name ("CAP_CHOWN");
  (void) state;

  WEAK (cfg ("process/capabilities/bounding", "[\"CAP_CHOWN\", \"CAP_NET_RAW\"]",
             "process/capabilities/permitted", "[\"CAP_CHOWN\", \"CAP_NET_RAW\"]",
             "process/capabilities/effective", "[\"CAP_CHOWN\", \"CAP_SYS_NICE\"]", NULL),
        NULL, "CINCH-CAP-DEFAULT", "process.capabilities.bounding", &h);
  assert_int_equal (count (&h.out, "CINCH-CAP-DEFAULT"), 2);
  f = expect_finding (&h.out, "CINCH-CAP-DEFAULT", "process.capabilities.bounding",
                      CINCH_FINDING_HARDENED, "CAP_NET_RAW (in bounding, permitted)", NULL);
  assert_non_null (strstr (f->message, "removed"));
  expect_finding (&h.out, "CINCH-CAP-DEFAULT", "process.capabilities.effective",
                  CINCH_FINDING_HARDENED, "CAP_SYS_NICE", NULL);
  p = &h.plan->process;
  assert_int_equal (p->caps[CINCH_CAP_BOUNDING], chown);
  assert_int_equal (p->caps[CINCH_CAP_PERMITTED], chown);
  assert_int_equal (p->caps[CINCH_CAP_EFFECTIVE], chown);
  assert_false ((p->caps[CINCH_CAP_BOUNDING] | p->caps[CINCH_CAP_EFFECTIVE]) & (raw | nice));
  result_free (&h);

  /* Every default capability is accepted.  */
  ACCEPTED (cfg ("process/capabilities/bounding",
                 "[\"CAP_CHOWN\", \"CAP_DAC_OVERRIDE\", \"CAP_FOWNER\", \"CAP_FSETID\","
                 " \"CAP_KILL\", \"CAP_NET_BIND_SERVICE\", \"CAP_SETGID\", \"CAP_SETUID\","
                 " \"CAP_SETPCAP\", \"CAP_SYS_CHROOT\"]",
                 NULL),
            NULL, "CINCH-CAP-DEFAULT");
}

static const struct
{
  const char *cap, *rule;
} host_caps[] = {
  { "CAP_SYS_ADMIN", "CINCH-CAP-SYSADMIN" },
  { "CAP_SYS_MODULE", "CINCH-CAP-SYSMODULE" },
  { "CAP_SYS_RAWIO", "CINCH-CAP-SYSRAWIO" },
  { "CAP_SYS_PTRACE", "CINCH-CAP-SYSPTRACE" },
  { "CAP_SYS_BOOT", "CINCH-CAP-SYSBOOT" },
  { "CAP_SYS_TIME", "CINCH-CAP-SYSTIME" },
  { "CAP_MAC_ADMIN", "CINCH-CAP-MACADMIN" },
  { "CAP_MAC_OVERRIDE", "CINCH-CAP-MACOVERRIDE" },
  { "CAP_BPF", "CINCH-CAP-BPF" },
  { "CAP_PERFMON", "CINCH-CAP-PERFMON" },
  { "CAP_DAC_READ_SEARCH", "CINCH-CAP-DACREADSEARCH" },
  { "CAP_NET_ADMIN", "CINCH-CAP-NETADMIN" },
  { "CAP_SYSLOG", "CINCH-CAP-SYSLOG" },
  { "CAP_AUDIT_CONTROL", "CINCH-CAP-AUDITCONTROL" },
  { "CAP_CHECKPOINT_RESTORE", "CINCH-CAP-CHECKPOINTRESTORE" },
};

static void
allow_sysadmin (const struct cinch_plan *p, struct cinch_host_facts *f, struct cinch_policy *pol)
{
  (void) p;
  (void) f;
  pol->userns_allowed_caps = UINT64_C (1) << cinch_cap_from_name ("CAP_SYS_ADMIN");
}

static void
test_caps_host (void **state)
{
  struct result h;
  uint64_t sysadmin = UINT64_C (1) << cinch_cap_from_name ("CAP_SYS_ADMIN");
  char *cfg_tmp;
  (void) state;

  /* Each capability has its own rule; the path is the first set (in
   * config order) that holds it.  */
  for (size_t i = 0; i < CINCH_ARRAY_SIZE (host_caps); i++)
    {
      char *list = cinch_xasprintf ("[\"CAP_CHOWN\", \"%s\"]", host_caps[i].cap);
      danger_case (
          cfg ("process/capabilities/bounding", list, "process/capabilities/permitted", list, NULL),
          NULL, host_caps[i].rule, "process.capabilities.bounding", &h);
      expect_finding (&h.out, host_caps[i].rule, "process.capabilities.bounding",
                      CINCH_FINDING_REFUSED, host_caps[i].cap, "bounding, permitted", NULL);
      assert_int_equal (count (&h.out, host_caps[i].rule), 1);
      /* never counted as a mere non-default capability */
      expect_no (&h.out, "CINCH-CAP-DEFAULT");
      result_free (&h);
      free (list);
    }

  /* In ambient only: the path is that set's (and CINCH-CAP-INHERITABLE
   * empties it in hardened).  */
  run (&h, cfg_tmp = cfg ("process/capabilities/ambient", "[\"CAP_BPF\"]", NULL),
       CINCH_PROFILE_HARDENED, NULL);
  expect_finding (&h.out, "CINCH-CAP-BPF", "process.capabilities.ambient", CINCH_FINDING_REFUSED,
                  "CAP_BPF (in ambient)", NULL);
  expect_finding (&h.out, "CINCH-CAP-INHERITABLE", "process.capabilities.ambient",
                  CINCH_FINDING_HARDENED, NULL);
  result_free (&h);
  free (cfg_tmp);

  /* Own user namespace and userns-allowed-capabilities: kept, also through
   * CINCH-CAP-DEFAULT.  */
  {
    char *json = cfg ("process/capabilities/bounding", "[\"CAP_CHOWN\", \"CAP_SYS_ADMIN\"]", NULL);
    for (int p = CINCH_PROFILE_COMPAT; p <= CINCH_PROFILE_STRICT; p++)
      {
        run (&h, json, (enum cinch_profile) p, allow_sysadmin);
        assert_int_equal (h.out.n, 0);
        assert_true (h.plan->process.caps[CINCH_CAP_BOUNDING] & sysadmin);
        result_free (&h);
      }
    /* Without the allowance: refused, naming the allowance.  */
    run (&h, json, CINCH_PROFILE_HARDENED, NULL);
    expect_finding (&h.out, "CINCH-CAP-SYSADMIN", "process.capabilities.bounding",
                    CINCH_FINDING_REFUSED, "userns-allowed-capabilities", NULL);
    result_free (&h);
    free (json);
  }

  /* No user namespace in the config: hardened adds one, which makes the
   * allowance apply; strict adds none, so it is refused.  */
  {
    char *json =
        cfg ("linux/namespaces", NS_NO_USER, "linux/uidMappings", NULL, "linux/gidMappings", NULL,
             "process/capabilities/bounding", "[\"CAP_SYS_ADMIN\"]", NULL);
    run (&h, json, CINCH_PROFILE_HARDENED, allow_sysadmin);
    expect_finding (&h.out, "CINCH-USERNS", "linux.namespaces", CINCH_FINDING_HARDENED, NULL);
    expect_no (&h.out, "CINCH-CAP-SYSADMIN");
    expect_no (&h.out, "CINCH-CAP-DEFAULT");
    assert_int_equal (h.plan->process.caps[CINCH_CAP_BOUNDING], sysadmin);
    result_free (&h);
    run (&h, json, CINCH_PROFILE_STRICT, allow_sysadmin);
    expect_finding (&h.out, "CINCH-CAP-SYSADMIN", "process.capabilities.bounding",
                    CINCH_FINDING_REFUSED, "without a user namespace", NULL);
    result_free (&h);
    run (&h, json, CINCH_PROFILE_COMPAT, allow_sysadmin);
    expect_finding (&h.out, "CINCH-CAP-SYSADMIN", "process.capabilities.bounding",
                    CINCH_FINDING_WARNED, NULL);
    result_free (&h);
    free (json);
  }

  /* A joined user namespace is not the container's own.  */
  {
    char *json = cfg ("linux/namespaces",
                      "[{\"type\": \"pid\"}, {\"type\": \"ipc\"}, {\"type\": \"uts\"},"
                      " {\"type\": \"mount\"}, {\"type\": \"network\"}, {\"type\": \"cgroup\"},"
                      " {\"type\": \"user\", \"path\": \"/proc/77/ns/user\"}]",
                      "linux/uidMappings", NULL, "linux/gidMappings", NULL,
                      "process/capabilities/effective", "[\"CAP_SYS_ADMIN\"]", NULL);
    run (&h, json, CINCH_PROFILE_HARDENED, allow_sysadmin);
    expect_finding (&h.out, "CINCH-CAP-SYSADMIN", "process.capabilities.effective",
                    CINCH_FINDING_REFUSED, NULL);
    result_free (&h);
    free (json);
  }
}

static void
test_caps_inheritable (void **state)
{
  struct result h;
  (void) state;

  WEAK (cfg ("process/capabilities/inheritable", "[\"CAP_CHOWN\", \"CAP_KILL\"]",
             "process/capabilities/ambient", "[\"CAP_KILL\"]", NULL),
        NULL, "CINCH-CAP-INHERITABLE", "process.capabilities.inheritable", &h);
  expect_finding (&h.out, "CINCH-CAP-INHERITABLE", "process.capabilities.inheritable",
                  CINCH_FINDING_HARDENED, "CAP_CHOWN CAP_KILL", NULL);
  expect_finding (&h.out, "CINCH-CAP-INHERITABLE", "process.capabilities.ambient",
                  CINCH_FINDING_HARDENED, "CAP_KILL", NULL);
  assert_int_equal (h.plan->process.caps[CINCH_CAP_INHERITABLE], 0);
  assert_int_equal (h.plan->process.caps[CINCH_CAP_AMBIENT], 0);
  /* the other sets are left alone */
  assert_int_not_equal (h.plan->process.caps[CINCH_CAP_BOUNDING], 0);
  result_free (&h);
  ACCEPTED (cfg ("process/capabilities/inheritable", "[]", NULL), NULL, "CINCH-CAP-INHERITABLE");
}

/* ------------------------------------------------------------------ */
/* The process.  */

static void
test_nnp (void **state)
{
  struct result h;
  (void) state;

  WEAK (cfg ("process/noNewPrivileges", "false", NULL), NULL, "CINCH-NNP",
        "process.noNewPrivileges", &h);
  assert_true (h.plan->process.no_new_privileges);
  result_free (&h);
  WEAK (cfg ("process/noNewPrivileges", NULL, NULL), NULL, "CINCH-NNP", "process.noNewPrivileges",
        &h);
  assert_true (h.plan->process.no_new_privileges);
  result_free (&h);
  ACCEPTED (cinch_xstrdup (clean), NULL, "CINCH-NNP");
}

static void
test_apparmor (void **state)
{
  struct result h;
  (void) state;

  danger_case (cfg ("process/apparmorProfile", "\"unconfined\"", NULL), NULL,
               "CINCH-APPARMOR-UNCONFINED", "process.apparmorProfile", &h);
  expect_finding (&h.out, "CINCH-APPARMOR-UNCONFINED", "process.apparmorProfile",
                  CINCH_FINDING_REFUSED, "\"unconfined\"", NULL);
  result_free (&h);
  ACCEPTED (cfg ("process/apparmorProfile", "\"docker-default\"", NULL), NULL,
            "CINCH-APPARMOR-UNCONFINED");
}

static void
test_oom (void **state)
{
  struct result h;
  (void) state;

  danger_case (cfg ("process/oomScoreAdj", "-500", NULL), NULL, "CINCH-OOM-NEGATIVE",
               "process.oomScoreAdj", &h);
  expect_finding (&h.out, "CINCH-OOM-NEGATIVE", "process.oomScoreAdj", CINCH_FINDING_REFUSED,
                  "-500", NULL);
  result_free (&h);
  ACCEPTED (cfg ("process/oomScoreAdj", "0", NULL), NULL, "CINCH-OOM-NEGATIVE");
  ACCEPTED (cfg ("process/oomScoreAdj", "999", NULL), NULL, "CINCH-OOM-NEGATIVE");
}

/* ------------------------------------------------------------------ */
/* The rootfs.  */

static void
test_rootfs_nosuid (void **state)
{
  struct result h;
  (void) state;

  WEAK (cfg ("annotations/run.cinch.rootfs.options", NULL, NULL), NULL, "CINCH-MOUNT-NOSUID",
        "root", &h);
  assert_int_equal (h.plan->root_attr_set, MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV);
  result_free (&h);
  ACCEPTED (cinch_xstrdup (clean), NULL, "CINCH-MOUNT-NOSUID");
}

static void
test_rootfs_readonly (void **state)
{
  struct result h;
  (void) state;

  WEAK (cfg ("root/readonly", "false", NULL), NULL, "CINCH-ROOTFS-READONLY", "root.readonly", &h);
  assert_true (h.plan->root_readonly);
  result_free (&h);
  ACCEPTED (cinch_xstrdup (clean), NULL, "CINCH-ROOTFS-READONLY");
}

/* ------------------------------------------------------------------ */
/* Mounts.  */

static void
test_bind_nosuid (void **state)
{
  struct result h;
  const struct cinch_mount *m;
  size_t n;
  (void) state;

  WEAK (cfg ("mounts",
             "[" BASE_MOUNTS ", {\"destination\": \"/data\", \"source\": \"/srv/data\","
             " \"options\": [\"rbind\", \"suid\", \"rw\"]},"
             " {\"destination\": \"/cfg\", \"source\": \"/srv/cfg\", \"type\": \"bind\","
             " \"options\": [\"ro\", \"nosuid\"]}]",
             NULL),
        NULL, "CINCH-MOUNT-NOSUID", "mounts[5].options", &h);
  expect_finding (&h.out, "CINCH-MOUNT-NOSUID", "mounts[5].options", CINCH_FINDING_HARDENED,
                  "\"/data\"", "nosuid and nodev", NULL);
  expect_finding (&h.out, "CINCH-MOUNT-NOSUID", "mounts[6].options", CINCH_FINDING_HARDENED,
                  "\"/cfg\"", "nodev", NULL);
  /* "suid" came first: the appended "nosuid" wins, as in mount(8).  */
  m = &h.plan->mounts[5];
  n = cinch_strv_len (m->options);
  assert_int_equal (n, 5);
  assert_string_equal (m->options[3], "nosuid");
  assert_string_equal (m->options[4], "nodev");
  assert_int_equal (m->attr_set & (MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV),
                    MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV);
  assert_false (m->attr_clr & MOUNT_ATTR_NOSUID);
  assert_true (m->bind && m->recursive);
  /* only the missing word is added */
  m = &h.plan->mounts[6];
  assert_int_equal (cinch_strv_len (m->options), 3);
  assert_string_equal (m->options[2], "nodev");
  assert_true (m->attr_set & MOUNT_ATTR_RDONLY);
  /* not a bind: not this rule's (tmpfs at /var/tmp lacks nosuid) */
  assert_int_equal (count (&h.out, "CINCH-MOUNT-NOSUID"), 2);
  result_free (&h);

  /* The recursive forms count.  */
  ACCEPTED (cfg ("mounts",
                 "[" BASE_MOUNTS ", {\"destination\": \"/data\", \"source\": \"/srv/data\","
                 " \"options\": [\"rbind\", \"rnosuid\", \"rnodev\"]}]",
                 NULL),
            NULL, "CINCH-MOUNT-NOSUID");
}

static void
test_sysfs_ro (void **state)
{
  struct result h;
  const struct cinch_mount *m;
  (void) state;

  WEAK (
      cfg (
          "mounts",
          "[{\"destination\": \"/proc\", \"type\": \"proc\", \"source\": \"proc\"},"
          " {\"destination\": \"/tmp\", \"type\": \"tmpfs\", \"source\": \"tmpfs\"},"
          " {\"destination\": \"/var/tmp\", \"type\": \"tmpfs\", \"source\": \"tmpfs\"},"
          " {\"destination\": \"/run\", \"type\": \"tmpfs\", \"source\": \"tmpfs\"},"
          " {\"destination\": \"/sys\", \"type\": \"sysfs\", \"source\": \"sysfs\","
          "  \"options\": [\"nosuid\", \"rw\"]},"
          " {\"destination\": \"/sys/fs/cgroup\", \"type\": \"cgroup2\", \"source\": \"cgroup\"},"
          " {\"destination\": \"/sys/fs/cgroup/cpu\", \"type\": \"cgroup\", \"source\": \"cgroup\","
          "  \"options\": [\"ro\", \"cpu\"]}]",
          NULL),
      NULL, "CINCH-SYSFS-RO", "mounts[4].options", &h);
  expect_finding (&h.out, "CINCH-SYSFS-RO", "mounts[4].options", CINCH_FINDING_HARDENED, "sysfs",
                  "\"/sys\"", NULL);
  expect_finding (&h.out, "CINCH-SYSFS-RO", "mounts[5].options", CINCH_FINDING_HARDENED, "cgroup2",
                  NULL);
  assert_int_equal (count (&h.out, "CINCH-SYSFS-RO"), 2);
  m = &h.plan->mounts[4];
  assert_int_equal (cinch_strv_len (m->options), 3);
  assert_string_equal (m->options[2], "ro");
  assert_true (m->attr_set & MOUNT_ATTR_RDONLY);
  assert_false (m->attr_clr & MOUNT_ATTR_RDONLY);
  assert_true (m->attr_set & MOUNT_ATTR_NOSUID);
  m = &h.plan->mounts[5];
  assert_int_equal (cinch_strv_len (m->options), 1);
  assert_true (m->attr_set & MOUNT_ATTR_RDONLY);
  /* the fs data of the v1 mount is left alone */
  assert_string_equal (h.plan->mounts[6].data, "cpu");
  result_free (&h);
  ACCEPTED (cinch_xstrdup (clean), NULL, "CINCH-SYSFS-RO");
}

static void
test_tmpfs (void **state)
{
  struct result h;
  const struct cinch_mount *m;
  (void) state;

  /* /var/tmp and /run missing; a bind at /run/secrets must stay visible
   * over the new /run, so that tmpfs goes before it.  */
  WEAK (cfg ("mounts",
             "[{\"destination\": \"/proc\", \"type\": \"proc\", \"source\": \"proc\"},"
             " {\"destination\": \"/tmp\", \"type\": \"tmpfs\", \"source\": \"tmpfs\"},"
             " {\"destination\": \"/run/secrets\", \"source\": \"/srv/s\","
             "  \"options\": [\"bind\", \"nosuid\", \"nodev\"]}]",
             NULL),
        NULL, "CINCH-TMPFS", "mounts", &h);
  assert_int_equal (count (&h.out, "CINCH-TMPFS"), 2);
  expect_finding (&h.out, "CINCH-TMPFS", "mounts", CINCH_FINDING_HARDENED, "/var/tmp", NULL);
  assert_non_null (strstr (h.out.v[h.out.n - 1].message, "/run"));
  assert_int_equal (h.plan->n_mounts, 5);
  assert_string_equal (h.plan->mounts[2].destination, "/run");
  assert_string_equal (h.plan->mounts[3].destination, "/run/secrets");
  assert_string_equal (h.plan->mounts[4].destination, "/var/tmp");

  m = &h.plan->mounts[4];
  assert_string_equal (m->type, "tmpfs");
  assert_string_equal (m->source, "tmpfs");
  assert_int_equal (cinch_strv_len (m->options), 5);
  assert_string_equal (m->options[0], "noexec");
  assert_string_equal (m->options[1], "nosuid");
  assert_string_equal (m->options[2], "nodev");
  assert_string_equal (m->options[3], "mode=1777");
  assert_string_equal (m->options[4], "size=64m");
  assert_int_equal (m->attr_set, MOUNT_ATTR_NOEXEC | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV);
  assert_string_equal (m->data, "mode=1777,size=64m");
  assert_false (m->bind);
  m = &h.plan->mounts[2];
  assert_string_equal (m->options[3], "mode=755");
  assert_string_equal (m->data, "mode=755,size=64m");
  result_free (&h);

  ACCEPTED (cinch_xstrdup (clean), NULL, "CINCH-TMPFS");
  /* Any mount there counts (a volume).  */
  ACCEPTED (cfg ("mounts",
                 "[{\"destination\": \"/proc\", \"type\": \"proc\", \"source\": \"proc\"},"
                 " {\"destination\": \"/tmp\", \"source\": \"/srv/t\", \"options\": [\"bind\"]},"
                 " {\"destination\": \"/var/tmp\", \"type\": \"tmpfs\", \"source\": \"tmpfs\"},"
                 " {\"destination\": \"/run\", \"type\": \"tmpfs\", \"source\": \"tmpfs\"}]",
                 NULL),
            NULL, "CINCH-TMPFS");
}

static void
tmpfs_size (const struct cinch_plan *p, struct cinch_host_facts *f, struct cinch_policy *pol)
{
  (void) p;
  (void) f;
  free (pol->tmpfs_size);
  pol->tmpfs_size = cinch_xstrdup ("1g");
}

static void
test_tmpfs_size (void **state)
{
  struct result h;
  char *json = cfg ("mounts", "[]", NULL);
  (void) state;

  run (&h, json, CINCH_PROFILE_HARDENED, tmpfs_size);
  assert_int_equal (h.plan->n_mounts, 3);
  for (size_t i = 0; i < 3; i++)
    assert_string_equal (h.plan->mounts[i].options[4], "size=1g");
  assert_non_null (strstr (h.out.v[h.out.n - 1].message, "size=1g"));
  result_free (&h);
  free (json);
}

/* facts: mounts[5] resolves to `resolved_to`.  */
static const char *resolved_to;

static void
resolve5 (const struct cinch_plan *p, struct cinch_host_facts *f, struct cinch_policy *pol)
{
  (void) p;
  (void) pol;
  free (f->bind_sources[5].realpath);
  f->bind_sources[5].realpath = resolved_to ? cinch_xstrdup (resolved_to) : NULL;
  f->bind_sources[5].err = resolved_to ? 0 : ENOENT;
}

static void
allow_etc_ssl (const struct cinch_plan *p, struct cinch_host_facts *f, struct cinch_policy *pol)
{
  (void) p;
  (void) f;
  cinch_strv_free (pol->bind_allow);
  pol->bind_allow = strv_of ("/etc/ssl", NULL);
}

static char *
bind_of (const char *source)
{
  char *m = cinch_xasprintf ("[" BASE_MOUNTS ", {\"destination\": \"/x\", \"source\": \"%s\","
                             " \"options\": [\"rbind\", \"nosuid\", \"nodev\"]}]",
                             source);
  char *json = cfg ("mounts", m, NULL);
  free (m);
  return json;
}

static void
test_mount_sensitive (void **state)
{
  static const char *const refused[] = {
    "/",
    "/etc",
    "/etc/shadow",            /* inside /etc */
    "/var",                   /* a parent of /var/lib/docker */
    "/var/lib",               /* a parent of /var/lib/kubelet, ... */
    "/run",                   /* a parent of /run/containerd */
    "/usr",                   /* a parent of /usr/lib/modules */
    "/var/lib/docker",        /* equal */
    "/var/run/docker.sock",   /* equal (a host where /var/run is no symlink) */
    "/run/docker.sock",       /* equal and inside */
    "/var/lib/kubelet/pki/k", /* inside */
    "/run/podman/x",          /* inside */
    "/run/crio/crio.sock",    /* equal */
    "/dev/sda",               /* inside */
    "/proc/1/root",           /* inside */
    "/sys/kernel",            /* inside */
    "/lib/modules/6.1",       /* inside */
    "/run/cinch",             /* the state root */
    "/run/cinch/ctr/state.json",
    "/srv/../etc", /* unresolved, cleaned lexically */
  };
  static const char *const allowed[] = {
    "/srv/data",
    "/var/lib/docker/containers/abc/hostname",
    "/var/lib/containers/storage/overlay-containers/abc/userdata/resolv.conf",
    "/run/containerd/io.containerd.grpc.v1.cri/sandboxes/abc/hosts",
    "/var/lib/kubelet/pods/abc/volumes/x",
    "/etc2",
    "/home/user/proc",
  };
  struct result h;
  (void) state;

  for (size_t i = 0; i < CINCH_ARRAY_SIZE (refused); i++)
    {
      char *json = bind_of (refused[i]);
      resolved_to = strcmp (refused[i], "/srv/../etc") == 0 ? NULL : refused[i];
      danger_case (json, resolve5, "CINCH-MOUNT-SENSITIVE", "mounts[5].source", &h);
      expect_finding (&h.out, "CINCH-MOUNT-SENSITIVE", "mounts[5].source", CINCH_FINDING_REFUSED,
                      refused[i], NULL);
      result_free (&h);
    }
  for (size_t i = 0; i < CINCH_ARRAY_SIZE (allowed); i++)
    {
      resolved_to = allowed[i];
      ACCEPTED (bind_of (allowed[i]), resolve5, "CINCH-MOUNT-SENSITIVE");
    }

  /* The resolved path decides, and the message names both.  */
  resolved_to = "/etc/kubernetes";
  danger_case (bind_of ("/srv/link"), resolve5, "CINCH-MOUNT-SENSITIVE", "mounts[5].source", &h);
  expect_finding (&h.out, "CINCH-MOUNT-SENSITIVE", "mounts[5].source", CINCH_FINDING_REFUSED,
                  "\"/srv/link\"", "resolves to \"/etc/kubernetes\"", "inside", "/etc", NULL);
  result_free (&h);
  resolved_to = "/var";
  danger_case (bind_of ("/srv/v"), resolve5, "CINCH-MOUNT-SENSITIVE", "mounts[5].source", &h);
  expect_finding (&h.out, "CINCH-MOUNT-SENSITIVE", "mounts[5].source", CINCH_FINDING_REFUSED,
                  "a parent of the sensitive host path /var/lib/kubelet", NULL);
  result_free (&h);

  /* bind-allow exempts the source and what is below it.  */
  ACCEPTED (bind_of ("/etc/ssl/certs"), allow_etc_ssl, "CINCH-MOUNT-SENSITIVE");
  DANGER (bind_of ("/etc/passwd"), allow_etc_ssl, "CINCH-MOUNT-SENSITIVE", "mounts[5].source");
  /* Not a bind mount: not this rule's.  */
  ACCEPTED (cfg ("mounts",
                 "[" BASE_MOUNTS ", {\"destination\": \"/x\", \"type\": \"tmpfs\","
                 " \"source\": \"/etc\"}]",
                 NULL),
            NULL, "CINCH-MOUNT-SENSITIVE");
}

static char *
mount_at (const char *dest, const char *type, const char *source, const char *options)
{
  char *m = cinch_xasprintf ("[" BASE_MOUNTS ", {\"destination\": \"%s\", \"type\": \"%s\","
                             " \"source\": \"%s\", \"options\": %s}]",
                             dest, type, source, options);
  char *json = cfg ("mounts", m, NULL);
  free (m);
  return json;
}

static void
test_mount_proc (void **state)
{
  static const char *const lxcfs[] = { "/proc/cpuinfo", "/proc/diskstats", "/proc/meminfo",
                                       "/proc/stat",    "/proc/swaps",     "/proc/uptime",
                                       "/proc/loadavg", "/proc/slabinfo" };
  struct result h;
  (void) state;

  danger_case (mount_at ("/proc/sys", "bind", "/srv/fake", "[\"rbind\", \"nosuid\", \"nodev\"]"),
               NULL, "CINCH-MOUNT-PROC", "mounts[5].destination", &h);
  expect_finding (&h.out, "CINCH-MOUNT-PROC", "mounts[5].destination", CINCH_FINDING_REFUSED,
                  "\"/proc/sys\"", NULL);
  result_free (&h);
  DANGER (mount_at ("/proc", "tmpfs", "tmpfs", "[]"), NULL, "CINCH-MOUNT-PROC",
          "mounts[5].destination");
  DANGER (mount_at ("/proc/fs", "proc", "proc", "[]"), NULL, "CINCH-MOUNT-PROC",
          "mounts[5].destination");

  for (size_t i = 0; i < CINCH_ARRAY_SIZE (lxcfs); i++)
    {
      char *src = cinch_xasprintf ("/var/lib/lxcfs%s", lxcfs[i]);
      ACCEPTED (mount_at (lxcfs[i], "bind", src, "[\"bind\", \"nosuid\", \"nodev\"]"), NULL,
                "CINCH-MOUNT-PROC");
      free (src);
    }
  ACCEPTED (cinch_xstrdup (clean), NULL, "CINCH-MOUNT-PROC");
  ACCEPTED (mount_at ("/procfs", "tmpfs", "tmpfs", "[]"), NULL, "CINCH-MOUNT-PROC");
}

static void
test_mount_shared (void **state)
{
  struct result h;
  (void) state;

  danger_case (mount_at ("/x", "bind", "/srv/x", "[\"rbind\", \"rshared\", \"nosuid\", \"nodev\"]"),
               NULL, "CINCH-MOUNT-SHARED", "mounts[5].options", &h);
  expect_finding (&h.out, "CINCH-MOUNT-SHARED", "mounts[5].options", CINCH_FINDING_REFUSED,
                  "rshared", "\"/x\"", NULL);
  result_free (&h);
  DANGER (mount_at ("/x", "tmpfs", "tmpfs", "[\"shared\"]"), NULL, "CINCH-MOUNT-SHARED",
          "mounts[5].options");
  danger_case (cfg ("linux/rootfsPropagation", "\"rshared\"", NULL), NULL, "CINCH-MOUNT-SHARED",
               "linux.rootfsPropagation", &h);
  expect_finding (&h.out, "CINCH-MOUNT-SHARED", "linux.rootfsPropagation", CINCH_FINDING_REFUSED,
                  "rshared", NULL);
  result_free (&h);
  DANGER (cfg ("linux/rootfsPropagation", "\"shared\"", NULL), NULL, "CINCH-MOUNT-SHARED",
          "linux.rootfsPropagation");

  ACCEPTED (mount_at ("/x", "bind", "/srv/x", "[\"rbind\", \"rslave\", \"nosuid\", \"nodev\"]"),
            NULL, "CINCH-MOUNT-SHARED");
  ACCEPTED (cfg ("linux/rootfsPropagation", "\"rprivate\"", NULL), NULL, "CINCH-MOUNT-SHARED");
}

/* The plan's options cannot be decoded again (a word the parser would
 * have refused, put there by hand): cinch refuses rather than running a
 * mount it could not harden.  */
static void
test_mount_harden_failure (void **state)
{
  struct result h;
  struct cinch_plan *p;
  struct cinch_mount *m;
  char *json = bind_of ("/srv/x");
  (void) state;

  p = parse (json);
  m = &p->mounts[5];
  cinch_strv_free (m->options);
  m->options = strv_of ("rbind", "remount", NULL);
  m->attr_set = 0;
  run_plan (&h, p, CINCH_PROFILE_HARDENED, NULL);
  expect_finding (&h.out, "CINCH-MOUNT-NOSUID", "mounts[5].options", CINCH_FINDING_HARDENED, NULL);
  assert_int_equal (h.rc, 1);
  {
    const struct cinch_finding *f = NULL;
    for (size_t i = 0; i < h.out.n; i++)
      if (h.out.v[i].action == CINCH_FINDING_REFUSED)
        f = &h.out.v[i];
    assert_non_null (f);
    assert_string_equal (f->rule, "CINCH-MOUNT-NOSUID");
    assert_string_equal (f->path, "mounts[5].options");
    assert_non_null (strstr (f->message, "remount"));
  }
  /* m untouched */
  assert_int_equal (cinch_strv_len (h.plan->mounts[5].options), 2);
  result_free (&h);
  free (json);
}

/* ------------------------------------------------------------------ */
/* sysctl.  */

static char *
sysctl (const char *obj)
{
  return cfg ("linux/sysctl", obj, NULL);
}

static void
test_sysctl_unsafe (void **state)
{
  struct result h;
  (void) state;

  danger_case (sysctl ("{\"kernel.core_pattern\": \"core\"}"), NULL, "CINCH-SYSCTL-UNSAFE",
               "linux.sysctl[\"kernel.core_pattern\"]", &h);
  expect_finding (&h.out, "CINCH-SYSCTL-UNSAFE", "linux.sysctl[\"kernel.core_pattern\"]",
                  CINCH_FINDING_REFUSED, "kernel.core_pattern", "\"core\"", NULL);
  result_free (&h);
  DANGER (sysctl ("{\"vm.overcommit_memory\": \"1\"}"), NULL, "CINCH-SYSCTL-UNSAFE",
          "linux.sysctl[\"vm.overcommit_memory\"]");
  DANGER (sysctl ("{\"kernel/panic\": \"1\"}"), NULL, "CINCH-SYSCTL-UNSAFE",
          "linux.sysctl[\"kernel/panic\"]");
  DANGER (sysctl ("{\"fs.mqueuex.a\": \"1\"}"), NULL, "CINCH-SYSCTL-UNSAFE",
          "linux.sysctl[\"fs.mqueuex.a\"]");
  DANGER (sysctl ("{\"kernel.shmmax.x\": \"1\"}"), NULL, "CINCH-SYSCTL-UNSAFE",
          "linux.sysctl[\"kernel.shmmax.x\"]");
  DANGER (sysctl ("{\"network.x\": \"1\"}"), NULL, "CINCH-SYSCTL-UNSAFE",
          "linux.sysctl[\"network.x\"]");
  DANGER (sysctl ("{\"dev.raid.speed_limit_min\": \"1\"}"), NULL, "CINCH-SYSCTL-UNSAFE",
          "linux.sysctl[\"dev.raid.speed_limit_min\"]");

  ACCEPTED (sysctl ("{\"kernel.msgmax\": \"8192\", \"kernel.msgmnb\": \"1\", \"kernel.msgmni\":"
                    " \"1\", \"kernel.sem\": \"250 32000 32 128\", \"kernel.shmall\": \"1\","
                    " \"kernel.shmmax\": \"1\", \"kernel.shmmni\": \"1\","
                    " \"kernel.shm_rmid_forced\": \"1\", \"fs.mqueue.msg_max\": \"10\","
                    " \"fs/mqueue/queues_max\": \"10\", \"kernel/shmmax\": \"1\","
                    " \"net.ipv4.ip_forward\": \"1\","
                    " \"net/ipv4/conf/eth0.1/forwarding\": \"1\"}"),
            NULL, "CINCH-SYSCTL-UNSAFE");
}

static void
test_sysctl_value (void **state)
{
  static const char *const bad[] = {
    "1;kernel.core_pattern=|/x", "1\\nx", "a=b", "1+2", "1,2", "\\u007f"
  };
  struct result h;
  (void) state;

  for (size_t i = 0; i < CINCH_ARRAY_SIZE (bad); i++)
    {
      char *obj = cinch_xasprintf ("{\"net.ipv4.ip_forward\": \"%s\"}", bad[i]);
      danger_case (sysctl (obj), NULL, "CINCH-SYSCTL-VALUE",
                   "linux.sysctl[\"net.ipv4.ip_forward\"]", &h);
      expect_no (&h.out, "CINCH-SYSCTL-UNSAFE");
      result_free (&h);
      free (obj);
    }
  /* The value is named, control characters escaped.  */
  danger_case (sysctl ("{\"kernel.shmmax\": \"1\\n2\"}"), NULL, "CINCH-SYSCTL-VALUE",
               "linux.sysctl[\"kernel.shmmax\"]", &h);
  expect_finding (&h.out, "CINCH-SYSCTL-VALUE", "linux.sysctl[\"kernel.shmmax\"]",
                  CINCH_FINDING_REFUSED, "\"1\\x0a2\"", NULL);
  result_free (&h);
  ACCEPTED (sysctl ("{\"net.ipv4.ip_local_port_range\": \"1024 65000\"}"), NULL,
            "CINCH-SYSCTL-VALUE");
}

static void
test_sysctl_hostnet (void **state)
{
  struct result h;
  (void) state;

  danger_case (cfg ("linux/sysctl", "{\"net.ipv4.ip_forward\": \"1\"}", "linux/namespaces",
                    "[{\"type\": \"pid\"}, {\"type\": \"ipc\"}, {\"type\": \"uts\"},"
                    " {\"type\": \"mount\"}, {\"type\": \"cgroup\"}, {\"type\": \"user\"}]",
                    NULL),
               NULL, "CINCH-SYSCTL-HOSTNET", "linux.sysctl[\"net.ipv4.ip_forward\"]", &h);
  expect_finding (&h.out, "CINCH-SYSCTL-HOSTNET", "linux.sysctl[\"net.ipv4.ip_forward\"]",
                  CINCH_FINDING_REFUSED, "net.ipv4.ip_forward", "\"1\"", NULL);
  result_free (&h);
  /* A network namespace path that is the host's.  */
  DANGER (cfg ("linux/sysctl", "{\"net.core.somaxconn\": \"1024\"}", "linux/namespaces",
               "[{\"type\": \"pid\"}, {\"type\": \"network\", \"path\": \"/proc/1/ns/net\"},"
               " {\"type\": \"ipc\"}, {\"type\": \"uts\"}, {\"type\": \"mount\"},"
               " {\"type\": \"cgroup\"}, {\"type\": \"user\"}]",
               NULL),
          host_net, "CINCH-SYSCTL-HOSTNET", "linux.sysctl[\"net.core.somaxconn\"]");
  /* Another container's network namespace, or a new one.  */
  ACCEPTED (cfg ("linux/sysctl", "{\"net.core.somaxconn\": \"1024\"}", "linux/namespaces",
                 "[{\"type\": \"pid\"}, {\"type\": \"network\", \"path\": \"/run/netns/pod\"},"
                 " {\"type\": \"ipc\"}, {\"type\": \"uts\"}, {\"type\": \"mount\"},"
                 " {\"type\": \"cgroup\"}, {\"type\": \"user\"}]",
                 NULL),
            NULL, "CINCH-SYSCTL-HOSTNET");
  ACCEPTED (sysctl ("{\"net.core.somaxconn\": \"1024\"}"), NULL, "CINCH-SYSCTL-HOSTNET");
  /* Not a net.* key.  */
  ACCEPTED (cfg ("linux/sysctl", "{\"kernel.shmmax\": \"1\"}", "linux/namespaces",
                 "[{\"type\": \"pid\"}, {\"type\": \"ipc\"}, {\"type\": \"uts\"},"
                 " {\"type\": \"mount\"}, {\"type\": \"cgroup\"}, {\"type\": \"user\"}]",
                 NULL),
            NULL, "CINCH-SYSCTL-HOSTNET");
}

/* ------------------------------------------------------------------ */
/* seccomp.  */

static void
test_seccomp_default (void **state)
{
  struct result h;
  (void) state;

  WEAK (cfg ("linux/seccomp", NULL, NULL), NULL, "CINCH-SECCOMP-DEFAULT", "linux.seccomp", &h);
  assert_true (h.plan->default_seccomp);
  assert_null (h.plan->linux_.seccomp);
  result_free (&h);
  ACCEPTED (cinch_xstrdup (clean), NULL, "CINCH-SECCOMP-DEFAULT");
  /* The effective config's annotation says so already.  */
  ACCEPTED (cfg ("linux/seccomp", NULL, "annotations/run.cinch.seccomp", "\"default\"", NULL), NULL,
            "CINCH-SECCOMP-DEFAULT");
}

static void
test_seccomp_unconfined (void **state)
{
  struct result h;
  (void) state;

  danger_case (cfg ("linux/seccomp", "{\"defaultAction\": \"SCMP_ACT_ALLOW\"}", NULL), NULL,
               "CINCH-SECCOMP-UNCONFINED", "linux.seccomp.defaultAction", &h);
  expect_finding (&h.out, "CINCH-SECCOMP-UNCONFINED", "linux.seccomp.defaultAction",
                  CINCH_FINDING_REFUSED, "SCMP_ACT_ALLOW", NULL);
  expect_no (&h.out, "CINCH-SECCOMP-DEFAULT");
  result_free (&h);
  danger_case (cfg ("linux/seccomp",
                    "{\"defaultAction\": \"SCMP_ACT_LOG\", \"syscalls\": [{\"names\": [\"read\"],"
                    " \"action\": \"SCMP_ACT_ALLOW\"}, {\"names\": [\"write\"],"
                    " \"action\": \"SCMP_ACT_LOG\"}]}",
                    NULL),
               NULL, "CINCH-SECCOMP-UNCONFINED", "linux.seccomp.defaultAction", &h);
  expect_finding (&h.out, "CINCH-SECCOMP-UNCONFINED", "linux.seccomp.defaultAction",
                  CINCH_FINDING_REFUSED, "SCMP_ACT_LOG", NULL);
  result_free (&h);

  /* An allow-list default with one denying rule filters something.  */
  ACCEPTED (cfg ("linux/seccomp",
                 "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [{\"names\":"
                 " [\"kexec_load\"], \"action\": \"SCMP_ACT_ERRNO\"}]}",
                 NULL),
            NULL, "CINCH-SECCOMP-UNCONFINED");
  ACCEPTED (cinch_xstrdup (clean), NULL, "CINCH-SECCOMP-UNCONFINED");
}

/* ------------------------------------------------------------------ */
/* maskedPaths / readonlyPaths.  */

static void
test_proc_mask (void **state)
{
  struct result h;
  char **v;
  (void) state;

  WEAK (cfg ("linux/maskedPaths",
             "[\"/proc/acpi\", \"/proc/asound\", \"/proc/keys\", \"/proc/latency_stats\","
             " \"/proc/timer_list\", \"/proc/timer_stats\", \"/proc/sched_debug\", \"/proc/scsi\","
             " \"/sys/firmware\", \"/proc/custom\"]",
             "linux/readonlyPaths", "[\"/proc/bus\", \"/proc/fs\", \"/proc/irq\"]", NULL),
        NULL, "CINCH-PROC-MASK", "linux.maskedPaths", &h);
  expect_finding (&h.out, "CINCH-PROC-MASK", "linux.maskedPaths", CINCH_FINDING_HARDENED,
                  "/proc/kcore /sys/devices/virtual/powercap", NULL);
  expect_finding (&h.out, "CINCH-PROC-MASK", "linux.readonlyPaths", CINCH_FINDING_HARDENED,
                  "/proc/sys /proc/sysrq-trigger", NULL);
  v = h.plan->linux_.masked_paths;
  assert_int_equal (cinch_strv_len (v), 12);
  assert_string_equal (v[9], "/proc/custom");
  assert_string_equal (v[10], "/proc/kcore");
  assert_string_equal (v[11], "/sys/devices/virtual/powercap");
  v = h.plan->linux_.readonly_paths;
  assert_int_equal (cinch_strv_len (v), 5);
  assert_string_equal (v[3], "/proc/sys");
  assert_string_equal (v[4], "/proc/sysrq-trigger");
  result_free (&h);

  /* None at all.  */
  WEAK (cfg ("linux/maskedPaths", NULL, "linux/readonlyPaths", NULL, NULL), NULL, "CINCH-PROC-MASK",
        "linux.readonlyPaths", &h);
  assert_int_equal (cinch_strv_len (h.plan->linux_.masked_paths), 11);
  assert_int_equal (cinch_strv_len (h.plan->linux_.readonly_paths), 5);
  result_free (&h);

  /* A parent covers its children, and masking covers read-only.  */
  ACCEPTED (cfg ("linux/maskedPaths",
                 "[\"/proc/acpi\", \"/proc/asound\", \"/proc/kcore\", \"/proc/keys\","
                 " \"/proc/latency_stats\", \"/proc/timer_list\", \"/proc/timer_stats\","
                 " \"/proc/sched_debug\", \"/proc/scsi\", \"/sys/firmware\","
                 " \"/sys/devices/virtual\", \"/proc/sysrq-trigger\"]",
                 "linux/readonlyPaths",
                 "[\"/proc/bus\", \"/proc/fs\", \"/proc/irq\", \"/proc/sys\"]", NULL),
            NULL, "CINCH-PROC-MASK");
}

/* ------------------------------------------------------------------ */
/* Devices.  */

static void
test_device_raw (void **state)
{
  static const char *const bad[] = {
    "{\"path\": \"/dev/sda\", \"type\": \"b\", \"major\": 8, \"minor\": 0}",
    "{\"path\": \"/dev/mem\", \"type\": \"c\", \"major\": 1, \"minor\": 1}",
    "{\"path\": \"/dev/kmem\", \"type\": \"c\", \"major\": 1, \"minor\": 2}",
    "{\"path\": \"/dev/port\", \"type\": \"c\", \"major\": 1, \"minor\": 4}",
    "{\"path\": \"/dev/loop-control\", \"type\": \"c\", \"major\": 10, \"minor\": 237}",
    "{\"path\": \"/dev/sg3\", \"type\": \"c\", \"major\": 21, \"minor\": 3}",
    "{\"path\": \"/dev/cpu/0/msr\", \"type\": \"u\", \"major\": 202, \"minor\": 0}",
    "{\"path\": \"/dev/cpu/1/cpuid\", \"type\": \"c\", \"major\": 203, \"minor\": 1}",
  };
  struct result h;
  (void) state;

  for (size_t i = 0; i < CINCH_ARRAY_SIZE (bad); i++)
    {
      char *list = cinch_xasprintf ("[{\"path\": \"/dev/fuse\", \"type\": \"c\", \"major\": 10,"
                                    " \"minor\": 229}, %s]",
                                    bad[i]);
      danger_case (cfg ("linux/devices", list, NULL), NULL, "CINCH-DEVICE-RAW", "linux.devices[1]",
                   &h);
      assert_int_equal (count (&h.out, "CINCH-DEVICE-RAW"), 1);
      result_free (&h);
      free (list);
    }
  danger_case (cfg ("linux/devices",
                    "[{\"path\": \"/dev/xvda1\", \"type\": \"b\", \"major\": 202,"
                    " \"minor\": 1}]",
                    NULL),
               NULL, "CINCH-DEVICE-RAW", "linux.devices[0]", &h);
  expect_finding (&h.out, "CINCH-DEVICE-RAW", "linux.devices[0]", CINCH_FINDING_REFUSED,
                  "\"/dev/xvda1\"", "b 202:1", NULL);
  result_free (&h);
  ACCEPTED (cfg ("linux/devices",
                 "[{\"path\": \"/dev/fuse\", \"type\": \"c\", \"major\": 10, \"minor\": 229},"
                 " {\"path\": \"/dev/null2\", \"type\": \"c\", \"major\": 1, \"minor\": 3},"
                 " {\"path\": \"/dev/rtc\", \"type\": \"c\", \"major\": 10, \"minor\": 135},"
                 " {\"path\": \"/dev/p\", \"type\": \"p\"}]",
                 NULL),
            NULL, "CINCH-DEVICE-RAW");
}

static void
test_device_cgroup_all (void **state)
{
  struct result h;
  (void) state;

  danger_case (
      cfg ("linux/resources/devices",
           "[{\"allow\": false, \"access\": \"rwm\"}, {\"allow\": true, \"access\": \"rwm\"}]",
           NULL),
      NULL, "CINCH-DEVICE-CGROUP-ALL", "linux.resources.devices[1]", &h);
  assert_int_equal (count (&h.out, "CINCH-DEVICE-CGROUP-ALL"), 1);
  expect_finding (&h.out, "CINCH-DEVICE-CGROUP-ALL", "linux.resources.devices[1]",
                  CINCH_FINDING_REFUSED, "\"rwm\"", NULL);
  result_free (&h);
  DANGER (cfg ("linux/resources/devices",
               "[{\"allow\": true, \"type\": \"a\", \"major\": -1, \"minor\": -1}]", NULL),
          NULL, "CINCH-DEVICE-CGROUP-ALL", "linux.resources.devices[0]");
  ACCEPTED (
      cfg ("linux/resources/devices",
           "[{\"allow\": false, \"access\": \"rwm\"},"
           " {\"allow\": true, \"type\": \"c\", \"major\": 1, \"minor\": 3, \"access\": \"rwm\"},"
           " {\"allow\": true, \"type\": \"c\", \"major\": 136, \"access\": \"rwm\"},"
           " {\"allow\": true, \"type\": \"a\", \"major\": 5, \"minor\": -1}]",
           NULL),
      NULL, "CINCH-DEVICE-CGROUP-ALL");
}

/* ------------------------------------------------------------------ */
/* Hooks.  */

static const char *hook_real; /* createRuntime[1] resolves to this (NULL: ENOENT) */
static const char *hook_writable;

static void
hook_facts (const struct cinch_plan *p, struct cinch_host_facts *f, struct cinch_policy *pol)
{
  struct cinch_path_fact *h = &f->hooks[CINCH_HOOK_CREATE_RUNTIME][1];
  (void) p;
  (void) pol;
  free (h->realpath);
  h->realpath = hook_real ? cinch_xstrdup (hook_real) : NULL;
  h->err = hook_real ? 0 : ENOENT;
  h->writable_by = hook_writable ? cinch_xstrdup (hook_writable) : NULL;
}

static char *
hooks_cfg (const char *second)
{
  char *hooks = cinch_xasprintf ("{\"prestart\": [{\"path\": \"/usr/bin/true\"}],"
                                 " \"createRuntime\": [{\"path\": \"/usr/libexec/oci/hooks.d/a\"},"
                                 " {\"path\": \"%s\"}]}",
                                 second);
  char *json = cfg ("hooks", hooks, NULL);
  free (hooks);
  return json;
}

static void
test_hook_dir (void **state)
{
  struct result h;
  (void) state;

  hook_writable = NULL;
  hook_real = "/opt/hooks/x";
  danger_case (hooks_cfg ("/opt/hooks/x"), hook_facts, "CINCH-HOOK-DIR",
               "hooks.createRuntime[1].path", &h);
  assert_int_equal (count (&h.out, "CINCH-HOOK-DIR"), 1);
  expect_finding (&h.out, "CINCH-HOOK-DIR", "hooks.createRuntime[1].path", CINCH_FINDING_REFUSED,
                  "\"/opt/hooks/x\"", NULL);
  result_free (&h);

  /* A symlink in a hook directory pointing out of it.  */
  hook_real = "/tmp/evil";
  danger_case (hooks_cfg ("/usr/bin/nvidia-hook"), hook_facts, "CINCH-HOOK-DIR",
               "hooks.createRuntime[1].path", &h);
  expect_finding (&h.out, "CINCH-HOOK-DIR", "hooks.createRuntime[1].path", CINCH_FINDING_REFUSED,
                  "\"/usr/bin/nvidia-hook\"", "\"/tmp/evil\"", NULL);
  result_free (&h);

  /* Unresolvable.  */
  hook_real = NULL;
  danger_case (hooks_cfg ("/usr/bin/missing"), hook_facts, "CINCH-HOOK-DIR",
               "hooks.createRuntime[1].path", &h);
  expect_finding (&h.out, "CINCH-HOOK-DIR", "hooks.createRuntime[1].path", CINCH_FINDING_REFUSED,
                  "cannot be resolved", NULL);
  result_free (&h);

  /* "/usr/binx" is not under "/usr/bin".  */
  hook_real = "/usr/binx/h";
  DANGER (hooks_cfg ("/usr/binx/h"), hook_facts, "CINCH-HOOK-DIR", "hooks.createRuntime[1].path");

  hook_real = "/usr/libexec/cinch/hooks/net";
  ACCEPTED (hooks_cfg ("/usr/local/bin/net"), hook_facts, "CINCH-HOOK-DIR");
}

static void
test_hook_writable (void **state)
{
  struct result h;
  (void) state;

  hook_real = "/usr/local/libexec/cinch/h";
  hook_writable = "/usr/local/libexec/cinch";
  danger_case (hooks_cfg ("/usr/local/libexec/cinch/h"), hook_facts, "CINCH-HOOK-WRITABLE",
               "hooks.createRuntime[1].path", &h);
  expect_finding (&h.out, "CINCH-HOOK-WRITABLE", "hooks.createRuntime[1].path",
                  CINCH_FINDING_REFUSED, "\"/usr/local/libexec/cinch/h\"",
                  "\"/usr/local/libexec/cinch\" is writable", NULL);
  expect_no (&h.out, "CINCH-HOOK-DIR");
  result_free (&h);
  hook_writable = NULL;
  ACCEPTED (hooks_cfg ("/usr/local/libexec/cinch/h"), hook_facts, "CINCH-HOOK-WRITABLE");
}

/* ------------------------------------------------------------------ */
/* Cgroup rules (policy_cgroup.c).  */

/* What the cgroup tweak gives the facts and the policy.  */
static struct
{
  bool known, none;
  unsigned controllers;
  bool warn;            /* unenforceable-limits = warn */
  int64_t pids_default; /* default-pids-limit */
} cg;

/* Hybrid host: the unified hierarchy offers hugetlb only.  */
#define CG_HYBRID CINCH_CG_BIT (CINCH_CG_HUGETLB)
#define CG_ALL ((1u << CINCH_CG_COUNT) - 1)

static void
cg_set (bool known, bool none, unsigned controllers)
{
  cg.known = known;
  cg.none = none;
  cg.controllers = controllers;
  cg.warn = false;
  cg.pids_default = 4096;
}

static void
cg_facts (const struct cinch_plan *p, struct cinch_host_facts *f, struct cinch_policy *pol)
{
  (void) p;
  f->cgroup_known = cg.known;
  f->cgroup_none = cg.none;
  f->cgroup_controllers = cg.controllers;
  pol->unenforceable_limits_warn = cg.warn;
  pol->default_pids_limit = cg.pids_default;
}

/* Findings of rule at exactly path.  */
static size_t
count_at (const struct cinch_findings *out, const char *rule, const char *path)
{
  size_t n = 0;
  for (size_t i = 0; i < out->n; i++)
    n += strcmp (out->v[i].rule, rule) == 0 && strcmp (out->v[i].path, path) == 0;
  return n;
}

/* As expect_finding, without asking for a fix: a warning that cinch
 * skipped a default of its own has nothing in the config to fix.  */
static const struct cinch_finding *
expect_note (const struct cinch_findings *out, const char *rule, const char *path,
             enum cinch_finding_action action, const char *needle1, const char *needle2)
{
  const struct cinch_finding *f = find (out, rule, path);

  if (f == NULL)
    {
      char *d = dump (out);
      fail_msg ("no %s finding at %s; findings:%s", rule, path, d);
    }
  if (f->action != action)
    fail_msg ("%s at %s is %s, expected %s", rule, path, cinch_finding_action_name (f->action),
              cinch_finding_action_name (action));
  if (needle1 && strstr (f->message, needle1) == NULL)
    fail_msg ("%s message \"%s\" lacks \"%s\"", rule, f->message, needle1);
  if (needle2 && strstr (f->message, needle2) == NULL)
    fail_msg ("%s message \"%s\" lacks \"%s\"", rule, f->message, needle2);
  return f;
}

#define PIDS_PATH "linux.resources.pids.limit"

/* Configs without a positive pids limit, and what the message says of
 * each.  */
static const struct
{
  const char *path, *value, *says;
} no_pids[] = {
  { "linux/resources", NULL, "no pids limit" },
  { "linux/resources/pids", NULL, "no pids limit" },
  { "linux/resources/pids/limit", "0", "pids limit 0 is unlimited" },
  { "linux/resources/pids/limit", "-1", "pids limit -1 is unlimited" },
};

static void
test_pids_default (void **state)
{
  (void) state;
  for (size_t i = 0; i < CINCH_ARRAY_SIZE (no_pids); i++)
    {
      char *json = cfg (no_pids[i].path, no_pids[i].value, NULL);
      const struct cinch_finding *f;
      struct result r;

      /* No facts about cgroups (cgroup_known false): the default applies.  */
      cg_set (false, false, 0);
      run (&r, json, CINCH_PROFILE_HARDENED, cg_facts);
      f = expect_finding (&r.out, "CINCH-PIDS", PIDS_PATH, CINCH_FINDING_HARDENED, no_pids[i].says,
                          "set to 4096", NULL);
      assert_true (f->weak);
      assert_int_equal (count (&r.out, "CINCH-PIDS"), 1);
      assert_int_equal (r.out.n, 1);
      assert_true (r.plan->linux_.res.present);
      assert_true (r.plan->linux_.res.has_pids_limit);
      assert_int_equal (r.plan->linux_.res.pids_limit, 4096);
      assert_string_not_equal (r.before, r.after);
      assert_int_equal (r.rc, 0);
      result_free (&r);

      /* The admin's default, not a number of the rule's own.  */
      cg.pids_default = 123;
      run (&r, json, CINCH_PROFILE_HARDENED, cg_facts);
      expect_finding (&r.out, "CINCH-PIDS", PIDS_PATH, CINCH_FINDING_HARDENED, "set to 123", NULL);
      assert_int_equal (r.plan->linux_.res.pids_limit, 123);
      result_free (&r);

      /* default-pids-limit = none: nothing added, nothing said.  */
      cg.pids_default = 0;
      run (&r, json, CINCH_PROFILE_HARDENED, cg_facts);
      assert_int_equal (r.out.n, 0);
      assert_string_equal (r.before, r.after);
      assert_int_equal (r.rc, 0);
      result_free (&r);

      /* compat: warned, weak, plan as it was.  */
      cg_set (false, false, 0);
      run (&r, json, CINCH_PROFILE_COMPAT, cg_facts);
      f = expect_finding (&r.out, "CINCH-PIDS", PIDS_PATH, CINCH_FINDING_WARNED, no_pids[i].says,
                          NULL);
      assert_true (f->weak);
      assert_string_equal (r.before, r.after);
      assert_int_equal (r.rc, 0);
      result_free (&r);

      /* strict: CINCH-LIMITS refuses; CINCH-PIDS says nothing more.  */
      run (&r, json, CINCH_PROFILE_STRICT, cg_facts);
      expect_no (&r.out, "CINCH-PIDS");
      expect_finding (&r.out, "CINCH-LIMITS", PIDS_PATH, CINCH_FINDING_REFUSED, NULL);
      assert_string_equal (r.before, r.after);
      assert_int_equal (r.rc, 1);
      result_free (&r);

      /* A host whose unified hierarchy has the pids controller: set, and
       * the limit it set is one the host can enforce.  */
      cg_set (true, false, CG_ALL);
      run (&r, json, CINCH_PROFILE_HARDENED, cg_facts);
      expect_finding (&r.out, "CINCH-PIDS", PIDS_PATH, CINCH_FINDING_HARDENED, "set to 4096", NULL);
      expect_no (&r.out, "CINCH-CGROUP-LIMIT");
      assert_int_equal (r.plan->linux_.res.pids_limit, 4096);
      assert_int_equal (r.rc, 0);
      result_free (&r);

      /* Where pids cannot be used (hybrid host, or no cgroup at all):
       * skipped with a warning, never a refusal, plan as it was.  */
      for (int none = 0; none <= 1; none++)
        {
          cg_set (true, none, none ? CG_ALL : CG_HYBRID);
          run (&r, json, CINCH_PROFILE_HARDENED, cg_facts);
          expect_note (&r.out, "CINCH-PIDS", PIDS_PATH, CINCH_FINDING_WARNED, "skipped",
                       none ? "no cgroup" : "no pids controller");
          assert_int_equal (count (&r.out, "CINCH-PIDS"), 1);
          assert_string_equal (r.before, r.after);
          result_free (&r);
        }
      free (json);
    }

  /* A positive limit in the config is kept, with no finding.  */
  cg_set (false, false, 0);
  for (int p = CINCH_PROFILE_COMPAT; p <= CINCH_PROFILE_STRICT; p++)
    {
      struct result r;
      run (&r, clean, (enum cinch_profile) p, cg_facts);
      expect_no (&r.out, "CINCH-PIDS");
      assert_int_equal (r.plan->linux_.res.pids_limit, 100);
      assert_string_equal (r.before, r.after);
      result_free (&r);
    }
}

/* Hybrid host, no pids limit: compat warns that there is none (it never
 * edits, so nothing is skipped), strict refuses through CINCH-LIMITS.  */
static void
test_pids_default_hybrid_profiles (void **state)
{
  char *json = cfg ("linux/resources", NULL, NULL);
  struct result r;
  (void) state;

  cg_set (true, false, CG_HYBRID);
  run (&r, json, CINCH_PROFILE_COMPAT, cg_facts);
  expect_finding (&r.out, "CINCH-PIDS", PIDS_PATH, CINCH_FINDING_WARNED, "no pids limit", NULL);
  assert_int_equal (r.out.n, 1);
  assert_string_equal (r.before, r.after);
  assert_int_equal (r.rc, 0);
  result_free (&r);

  run (&r, json, CINCH_PROFILE_STRICT, cg_facts);
  expect_no (&r.out, "CINCH-PIDS");
  expect_finding (&r.out, "CINCH-LIMITS", PIDS_PATH, CINCH_FINDING_REFUSED, NULL);
  assert_int_equal (r.rc, 1);
  result_free (&r);
  free (json);
}

/* Without host facts at all (facts NULL: cgroup_known false), the default
 * applies.  */
static void
test_pids_default_no_facts (void **state)
{
  struct cinch_policy pol;
  struct cinch_findings out = { 0 };
  char *json = cfg ("linux/resources", NULL, NULL);
  struct cinch_plan *p = parse (json);
  (void) state;

  policy_make (&pol, CINCH_PROFILE_HARDENED);
  assert_int_equal (cinch_policy_apply (p, &pol, NULL, &out), 0);
  expect_finding (&out, "CINCH-PIDS", PIDS_PATH, CINCH_FINDING_HARDENED, "set to 4096", NULL);
  assert_int_equal (out.n, 1);
  assert_true (p->linux_.res.has_pids_limit);
  assert_int_equal (p->linux_.res.pids_limit, 4096);
  cinch_findings_clear (&out);
  cinch_plan_free (p);
  policy_free (&pol);
  free (json);
}

#define MEM_PATH "linux.resources.memory.limit"

/* A limit the hybrid host cannot enforce: refused by hardened and strict,
 * warned by compat and by hardened with unenforceable-limits = warn; the
 * plan is never edited.  */
static void
test_cgroup_limit_memory (void **state)
{
  char *json = cfg ("linux/resources/memory", "{\"limit\": 33554432}", NULL);
  (void) state;

  for (int p = CINCH_PROFILE_COMPAT; p <= CINCH_PROFILE_STRICT; p++)
    for (int warn = 0; warn <= 1; warn++)
      {
        bool refused = p != CINCH_PROFILE_COMPAT && !warn;
        struct result r;

        cg_set (true, false, CG_HYBRID);
        cg.warn = warn;
        run (&r, json, (enum cinch_profile) p, cg_facts);
        expect_finding (&r.out, "CINCH-CGROUP-LIMIT", MEM_PATH,
                        refused ? CINCH_FINDING_REFUSED : CINCH_FINDING_WARNED, "memory.max",
                        "33554432", "memory controller", NULL);
        assert_int_equal (count_at (&r.out, "CINCH-CGROUP-LIMIT", MEM_PATH), 1);
        /* The config's pids limit 100 cannot be enforced either.  */
        expect_finding (&r.out, "CINCH-CGROUP-LIMIT", PIDS_PATH,
                        refused ? CINCH_FINDING_REFUSED : CINCH_FINDING_WARNED, "pids.max", "100",
                        NULL);
        assert_int_equal (r.out.n, 2);
        assert_int_equal (r.rc, refused ? 1 : 0);
        assert_string_equal (r.before, r.after);
        result_free (&r);
      }

  /* The same config where the controllers are there: nothing.  */
  cg_set (true, false, CG_ALL);
  ACCEPTED (json, cg_facts, "CINCH-CGROUP-LIMIT");
}

/* memory.limit and memory.swap: one finding for each JSON path.  */
static void
test_cgroup_limit_swap (void **state)
{
  char *json = cfg ("linux/resources/memory", "{\"limit\": 33554432, \"swap\": 67108864}", NULL);
  struct result r;
  (void) state;

  cg_set (true, false, CG_HYBRID | CINCH_CG_BIT (CINCH_CG_PIDS));
  for (int p = CINCH_PROFILE_HARDENED; p <= CINCH_PROFILE_STRICT; p++)
    {
      run (&r, json, (enum cinch_profile) p, cg_facts);
      expect_finding (&r.out, "CINCH-CGROUP-LIMIT", MEM_PATH, CINCH_FINDING_REFUSED, "memory.max",
                      NULL);
      expect_finding (&r.out, "CINCH-CGROUP-LIMIT", "linux.resources.memory.swap",
                      CINCH_FINDING_REFUSED, "memory.swap.max", "33554432", NULL);
      assert_int_equal (count_at (&r.out, "CINCH-CGROUP-LIMIT", MEM_PATH), 1);
      assert_int_equal (count_at (&r.out, "CINCH-CGROUP-LIMIT", "linux.resources.memory.swap"), 1);
      assert_int_equal (r.out.n, 2);
      assert_int_equal (r.rc, 1);
      result_free (&r);
    }
  free (json);
}

/* Weights and protections share, they do not limit: warned even by
 * hardened and strict, and nothing else stops the container.  */
static void
test_cgroup_limit_preferences (void **state)
{
  static const struct
  {
    const char *path, *value, *json_path, *file;
  } prefs[] = {
    { "linux/resources/cpu", "{\"shares\": 1024}", "linux.resources.cpu.shares", "cpu.weight" },
    { "linux/resources/blockIO", "{\"weight\": 500}", "linux.resources.blockIO.weight",
      "io.weight" },
    { "linux/resources/memory", "{\"reservation\": 16777216}", "linux.resources.memory.reservation",
      "memory.low" },
    { "linux/resources/cpu", "{\"idle\": 1}", "linux.resources.cpu.idle", "cpu.idle" },
    { "linux/resources/blockIO",
      "{\"weightDevice\": [{\"major\": 8, \"minor\": 0, \"weight\": 100}]}",
      "linux.resources.blockIO.weightDevice[0].weight", "io.weight" },
  };
  (void) state;

  for (size_t i = 0; i < CINCH_ARRAY_SIZE (prefs); i++)
    {
      char *json = cfg (prefs[i].path, prefs[i].value, NULL);
      for (int p = CINCH_PROFILE_COMPAT; p <= CINCH_PROFILE_STRICT; p++)
        {
          struct result r;
          /* pids there, so that the config's pids limit draws nothing */
          cg_set (true, false, CG_HYBRID | CINCH_CG_BIT (CINCH_CG_PIDS));
          run (&r, json, (enum cinch_profile) p, cg_facts);
          expect_finding (&r.out, "CINCH-CGROUP-LIMIT", prefs[i].json_path, CINCH_FINDING_WARNED,
                          prefs[i].file, NULL);
          assert_int_equal (r.out.n, 1);
          assert_int_equal (r.rc, 0);
          assert_string_equal (r.before, r.after);
          result_free (&r);
        }
      free (json);
    }

  /* ... while a real limit next to them is still refused.  */
  {
    char *json = cfg ("linux/resources/cpu", "{\"shares\": 1024, \"quota\": 50000}", NULL);
    struct result r;
    cg_set (true, false, CG_HYBRID | CINCH_CG_BIT (CINCH_CG_PIDS));
    run (&r, json, CINCH_PROFILE_HARDENED, cg_facts);
    expect_finding (&r.out, "CINCH-CGROUP-LIMIT", "linux.resources.cpu.shares",
                    CINCH_FINDING_WARNED, "cpu.weight", NULL);
    expect_finding (&r.out, "CINCH-CGROUP-LIMIT", "linux.resources.cpu.quota",
                    CINCH_FINDING_REFUSED, "cpu.max", "50000 100000", NULL);
    assert_int_equal (r.rc, 1);
    result_free (&r);
    free (json);
  }
}

/* Huge page limits: fine where hugetlb is there (the hybrid host has it),
 * refused where it is not.  */
static void
test_cgroup_limit_hugetlb (void **state)
{
  char *json =
      cfg ("linux/resources/hugepageLimits", "[{\"pageSize\": \"2MB\", \"limit\": 2097152}]", NULL);
  struct result r;
  (void) state;

  cg_set (true, false, CG_HYBRID | CINCH_CG_BIT (CINCH_CG_PIDS));
  for (int p = CINCH_PROFILE_COMPAT; p <= CINCH_PROFILE_STRICT; p++)
    {
      run (&r, json, (enum cinch_profile) p, cg_facts);
      assert_int_equal (r.out.n, 0);
      assert_int_equal (r.rc, 0);
      result_free (&r);
    }
  cg_set (true, false, CINCH_CG_BIT (CINCH_CG_PIDS));
  run (&r, json, CINCH_PROFILE_HARDENED, cg_facts);
  expect_finding (&r.out, "CINCH-CGROUP-LIMIT", "linux.resources.hugepageLimits[0]",
                  CINCH_FINDING_REFUSED, "hugetlb.2MB.max", "hugetlb controller", NULL);
  assert_int_equal (r.rc, 1);
  result_free (&r);
  free (json);
}

/* A unified key of a missing controller is the cgroup layer's error
 * (cgroup_setup.c), whatever the policy: no finding here.  */
static void
test_cgroup_limit_unified (void **state)
{
  (void) state;
  cg_set (true, false, CG_HYBRID | CINCH_CG_BIT (CINCH_CG_PIDS));
  ACCEPTED (cfg ("linux/resources/unified", "{\"memory.high\": \"33554432\", \"cpu.max\": \"max\"}",
                 NULL),
            cg_facts, "CINCH-CGROUP-LIMIT");
}

#define DEV_RULES "[{\"allow\": false, \"access\": \"rwm\"}]"

/* No cgroup at all (--cgroup-manager disabled): device rules cannot be
 * enforced either.  */
static void
test_cgroup_limit_none (void **state)
{
  char *json = cfg ("linux/resources/devices", DEV_RULES, NULL);
  char *bare = cfg ("linux/resources", NULL, NULL);
  (void) state;

  for (int p = CINCH_PROFILE_COMPAT; p <= CINCH_PROFILE_STRICT; p++)
    for (int warn = 0; warn <= 1; warn++)
      {
        bool refused = p != CINCH_PROFILE_COMPAT && !warn;
        struct result r;

        cg_set (true, true, CG_ALL);
        cg.warn = warn;
        run (&r, json, (enum cinch_profile) p, cg_facts);
        expect_finding (&r.out, "CINCH-CGROUP-LIMIT", "linux.resources.devices",
                        refused ? CINCH_FINDING_REFUSED : CINCH_FINDING_WARNED, "1 device rule ",
                        "no cgroup", NULL);
        assert_int_equal (count_at (&r.out, "CINCH-CGROUP-LIMIT", "linux.resources.devices"), 1);
        expect_finding (&r.out, "CINCH-CGROUP-LIMIT", PIDS_PATH,
                        refused ? CINCH_FINDING_REFUSED : CINCH_FINDING_WARNED, "no cgroup", NULL);
        assert_int_equal (r.rc, refused ? 1 : 0);
        result_free (&r);
      }

  /* Device rules alone need only a cgroup, any: the hybrid host has one. */
  cg_set (true, false, CG_HYBRID | CINCH_CG_BIT (CINCH_CG_PIDS));
  ACCEPTED (cinch_xstrdup (json), cg_facts, "CINCH-CGROUP-LIMIT");

  /* No linux.resources: nothing to enforce.  */
  cg_set (true, true, 0);
  ACCEPTED (cinch_xstrdup (bare), cg_facts, "CINCH-CGROUP-LIMIT");
  cg.pids_default = 0;
  for (int p = CINCH_PROFILE_COMPAT; p <= CINCH_PROFILE_HARDENED; p++)
    {
      struct result r;
      run (&r, bare, (enum cinch_profile) p, cg_facts);
      assert_int_equal (r.out.n, 0);
      result_free (&r);
    }
  free (json);
  free (bare);
}

/* Every resource at once.  */
static char *
all_limits_config (void)
{
  return cfg ("linux/resources",
              "{\"memory\": {\"limit\": 33554432, \"swap\": 67108864, \"reservation\": 1048576},"
              " \"cpu\": {\"shares\": 512, \"quota\": 50000, \"period\": 100000, \"cpus\": \"0\"},"
              " \"blockIO\": {\"weight\": 500, \"throttleReadBpsDevice\":"
              "  [{\"major\": 8, \"minor\": 0, \"rate\": 1048576}]},"
              " \"hugepageLimits\": [{\"pageSize\": \"2MB\", \"limit\": 2097152}],"
              " \"pids\": {\"limit\": 100},"
              " \"devices\": " DEV_RULES "}",
              NULL);
}

/* Every controller there, or nothing known about cgroups: no finding.  */
static void
test_cgroup_limit_enforceable (void **state)
{
  (void) state;
  cg_set (true, false, CG_ALL);
  ACCEPTED (all_limits_config (), cg_facts, "CINCH-CGROUP-LIMIT");
  cg_set (false, false, 0);
  ACCEPTED (all_limits_config (), cg_facts, "CINCH-CGROUP-LIMIT");
  cg_set (false, true, 0); /* cgroup_none without cgroup_known: not judged */
  ACCEPTED (all_limits_config (), cg_facts, "CINCH-CGROUP-LIMIT");

  /* A controller missing is found whichever it is.  */
  for (int c = 0; c < CINCH_CG_COUNT; c++)
    {
      static const char *const where[CINCH_CG_COUNT] = {
        [CINCH_CG_CPUSET] = "linux.resources.cpu.cpus",
        [CINCH_CG_CPU] = "linux.resources.cpu.quota",
        [CINCH_CG_IO] = "linux.resources.blockIO.throttleReadBpsDevice[0]",
        [CINCH_CG_MEMORY] = MEM_PATH,
        [CINCH_CG_HUGETLB] = "linux.resources.hugepageLimits[0]",
        [CINCH_CG_PIDS] = PIDS_PATH,
      };
      char *json;
      struct result r;

      if (where[c] == NULL)
        continue; /* rdma, misc: not in this config */
      json = all_limits_config ();
      cg_set (true, false, CG_ALL & ~CINCH_CG_BIT (c));
      run (&r, json, CINCH_PROFILE_HARDENED, cg_facts);
      expect_finding (&r.out, "CINCH-CGROUP-LIMIT", where[c], CINCH_FINDING_REFUSED,
                      cinch_cgroup_controller_name ((enum cinch_cgroup_controller) c), NULL);
      assert_int_equal (r.rc, 1);
      result_free (&r);
      free (json);
    }
}

/* All of a config's findings together: memory, pids and cpu quota.  */
static void
test_cgroup_limit_all_at_once (void **state)
{
  char *json = cfg ("linux/resources",
                    "{\"memory\": {\"limit\": 33554432}, \"cpu\": {\"quota\": 50000},"
                    " \"pids\": {\"limit\": 100}}",
                    NULL);
  (void) state;

  cg_set (true, false, CG_HYBRID);
  for (int p = CINCH_PROFILE_HARDENED; p <= CINCH_PROFILE_STRICT; p++)
    {
      struct result r;
      run (&r, json, (enum cinch_profile) p, cg_facts);
      expect_finding (&r.out, "CINCH-CGROUP-LIMIT", MEM_PATH, CINCH_FINDING_REFUSED, NULL);
      expect_finding (&r.out, "CINCH-CGROUP-LIMIT", PIDS_PATH, CINCH_FINDING_REFUSED, NULL);
      expect_finding (&r.out, "CINCH-CGROUP-LIMIT", "linux.resources.cpu.quota",
                      CINCH_FINDING_REFUSED, NULL);
      assert_int_equal (count_action (&r.out, CINCH_FINDING_REFUSED), 3);
      assert_int_equal (r.out.n, 3);
      assert_int_equal (r.rc, 1);
      result_free (&r);
    }
  free (json);
}

/* "Unlimited" (-1) asks the host to enforce nothing: not refused for want
 * of a controller.  */
static void
test_cgroup_limit_unlimited (void **state)
{
  (void) state;
  cg_set (true, false, CG_HYBRID);
  cg.pids_default = 0;
  ACCEPTED (cfg ("linux/resources",
                 "{\"memory\": {\"limit\": -1, \"swap\": -1},"
                 " \"pids\": {\"limit\": -1}}",
                 NULL),
            cg_facts, "CINCH-CGROUP-LIMIT");
}

/* Hardened twice: the second run has nothing to add, whatever the host. */
static void
test_cgroup_idempotent (void **state)
{
  static const unsigned hosts[] = { CG_ALL, CG_HYBRID };
  char *json = cfg ("linux/resources", NULL, NULL);
  (void) state;

  for (size_t i = 0; i < CINCH_ARRAY_SIZE (hosts); i++)
    {
      struct result r1, r2;
      char *text;
      struct cinch_plan *back;

      cg_set (true, false, hosts[i]);
      run (&r1, json, CINCH_PROFILE_HARDENED, cg_facts);
      assert_int_equal (r1.rc, 0);
      run_plan (&r2, r1.plan, CINCH_PROFILE_HARDENED, cg_facts);
      assert_string_equal (r2.before, r2.after);
      assert_int_equal (count_action (&r2.out, CINCH_FINDING_HARDENED), 0);
      assert_int_equal (r2.rc, 0);
      if (hosts[i] == CG_ALL)
        {
          /* the limit it added is there, and the effective config says it */
          assert_int_equal (r2.out.n, 0);
          text = cinch_plan_emit (r1.plan);
          back = parse (text);
          assert_true (back->linux_.res.has_pids_limit);
          assert_int_equal (back->linux_.res.pids_limit, 4096);
          cinch_plan_free (back);
          free (text);
        }
      else
        /* the skipped default is noted again, and nothing else */
        assert_int_equal (count (&r2.out, "CINCH-PIDS"), r2.out.n);
      cinch_findings_clear (&r2.out);
      free (r2.before);
      free (r2.after);
      result_free (&r1);
    }
  free (json);
}

/* ------------------------------------------------------------------ */
/* Strict-only rules.  */

static void
test_limits (void **state)
{
  struct result r;
  char *json = cfg ("linux/resources", NULL, NULL);
  char *unlimited = cfg ("linux/resources/pids/limit", "-1", NULL);
  (void) state;

  run (&r, json, CINCH_PROFILE_STRICT, NULL);
  expect_finding (&r.out, "CINCH-LIMITS", "linux.resources.pids.limit", CINCH_FINDING_REFUSED,
                  NULL);
  assert_int_equal (r.rc, 1);
  assert_string_equal (r.before, r.after);
  result_free (&r);
  run (&r, unlimited, CINCH_PROFILE_STRICT, NULL);
  expect_finding (&r.out, "CINCH-LIMITS", "linux.resources.pids.limit", CINCH_FINDING_REFUSED, "-1",
                  NULL);
  result_free (&r);
  /* Below strict only the default pids limit speaks (CINCH-PIDS).  */
  for (int p = CINCH_PROFILE_COMPAT; p <= CINCH_PROFILE_HARDENED; p++)
    {
      run (&r, json, (enum cinch_profile) p, NULL);
      expect_no (&r.out, "CINCH-LIMITS");
      assert_int_equal (count (&r.out, "CINCH-PIDS"), 1);
      assert_int_equal (r.out.n, 1);
      assert_int_equal (r.rc, 0);
      result_free (&r);
    }
  ACCEPTED (cinch_xstrdup (clean), NULL, "CINCH-LIMITS");
  free (json);
  free (unlimited);
}

static void
test_root_user (void **state)
{
  struct result r;
  char *json = cfg ("linux/namespaces", NS_NO_USER, "linux/uidMappings", NULL, "linux/gidMappings",
                    NULL, NULL);
  (void) state;

  run (&r, json, CINCH_PROFILE_STRICT, NULL);
  expect_finding (&r.out, "CINCH-ROOT-USER", "process.user.uid", CINCH_FINDING_REFUSED, NULL);
  result_free (&r);
  for (int p = CINCH_PROFILE_COMPAT; p <= CINCH_PROFILE_HARDENED; p++)
    {
      run (&r, json, (enum cinch_profile) p, NULL);
      expect_no (&r.out, "CINCH-ROOT-USER");
      result_free (&r);
    }
  free (json);
  /* Not root, or root in a user namespace.  */
  ACCEPTED (cfg ("linux/namespaces", NS_NO_USER, "linux/uidMappings", NULL, "linux/gidMappings",
                 NULL, "process/user/uid", "1000", NULL),
            NULL, "CINCH-ROOT-USER");
  ACCEPTED (cinch_xstrdup (clean), NULL, "CINCH-ROOT-USER");
}

/* ------------------------------------------------------------------ */
/* The profile annotation.  */

static void
test_annotation (void **state)
{
  struct result r;
  char *json;
  (void) state;

  /* Stricter: applied (with a note); what hardened would fix is refused. */
  json = cfg ("annotations/run.cinch.policy", "\"strict\"", "root/readonly", "false", NULL);
  run (&r, json, CINCH_PROFILE_HARDENED, NULL);
  assert_int_equal (r.out.profile, CINCH_PROFILE_STRICT);
  expect_finding (&r.out, "CINCH-ROOTFS-READONLY", "root.readonly", CINCH_FINDING_REFUSED, NULL);
  assert_non_null (find (&r.out, "CINCH-POLICY-ANNOTATION", "annotations[\"run.cinch.policy\"]"));
  assert_int_equal (find (&r.out, "CINCH-POLICY-ANNOTATION", NULL)->action, CINCH_FINDING_WARNED);
  assert_string_equal (r.before, r.after);
  assert_int_equal (r.rc, 1);
  result_free (&r);
  run (&r, json, CINCH_PROFILE_COMPAT, NULL);
  assert_int_equal (r.out.profile, CINCH_PROFILE_STRICT);
  expect_finding (&r.out, "CINCH-ROOTFS-READONLY", "root.readonly", CINCH_FINDING_REFUSED, NULL);
  result_free (&r);
  free (json);

  /* Weaker: ignored with a warning; hardened still edits.  */
  json = cfg ("annotations/run.cinch.policy", "\"compat\"", "root/readonly", "false", NULL);
  run (&r, json, CINCH_PROFILE_HARDENED, NULL);
  assert_int_equal (r.out.profile, CINCH_PROFILE_HARDENED);
  expect_finding (&r.out, "CINCH-POLICY-ANNOTATION", "annotations[\"run.cinch.policy\"]",
                  CINCH_FINDING_WARNED, "\"compat\"", "ignored", NULL);
  expect_finding (&r.out, "CINCH-ROOTFS-READONLY", "root.readonly", CINCH_FINDING_HARDENED, NULL);
  assert_true (r.plan->root_readonly);
  assert_int_equal (r.rc, 0);
  result_free (&r);
  free (json);

  /* Unknown: refused, in every profile.  */
  json = cfg ("annotations/run.cinch.policy", "\"paranoid\"", NULL);
  for (int p = CINCH_PROFILE_COMPAT; p <= CINCH_PROFILE_STRICT; p++)
    {
      run (&r, json, (enum cinch_profile) p, NULL);
      expect_finding (&r.out, "CINCH-POLICY-ANNOTATION", "annotations[\"run.cinch.policy\"]",
                      CINCH_FINDING_REFUSED, "\"paranoid\"", NULL);
      assert_int_equal (r.out.profile, p);
      assert_int_equal (r.rc, 1);
      result_free (&r);
    }
  free (json);

  /* The same as the policy's: nothing to say.  */
  json = cfg ("annotations/run.cinch.policy", "\"hardened\"", NULL);
  run (&r, json, CINCH_PROFILE_HARDENED, NULL);
  assert_int_equal (r.out.n, 0);
  result_free (&r);
  free (json);
}

/* ------------------------------------------------------------------ */
/* Everything at once, idempotence, strict over the effective plan.  */

/* Weak and dangerous at once.  */
static char *
bad_config (void)
{
  return cfg (
      "root/readonly", "false", "annotations/run.cinch.rootfs.options", NULL,
      "process/noNewPrivileges", NULL, "process/capabilities",
      "{\"bounding\": [\"CAP_CHOWN\", \"CAP_NET_RAW\", \"CAP_SYS_ADMIN\"],"
      " \"effective\": [\"CAP_NET_RAW\"], \"inheritable\": [\"CAP_CHOWN\"]}",
      "process/oomScoreAdj", "-1", "process/apparmorProfile", "\"unconfined\"", "linux/namespaces",
      "[{\"type\": \"mount\"}, {\"type\": \"pid\"}]", "linux/uidMappings", NULL,
      "linux/gidMappings", NULL, "linux/maskedPaths", NULL, "linux/seccomp", NULL, "linux/sysctl",
      "{\"kernel.core_pattern\": \"|/x\", \"net.ipv4.ip_forward\": \"1;x\"}",
      "linux/rootfsPropagation", "\"shared\"", "linux/devices",
      "[{\"path\": \"/dev/sda\", \"type\": \"b\", \"major\": 8, \"minor\": 0}]", "linux/resources",
      "{\"devices\": [{\"allow\": true, \"access\": \"rwm\"}]}", "mounts",
      "[{\"destination\": \"/proc\", \"type\": \"proc\", \"source\": \"proc\"},"
      " {\"destination\": \"/host\", \"source\": \"/\", \"options\": [\"rbind\"]},"
      " {\"destination\": \"/proc/sys\", \"source\": \"/srv/sys\", \"options\": [\"bind\","
      "  \"nosuid\", \"nodev\", \"shared\"]},"
      " {\"destination\": \"/sys\", \"type\": \"sysfs\", \"source\": \"sysfs\"}]",
      "hooks", "{\"poststop\": [{\"path\": \"/home/u/h\"}]}", NULL);
}

static const char *const bad_rules[] = {
  "CINCH-ROOTFS-READONLY",
  "CINCH-MOUNT-NOSUID",
  "CINCH-NNP",
  "CINCH-CAP-DEFAULT",
  "CINCH-CAP-SYSADMIN",
  "CINCH-CAP-INHERITABLE",
  "CINCH-OOM-NEGATIVE",
  "CINCH-APPARMOR-UNCONFINED",
  "CINCH-USERNS",
  "CINCH-NS-CGROUP",
  "CINCH-NS-HOST-IPC",
  "CINCH-NS-HOST-UTS",
  "CINCH-NS-HOST-NET",
  "CINCH-PROC-MASK",
  "CINCH-SECCOMP-DEFAULT",
  "CINCH-SYSCTL-UNSAFE",
  "CINCH-SYSCTL-VALUE",
  "CINCH-SYSCTL-HOSTNET",
  "CINCH-MOUNT-SHARED",
  "CINCH-DEVICE-RAW",
  "CINCH-DEVICE-CGROUP-ALL",
  "CINCH-MOUNT-SENSITIVE",
  "CINCH-MOUNT-PROC",
  "CINCH-SYSFS-RO",
  "CINCH-TMPFS",
  "CINCH-HOOK-DIR",
};

static void
test_all_findings (void **state)
{
  char *json = bad_config ();
  (void) state;

  for (int p = CINCH_PROFILE_COMPAT; p <= CINCH_PROFILE_STRICT; p++)
    {
      struct result r;
      run (&r, json, (enum cinch_profile) p, NULL);
      for (size_t i = 0; i < CINCH_ARRAY_SIZE (bad_rules); i++)
        if (find (&r.out, bad_rules[i], NULL) == NULL)
          {
            char *d = dump (&r.out);
            fail_msg ("profile %s: no %s finding:%s", cinch_profile_name ((enum cinch_profile) p),
                      bad_rules[i], d);
          }
      /* every one explained and located */
      for (size_t i = 0; i < r.out.n; i++)
        {
          assert_non_null (r.out.v[i].path);
          assert_non_null (r.out.v[i].message);
          assert_true (r.out.v[i].message[0] != '\0');
        }
      assert_int_equal (count (&r.out, "CINCH-TMPFS"), 3);
      assert_int_equal (count (&r.out, "CINCH-MOUNT-SHARED"), 2);
      assert_int_equal (count (&r.out, "CINCH-MOUNT-NOSUID"), 2); /* root and mounts[1] */
      expect_no (&r.out, "CINCH-NS-HOST-PID");
      if (p == CINCH_PROFILE_COMPAT)
        {
          assert_int_equal (count_action (&r.out, CINCH_FINDING_WARNED), r.out.n);
          assert_string_equal (r.before, r.after);
          assert_int_equal (r.rc, 0);
        }
      else
        assert_int_equal (r.rc, 1);
      if (p == CINCH_PROFILE_STRICT)
        {
          assert_int_equal (count_action (&r.out, CINCH_FINDING_REFUSED), r.out.n);
          assert_string_equal (r.before, r.after);
          expect_finding (&r.out, "CINCH-LIMITS", "linux.resources.pids.limit",
                          CINCH_FINDING_REFUSED, NULL);
          expect_finding (&r.out, "CINCH-ROOT-USER", "process.user.uid", CINCH_FINDING_REFUSED,
                          NULL);
        }
      if (p == CINCH_PROFILE_HARDENED)
        assert_int_equal (count_action (&r.out, CINCH_FINDING_WARNED), 0);
      result_free (&r);
    }
  free (json);
}

/* Weak only: hardened fixes all of it; applied again, nothing is left to
 * harden; and the effective plan passes strict (it says what hardened
 * added).  */
/* Weak only: everything hardened fixes, nothing it refuses.  */
static char *
weak_config (void)
{
  return cfg ("root/readonly", "false", "annotations/run.cinch.rootfs.options", NULL,
              "process/noNewPrivileges", NULL, "process/capabilities",
              "{\"bounding\": [\"CAP_CHOWN\", \"CAP_NET_RAW\"],"
              " \"inheritable\": [\"CAP_CHOWN\"], \"ambient\": [\"CAP_CHOWN\"]}",
              "linux/namespaces",
              "[{\"type\": \"mount\"}, {\"type\": \"pid\"}, {\"type\": \"ipc\"},"
              " {\"type\": \"uts\"}, {\"type\": \"network\"}]",
              "linux/uidMappings", NULL, "linux/gidMappings", NULL, "linux/maskedPaths", NULL,
              "linux/readonlyPaths", "[\"/proc/sys\"]", "linux/seccomp", NULL, "mounts",
              "[{\"destination\": \"/proc\", \"type\": \"proc\", \"source\": \"proc\"},"
              " {\"destination\": \"/data\", \"source\": \"data\", \"options\": [\"rbind\"]},"
              " {\"destination\": \"/run/secrets\", \"source\": \"/srv/s\","
              "  \"options\": [\"bind\", \"ro\"]},"
              " {\"destination\": \"/sys\", \"type\": \"sysfs\", \"source\": \"sysfs\"}]",
              NULL);
}

static void
test_idempotent (void **state)
{
  char *json = weak_config ();
  struct result r1, r2, r3;
  (void) state;

  run (&r1, json, CINCH_PROFILE_HARDENED, NULL);
  assert_int_equal (r1.rc, 0);
  assert_true (r1.out.n >= 12);
  assert_int_equal (count_action (&r1.out, CINCH_FINDING_HARDENED), r1.out.n);

  /* Again, on the edited plan (facts collected from it, as create would). */
  run_plan (&r2, r1.plan, CINCH_PROFILE_HARDENED, NULL);
  if (r2.out.n != 0)
    {
      char *d = dump (&r2.out);
      fail_msg ("second hardening found more:%s", d);
    }
  assert_string_equal (r2.before, r2.after);
  assert_int_equal (r2.rc, 0);
  cinch_findings_clear (&r2.out);
  free (r2.before);
  free (r2.after);

  run_plan (&r3, r1.plan, CINCH_PROFILE_STRICT, NULL);
  if (r3.out.n != 0)
    {
      char *d = dump (&r3.out);
      fail_msg ("strict refuses the hardened plan:%s", d);
    }
  cinch_findings_clear (&r3.out);
  free (r3.before);
  free (r3.after);
  result_free (&r1);
  free (json);
}

/* The effective plan printed as config.json (emit.c) parses back into the
 * same plan, which strict accepts as it is.  */
static void
test_effective_roundtrip (void **state)
{
  char *json = weak_config ();
  struct result r1, r2;
  struct cinch_plan *back;
  char *text, *d1, *d2;
  (void) state;

  run (&r1, json, CINCH_PROFILE_HARDENED, NULL);
  assert_int_equal (r1.rc, 0);
  text = cinch_plan_emit (r1.plan);
  back = parse (text);
  d1 = digest (r1.plan);
  d2 = digest (back);
  assert_string_equal (d1, d2);
  run_plan (&r2, back, CINCH_PROFILE_STRICT, NULL);
  if (r2.out.n != 0)
    {
      char *d = dump (&r2.out);
      fail_msg ("strict refuses the effective config:%s\n%s", d, text);
    }
  result_free (&r2);
  result_free (&r1);
  free (d1);
  free (d2);
  free (text);
  free (json);
}

/* Without host facts: nothing proven about namespaces or binds, hooks
 * cannot be resolved.  */
static void
test_no_facts (void **state)
{
  struct cinch_policy pol;
  struct cinch_findings out = { 0 };
  struct cinch_plan *p = parse (clean);
  char *json = hooks_cfg ("/usr/bin/h");
  (void) state;

  policy_make (&pol, CINCH_PROFILE_HARDENED);
  assert_int_equal (cinch_policy_apply (p, &pol, NULL, &out), 0);
  assert_int_equal (out.n, 0);
  cinch_plan_free (p);
  p = parse (json);
  assert_int_equal (cinch_policy_apply (p, &pol, NULL, &out), 1);
  expect_finding (&out, "CINCH-HOOK-DIR", "hooks.prestart[0].path", CINCH_FINDING_REFUSED,
                  "cannot be resolved (no host facts)", NULL);
  assert_int_equal (count (&out, "CINCH-HOOK-DIR"), 3);
  cinch_findings_clear (&out);
  cinch_plan_free (p);
  policy_free (&pol);
  free (json);
}

/* Findings already in *out are kept; the return value counts this run's. */
static void
test_appends (void **state)
{
  struct cinch_plan *p = parse (clean);
  struct cinch_policy pol;
  struct cinch_host_facts facts;
  struct cinch_findings out = { 0 };
  (void) state;

  policy_make (&pol, CINCH_PROFILE_HARDENED);
  facts_make (&facts, p);
  out.v = cinch_xcalloc (1, sizeof (*out.v));
  out.v[0] = (struct cinch_finding){ .rule = "X",
                                     .path = cinch_xstrdup ("x"),
                                     .action = CINCH_FINDING_REFUSED,
                                     .message = cinch_xstrdup ("earlier") };
  out.n = 1;
  assert_int_equal (cinch_policy_apply (p, &pol, &facts, &out), 0);
  assert_int_equal (out.n, 1);
  assert_string_equal (out.v[0].message, "earlier");
  cinch_findings_clear (&out);
  facts_free (&facts, p);
  policy_free (&pol);
  cinch_plan_free (p);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_clean_config),
    cmocka_unit_test (test_userns),
    cmocka_unit_test (test_userns_keeps_own_idmap),
    cmocka_unit_test (test_ns_cgroup),
    cmocka_unit_test (test_ns_added_indexes),
    cmocka_unit_test (test_ns_host),
    cmocka_unit_test (test_ns_missing),
    cmocka_unit_test (test_caps_default),
    cmocka_unit_test (test_caps_host),
    cmocka_unit_test (test_caps_inheritable),
    cmocka_unit_test (test_nnp),
    cmocka_unit_test (test_apparmor),
    cmocka_unit_test (test_oom),
    cmocka_unit_test (test_rootfs_nosuid),
    cmocka_unit_test (test_rootfs_readonly),
    cmocka_unit_test (test_bind_nosuid),
    cmocka_unit_test (test_sysfs_ro),
    cmocka_unit_test (test_tmpfs),
    cmocka_unit_test (test_tmpfs_size),
    cmocka_unit_test (test_mount_sensitive),
    cmocka_unit_test (test_mount_proc),
    cmocka_unit_test (test_mount_shared),
    cmocka_unit_test (test_mount_harden_failure),
    cmocka_unit_test (test_sysctl_unsafe),
    cmocka_unit_test (test_sysctl_value),
    cmocka_unit_test (test_sysctl_hostnet),
    cmocka_unit_test (test_seccomp_default),
    cmocka_unit_test (test_seccomp_unconfined),
    cmocka_unit_test (test_proc_mask),
    cmocka_unit_test (test_device_raw),
    cmocka_unit_test (test_device_cgroup_all),
    cmocka_unit_test (test_hook_dir),
    cmocka_unit_test (test_hook_writable),
    cmocka_unit_test (test_pids_default),
    cmocka_unit_test (test_pids_default_hybrid_profiles),
    cmocka_unit_test (test_pids_default_no_facts),
    cmocka_unit_test (test_cgroup_limit_memory),
    cmocka_unit_test (test_cgroup_limit_swap),
    cmocka_unit_test (test_cgroup_limit_preferences),
    cmocka_unit_test (test_cgroup_limit_hugetlb),
    cmocka_unit_test (test_cgroup_limit_unified),
    cmocka_unit_test (test_cgroup_limit_none),
    cmocka_unit_test (test_cgroup_limit_enforceable),
    cmocka_unit_test (test_cgroup_limit_all_at_once),
    cmocka_unit_test (test_cgroup_limit_unlimited),
    cmocka_unit_test (test_cgroup_idempotent),
    cmocka_unit_test (test_limits),
    cmocka_unit_test (test_root_user),
    cmocka_unit_test (test_annotation),
    cmocka_unit_test (test_all_findings),
    cmocka_unit_test (test_idempotent),
    cmocka_unit_test (test_effective_roundtrip),
    cmocka_unit_test (test_no_facts),
    cmocka_unit_test (test_appends),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
