/* Unit tests for runtime/facts.c: the host facts the policy reads
 * (namespace inodes, resolved bind sources and hooks, who can change a
 * hook).  They look at the real host, in a scratch directory under /tmp;
 * expectations that depend on running as root say so.  */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "plan.h"
#include "policy.h"
#include "util.h"

static char scratch[PATH_MAX]; /* realpath of a fresh directory under /tmp */

static int
setup (void **state)
{
  char tmpl[] = "/tmp/cinch-facts.XXXXXX";
  (void) state;
  if (mkdtemp (tmpl) == NULL || realpath (tmpl, scratch) == NULL)
    return -1;
  return 0;
}

static int
teardown (void **state)
{
  cleanup_free char *cmd = cinch_xasprintf ("rm -rf '%s'", scratch);
  (void) state;
  return system (cmd) == 0 ? 0 : -1;
}

static struct cinch_plan *
parse_ok (const char *fmt, ...)
{
  struct cinch_plan *plan = NULL;
  cinch_error_t err = NULL;
  cleanup_free char *text = NULL;
  va_list ap;

  va_start (ap, fmt);
  if (vasprintf (&text, fmt, ap) < 0)
    text = NULL;
  va_end (ap);
  assert_non_null (text);
  for (char *p = text; *p; p++)
    if (*p == '\'')
      *p = '"';
  if (cinch_plan_parse (text, strlen (text), scratch, &plan, &err) < 0)
    fail_msg ("parse: %s\n%s", cinch_error_msg (err), text);
  return plan;
}

static void
touch (const char *path, mode_t mode)
{
  int fd = open (path, O_WRONLY | O_CREAT | O_CLOEXEC, mode);
  assert_true (fd >= 0);
  close (fd);
  assert_int_equal (chmod (path, mode), 0);
}

static void
test_namespaces (void **state)
{
  struct cinch_plan *plan =
      parse_ok ("{ 'ociVersion': '1.0.2', 'root': { 'path': 'rootfs' }, 'linux': {"
                "  'namespaces': [ { 'type': 'pid' }, { 'type': 'network', 'path': "
                "'/proc/self/ns/net' }, { 'type': 'ipc', 'path': '/nonexistent/ns' },"
                "  { 'type': 'time', 'path': '/proc/self/ns/time' } ] } }");
  struct cinch_host_facts f;
  struct stat st;

  (void) state;
  cinch_host_facts_collect (plan, NULL, &f);
  for (int t = 0; t < CINCH_NS_COUNT; t++)
    {
      const char *name = cinch_ns_proc_name ((enum cinch_ns_type) t);
      cleanup_free char *p = cinch_xasprintf ("/proc/1/ns/%s", name);
      cleanup_free char *self = cinch_xasprintf ("/proc/self/ns/%s", name);
      /* init's namespace, or ours when init's cannot be looked at */
      if (stat (p, &st) == 0 || stat (self, &st) == 0)
        {
          assert_true (f.host_ns[t].known);
          assert_true (f.host_ns[t].dev == st.st_dev && f.host_ns[t].ino == st.st_ino);
        }
      else
        assert_false (f.host_ns[t].known);
    }
  assert_int_equal (stat ("/proc/self/ns/net", &st), 0);
  assert_true (f.config_ns[CINCH_NS_NET].known);
  assert_true (f.config_ns[CINCH_NS_NET].ino == st.st_ino);
  /* (the test runs in the host's network namespace) */
  assert_true (f.config_ns[CINCH_NS_NET].ino == f.host_ns[CINCH_NS_NET].ino);
  assert_int_equal (stat ("/proc/self/ns/time", &st), 0);
  assert_true (f.config_ns[CINCH_NS_TIME].known && f.config_ns[CINCH_NS_TIME].ino == st.st_ino);
  /* a new namespace, a missing path, an absent entry: nothing known */
  assert_false (f.config_ns[CINCH_NS_PID].known);
  assert_false (f.config_ns[CINCH_NS_IPC].known);
  assert_false (f.config_ns[CINCH_NS_UTS].known);
  assert_null (f.state_root);
  cinch_host_facts_clear (&f);
  cinch_plan_free (plan);
}

static void
test_bind_sources (void **state)
{
  cleanup_free char *real = cinch_xasprintf ("%s/real", scratch);
  cleanup_free char *link = cinch_xasprintf ("%s/link", scratch);
  cleanup_free char *root = cinch_xasprintf ("%s/state", scratch);
  struct cinch_plan *plan;
  struct cinch_host_facts f;

  (void) state;
  assert_int_equal (mkdir (real, 0755), 0);
  assert_int_equal (mkdir (root, 0700), 0);
  assert_int_equal (symlink ("real", link), 0);
  plan = parse_ok ("{ 'ociVersion': '1.0.2', 'root': { 'path': 'rootfs' }, 'mounts': ["
                   "  { 'destination': '/a', 'type': 'bind', 'source': 'link' },"
                   "  { 'destination': '/proc', 'type': 'proc', 'source': 'proc' },"
                   "  { 'destination': '/b', 'source': '%s/missing', 'options': ['rbind'] },"
                   "  { 'destination': '/c', 'source': '%s/./link/', 'options': ['bind'] } ] }",
                   scratch, scratch);
  cinch_host_facts_collect (plan, root, &f);
  assert_int_equal (f.n_bind_sources, 4);
  assert_non_null (f.bind_sources[0].realpath);
  assert_string_equal (f.bind_sources[0].realpath, real);
  assert_int_equal (f.bind_sources[0].err, 0);
  /* not a bind mount: nothing looked up */
  assert_null (f.bind_sources[1].realpath);
  assert_int_equal (f.bind_sources[1].err, 0);
  assert_null (f.bind_sources[2].realpath);
  assert_int_equal (f.bind_sources[2].err, ENOENT);
  assert_string_equal (f.bind_sources[3].realpath, real);
  assert_non_null (f.state_root);
  assert_string_equal (f.state_root, root);
  cinch_host_facts_clear (&f);

  /* a state root that does not exist yet */
  cinch_host_facts_collect (plan, "/nonexistent/cinch-state", &f);
  assert_null (f.state_root);
  cinch_host_facts_clear (&f);
  cinch_plan_free (plan);
}

static struct cinch_plan *
plan_with_hooks (const char *a, const char *b, const char *c)
{
  return parse_ok ("{ 'ociVersion': '1.0.2', 'root': { 'path': 'rootfs' }, 'hooks': {"
                   "  'prestart': [ { 'path': '%s' }, { 'path': '%s' } ],"
                   "  'poststop': [ { 'path': '%s' } ] } }",
                   a, b, c);
}

/* A hook that only root can change: none of the file and the directories
 * on the way is writable by anyone else.  */
static void
test_hook_system (void **state)
{
  struct cinch_plan *plan = plan_with_hooks ("/bin/sh", "/nonexistent/hook", "/usr/bin/env");
  struct cinch_host_facts f;
  struct stat st;

  (void) state;
  cinch_host_facts_collect (plan, NULL, &f);
  assert_non_null (f.hooks[CINCH_HOOK_PRESTART][0].realpath);
  assert_int_equal (stat (f.hooks[CINCH_HOOK_PRESTART][0].realpath, &st), 0);
  assert_true (S_ISREG (st.st_mode));
  /* a system whose /usr/bin is someone else's would make this test moot */
  if (stat ("/usr/bin", &st) == 0 && st.st_uid == 0 && !(st.st_mode & 022))
    {
      assert_null (f.hooks[CINCH_HOOK_PRESTART][0].writable_by);
      assert_null (f.hooks[CINCH_HOOK_POSTSTOP][0].writable_by);
    }
  assert_null (f.hooks[CINCH_HOOK_PRESTART][1].realpath);
  assert_int_equal (f.hooks[CINCH_HOOK_PRESTART][1].err, ENOENT);
  assert_null (f.hooks[CINCH_HOOK_PRESTART][1].writable_by);
  assert_non_null (f.hooks[CINCH_HOOK_POSTSTOP][0].realpath);
  /* no hook of that kind: only the zeroed end marker */
  assert_null (f.hooks[CINCH_HOOK_CREATE_RUNTIME][0].realpath);
  assert_int_equal (f.hooks[CINCH_HOOK_CREATE_RUNTIME][0].err, 0);
  cinch_host_facts_clear (&f);
  cinch_plan_free (plan);
}

/* Who can change a hook: the file first, then its directories, then the
 * directories a symbolic link on the way went through.  */
static void
test_hook_writable (void **state)
{
  cleanup_free char *dir = cinch_xasprintf ("%s/hooks", scratch);
  cleanup_free char *hook = cinch_xasprintf ("%s/hooks/h", scratch);
  cleanup_free char *link = cinch_xasprintf ("%s/hooks/to-env", scratch);
  struct cinch_plan *plan;
  struct cinch_host_facts f;
  bool root = geteuid () == 0;
  struct stat st;

  (void) state;
  assert_int_equal (mkdir (dir, 0755), 0);
  assert_int_equal (chmod (scratch, 0755), 0);
  touch (hook, 0755);
  assert_int_equal (symlink ("/usr/bin/env", link), 0);
  plan = plan_with_hooks (hook, link, hook);

  cinch_host_facts_collect (plan, NULL, &f);
  assert_string_equal (f.hooks[CINCH_HOOK_PRESTART][0].realpath, hook);
  if (root)
    {
      /* root's own file in root's own directories, but under /tmp: anyone
       * can add entries there, sticky bit or not */
      assert_int_equal (stat ("/tmp", &st), 0);
      if (st.st_uid == 0 && (st.st_mode & 0777) == 0777)
        assert_string_equal (f.hooks[CINCH_HOOK_PRESTART][0].writable_by, "/tmp");
    }
  else
    /* a non-root owner can change it */
    assert_string_equal (f.hooks[CINCH_HOOK_PRESTART][0].writable_by, hook);
  /* the link resolves to a root-owned file in root-owned directories, but
   * it lives in a directory (and under /tmp) that others can change */
  assert_string_equal (f.hooks[CINCH_HOOK_PRESTART][1].realpath, "/usr/bin/env");
  assert_non_null (f.hooks[CINCH_HOOK_PRESTART][1].writable_by);
  assert_true (strncmp (f.hooks[CINCH_HOOK_PRESTART][1].writable_by, "/tmp", 4) == 0);
  cinch_host_facts_clear (&f);

  /* group-writable: the file itself is named, before any directory */
  assert_int_equal (chmod (hook, 0775), 0);
  cinch_host_facts_collect (plan, NULL, &f);
  assert_string_equal (f.hooks[CINCH_HOOK_PRESTART][0].writable_by, hook);
  assert_string_equal (f.hooks[CINCH_HOOK_POSTSTOP][0].writable_by, hook);
  cinch_host_facts_clear (&f);

  if (root)
    {
      /* a directory owned by another user */
      assert_int_equal (chmod (hook, 0755), 0);
      assert_int_equal (chown (dir, 1000, 0), 0);
      cinch_host_facts_collect (plan, NULL, &f);
      assert_string_equal (f.hooks[CINCH_HOOK_PRESTART][0].writable_by, dir);
      cinch_host_facts_clear (&f);
      /* others may write the directory */
      assert_int_equal (chown (dir, 0, 0), 0);
      assert_int_equal (chmod (dir, 0757), 0);
      cinch_host_facts_collect (plan, NULL, &f);
      assert_string_equal (f.hooks[CINCH_HOOK_PRESTART][0].writable_by, dir);
      cinch_host_facts_clear (&f);
    }
  cinch_plan_free (plan);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup_teardown (test_namespaces, setup, teardown),
    cmocka_unit_test_setup_teardown (test_bind_sources, setup, teardown),
    cmocka_unit_test_setup_teardown (test_hook_system, setup, teardown),
    cmocka_unit_test_setup_teardown (test_hook_writable, setup, teardown),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
