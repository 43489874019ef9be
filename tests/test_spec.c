/* Unit tests for runtime/spec.c and runtime/features.c: the documents of
 * `cinch spec` and `cinch features` checked against cinch's own parser,
 * tables and mount-option decoder, so that cinch never prints something it
 * would itself refuse or ignore.  */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/resource.h>

#include "plan.h"
#include "spec.h"
#include "util.h"

#define BUNDLE "/tmp/x"

/* ------------------------------------------------------------------ */
/* cinch spec  */

static struct cinch_plan *
parse_default (bool rootless, unsigned int uid, unsigned int gid)
{
  cleanup_free char *text = cinch_spec_default (rootless, uid, gid);
  struct cinch_plan *plan = NULL;
  cinch_error_t err = NULL;
  size_t len;

  assert_non_null (text);
  len = strlen (text);
  assert_true (len > 0 && text[len - 1] == '\n');
  if (cinch_plan_parse (text, len, BUNDLE, &plan, &err) < 0)
    fail_msg ("%s", cinch_error_msg (err));
  assert_non_null (plan);
  /* Nothing in the default document is unknown or ignored.  */
  assert_null (plan->warnings[0]);
  return plan;
}

static void
assert_strv_equal (char **got, const char *const *want)
{
  size_t i;

  assert_non_null (got);
  for (i = 0; want[i]; i++)
    {
      assert_non_null (got[i]);
      assert_string_equal (got[i], want[i]);
    }
  assert_null (got[i]);
}

static uint64_t
caps_mask (const char *const *names)
{
  uint64_t m = 0;

  for (; *names; names++)
    {
      int cap = cinch_cap_from_name (*names);
      assert_true (cap >= 0);
      m |= UINT64_C (1) << cap;
    }
  return m;
}

/* What does not depend on rootless.  */
static void
check_common (const struct cinch_plan *plan)
{
  static const char *const args[] = { "sh", NULL };
  static const char *const env[] = {
    "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "TERM=xterm", NULL
  };
  static const char *const masked[] = { "/proc/acpi",
                                        "/proc/asound",
                                        "/proc/kcore",
                                        "/proc/keys",
                                        "/proc/latency_stats",
                                        "/proc/timer_list",
                                        "/proc/timer_stats",
                                        "/proc/sched_debug",
                                        "/sys/firmware",
                                        "/proc/scsi",
                                        "/sys/devices/virtual/powercap",
                                        NULL };
  static const char *const readonly[] = { "/proc/bus",           "/proc/fs",
                                          "/proc/irq",           "/proc/sys",
                                          "/proc/sysrq-trigger", NULL };
  static const char *const caps[] = { "CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE", NULL };
  const struct cinch_process *p = &plan->process;
  uint64_t want = caps_mask (caps);

  assert_string_equal (plan->oci_version, CINCH_OCI_VERSION);
  assert_string_equal (plan->bundle, BUNDLE);
  assert_string_equal (plan->root_path, BUNDLE "/rootfs");
  assert_true (plan->root_readonly);
  assert_true (plan->has_hostname);
  assert_string_equal (plan->hostname, "cinch");

  assert_true (plan->has_process);
  assert_false (p->terminal);
  assert_int_equal (p->uid, 0);
  assert_int_equal (p->gid, 0);
  assert_strv_equal (p->args, args);
  assert_strv_equal (p->env, env);
  assert_string_equal (p->cwd, "/");
  assert_true (p->no_new_privileges);
  assert_int_equal (p->n_rlimits, 1);
  assert_int_equal (p->rlimits[0].resource, RLIMIT_NOFILE);
  assert_int_equal (p->rlimits[0].soft, 1024);
  assert_int_equal (p->rlimits[0].hard, 1024);

  assert_true (p->has_capabilities);
  assert_true (p->caps[CINCH_CAP_BOUNDING] == want);
  assert_true (p->caps[CINCH_CAP_EFFECTIVE] == want);
  assert_true (p->caps[CINCH_CAP_PERMITTED] == want);
  /* CVE-2022-29162: nothing inheritable, nothing ambient.  */
  assert_true (p->caps[CINCH_CAP_INHERITABLE] == 0);
  assert_true (p->caps[CINCH_CAP_AMBIENT] == 0);

  assert_strv_equal (plan->linux_.masked_paths, masked);
  assert_strv_equal (plan->linux_.readonly_paths, readonly);
  assert_null (plan->linux_.seccomp);
  assert_false (plan->linux_.res.present);
}

/* Namespaces: every one listed is new (no path); exactly `want` present.  */
static void
check_namespaces (const struct cinch_linux *lx, const bool want[CINCH_NS_COUNT])
{
  for (int t = 0; t < CINCH_NS_COUNT; t++)
    {
      if (lx->ns[t].present != want[t])
        fail_msg ("namespace %s: present %d, expected %d", cinch_ns_name ((enum cinch_ns_type) t),
                  lx->ns[t].present, want[t]);
      assert_null (lx->ns[t].path);
    }
}

struct mount_want
{
  const char *destination, *type, *source;
};

static const struct cinch_mount *
check_mounts (const struct cinch_plan *plan, const struct mount_want *want, size_t n)
{
  assert_int_equal (plan->n_mounts, n);
  for (size_t i = 0; i < n; i++)
    {
      assert_string_equal (plan->mounts[i].destination, want[i].destination);
      assert_string_equal (plan->mounts[i].type, want[i].type);
      assert_string_equal (plan->mounts[i].source, want[i].source);
    }
  return plan->mounts;
}

static void
test_spec_default (void **state)
{
  static const struct mount_want mounts[] = {
    { "/proc", "proc", "proc" },
    { "/dev", "tmpfs", "tmpfs" },
    { "/dev/pts", "devpts", "devpts" },
    { "/dev/shm", "tmpfs", "shm" },
    { "/dev/mqueue", "mqueue", "mqueue" },
    { "/sys", "sysfs", "sysfs" },
    { "/sys/fs/cgroup", "cgroup", "cgroup" },
  };
  bool ns[CINCH_NS_COUNT] = {
    [CINCH_NS_PID] = true, [CINCH_NS_NET] = true, [CINCH_NS_MNT] = true,
    [CINCH_NS_IPC] = true, [CINCH_NS_UTS] = true, [CINCH_NS_CGROUP] = true
  };
  struct cinch_plan *plan = parse_default (false, 0, 0);
  const struct cinch_mount *m;

  check_common (plan);
  check_namespaces (&plan->linux_, ns);
  assert_int_equal (plan->linux_.n_uid_mappings, 0);
  assert_int_equal (plan->linux_.n_gid_mappings, 0);

  m = check_mounts (plan, mounts, CINCH_ARRAY_SIZE (mounts));
  assert_string_equal (m[1].data, "mode=755,size=65536k");
  assert_true (m[1].attr_set & MOUNT_ATTR_NOSUID);
  /* The tty group of the image owns the ptys.  */
  assert_string_equal (m[2].data, "newinstance,ptmxmode=0666,mode=0620,gid=5");
  assert_false (m[5].bind);
  assert_true ((m[5].attr_set
                & (MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NOEXEC | MOUNT_ATTR_NODEV))
               == (MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NOEXEC | MOUNT_ATTR_NODEV));
  assert_true (m[6].attr_set & MOUNT_ATTR_RDONLY);
  cinch_plan_free (plan);
}

static void
check_rootless (unsigned int uid, unsigned int gid)
{
  static const struct mount_want mounts[] = {
    { "/proc", "proc", "proc" },
    { "/dev", "tmpfs", "tmpfs" },
    { "/dev/pts", "devpts", "devpts" },
    { "/dev/shm", "tmpfs", "shm" },
    { "/dev/mqueue", "mqueue", "mqueue" },
    { "/sys", "none", "/sys" },
    { "/sys/fs/cgroup", "cgroup", "cgroup" },
  };
  /* No network namespace: an unprivileged user could not connect it.  */
  bool ns[CINCH_NS_COUNT] = {
    [CINCH_NS_PID] = true, [CINCH_NS_MNT] = true,    [CINCH_NS_IPC] = true,
    [CINCH_NS_UTS] = true, [CINCH_NS_CGROUP] = true, [CINCH_NS_USER] = true
  };
  struct cinch_plan *plan = parse_default (true, uid, gid);
  const struct cinch_linux *lx = &plan->linux_;
  const struct cinch_mount *m;

  check_common (plan);
  check_namespaces (lx, ns);
  assert_int_equal (lx->n_uid_mappings, 1);
  assert_int_equal (lx->uid_mappings[0].container_id, 0);
  assert_int_equal (lx->uid_mappings[0].host_id, uid);
  assert_int_equal (lx->uid_mappings[0].size, 1);
  assert_int_equal (lx->n_gid_mappings, 1);
  assert_int_equal (lx->gid_mappings[0].container_id, 0);
  assert_int_equal (lx->gid_mappings[0].host_id, gid);
  assert_int_equal (lx->gid_mappings[0].size, 1);

  m = check_mounts (plan, mounts, CINCH_ARRAY_SIZE (mounts));
  /* Only the caller's gid is mapped: no gid=5 on devpts.  */
  assert_string_equal (m[2].data, "newinstance,ptmxmode=0666,mode=0620");
  /* sysfs needs the network namespace's owner: a read-only rbind instead. */
  assert_true (m[5].bind);
  assert_true (m[5].recursive);
  assert_null (m[5].data);
  assert_true (m[5].attr_set & MOUNT_ATTR_RDONLY);
  cinch_plan_free (plan);
}

static void
test_spec_rootless (void **state)
{
  check_rootless (1000, 1000);
}

/* uid and gid are not swapped.  */
static void
test_spec_rootless_distinct_ids (void **state)
{
  check_rootless (1000, 2000);
}

/* ------------------------------------------------------------------ */
/* cinch features  */

static json_t *
features (void)
{
  cleanup_free char *text = cinch_features_json ();
  json_error_t je;
  json_t *doc;

  assert_non_null (text);
  assert_true (text[strlen (text) - 1] == '\n');
  doc = json_loads (text, JSON_REJECT_DUPLICATES, &je);
  if (doc == NULL)
    fail_msg ("features: line %d: %s", je.line, je.text);
  assert_true (json_is_object (doc));
  return doc;
}

static json_t *
get_array (json_t *obj, const char *path)
{
  json_t *v = NULL;

  if (json_unpack (obj, "{s:o}", path, &v) < 0 || !json_is_array (v))
    fail_msg ("%s: not an array", path);
  return v;
}

static void
test_features_versions (void **state)
{
  json_t *doc = features ();
  const char *min = NULL, *max = NULL;

  assert_int_equal (json_unpack (doc, "{s:s, s:s}", "ociVersionMin", &min, "ociVersionMax", &max),
                    0);
  assert_string_equal (min, CINCH_OCI_VERSION_MIN);
  assert_string_equal (max, CINCH_OCI_VERSION);
  json_decref (doc);
}

static void
test_features_namespaces (void **state)
{
  json_t *doc = features ();
  json_t *a = get_array (json_object_get (doc, "linux"), "namespaces");
  bool seen[CINCH_NS_COUNT] = { false };
  json_t *v;
  size_t i;

  assert_int_equal (CINCH_NS_COUNT, 8);
  assert_int_equal (json_array_size (a), CINCH_NS_COUNT);
  json_array_foreach (a, i, v)
  {
    int t = cinch_ns_from_name (json_string_value (v));
    if (t < 0 || seen[t])
      fail_msg ("linux.namespaces[%zu]: unknown or repeated", i);
    seen[t] = true;
  }
  json_decref (doc);
}

/* id-mapped mounts exist only for bind mounts (mount_options.c refuses
 * idmap/ridmap elsewhere): those two are decoded on a bind mount, every
 * other option on a new tmpfs.  */
static bool
needs_bind (const char *opt)
{
  return strcmp (opt, "idmap") == 0 || strcmp (opt, "ridmap") == 0;
}

static void
test_features_mount_options (void **state)
{
  json_t *doc = features ();
  json_t *a = get_array (doc, "mountOptions");
  json_t *v;
  size_t i;

  assert_true (json_array_size (a) > 0);
  json_array_foreach (a, i, v)
  {
    const char *opt = json_string_value (v);
    char *options[] = { (char *) opt, NULL };
    struct cinch_mount m = { .type = (char *) (needs_bind (opt) ? "bind" : "tmpfs"),
                             .options = options };
    cinch_error_t err = NULL;

    assert_non_null (opt);
    if (cinch_mount_options_decode (&m, "mount", &err) < 0)
      fail_msg ("mountOptions[%zu] \"%s\": %s", i, opt, cinch_error_msg (err));
    /* Recognised, not passed through as filesystem data: any word would
     * decode without error that way.  */
    if (m.data != NULL)
      {
        free (m.data);
        fail_msg ("mountOptions[%zu] \"%s\" is not a known mount option", i, opt);
      }
    for (size_t j = 0; j < i; j++)
      if (strcmp (json_string_value (json_array_get (a, j)), opt) == 0)
        fail_msg ("mountOptions[%zu] \"%s\" repeats mountOptions[%zu]", i, opt, j);
  }
  json_decref (doc);
}

static void
test_features_capabilities (void **state)
{
  json_t *doc = features ();
  json_t *a = get_array (json_object_get (doc, "linux"), "capabilities");
  json_t *v;
  size_t i;

  assert_true (cinch_cap_last () > 0);
  assert_int_equal (json_array_size (a), (size_t) cinch_cap_last () + 1);
  json_array_foreach (a, i, v)
  {
    assert_true (json_is_string (v));
    assert_string_equal (json_string_value (v), cinch_cap_name ((int) i));
  }
  json_decref (doc);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_spec_default),
    cmocka_unit_test (test_spec_rootless),
    cmocka_unit_test (test_spec_rootless_distinct_ids),
    cmocka_unit_test (test_features_versions),
    cmocka_unit_test (test_features_namespaces),
    cmocka_unit_test (test_features_mount_options),
    cmocka_unit_test (test_features_capabilities),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
