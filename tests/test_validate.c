/* Unit tests: the pure checks made before anything is created
 * (validate.c), each refusal with the JSON path it names.  */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include <sched.h>

#include "init.h"
#include "plan.h"
#include "util.h"
#include "validate.h"

/* A minimal valid config; extra is spliced into the top-level object and
 * linux_extra into "linux".  */
static struct cinch_plan *
plan_of (const char *extra, const char *ns, const char *linux_extra)
{
  struct cinch_plan *p = NULL;
  cinch_error_t err = NULL;
  cleanup_free char *json = cinch_xasprintf (
      "{\"ociVersion\": \"1.0.2\", \"root\": {\"path\": \"rootfs\"},"
      " \"process\": {\"cwd\": \"/\", \"args\": [\"sh\"], \"user\": {\"uid\": 0, \"gid\": 0}}"
      "%s%s, \"linux\": {\"namespaces\": [%s]%s%s}}",
      *extra ? ", " : "", extra, ns, *linux_extra ? ", " : "", linux_extra);

  if (cinch_plan_parse (json, strlen (json), "/tmp/bundle", &p, &err) < 0)
    fail_msg ("test config does not parse: %s\n%s", cinch_error_msg (err), json);
  return p;
}

static void
expect_refused (const char *extra, const char *ns, const char *linux_extra, bool console,
                bool foreground, const char *needle)
{
  struct cinch_plan *p = plan_of (extra, ns, linux_extra);
  cinch_error_t err = NULL;

  if (cinch_plan_validate (p, console, foreground, &err) == 0)
    fail_msg ("accepted, expected a refusal containing \"%s\"", needle);
  if (strstr (cinch_error_msg (err), needle) == NULL)
    fail_msg ("message \"%s\" lacks \"%s\"", cinch_error_msg (err), needle);
  cinch_error_free (&err);
  cinch_plan_free (p);
}

static void
expect_accepted (const char *extra, const char *ns, const char *linux_extra, bool console,
                 bool foreground)
{
  struct cinch_plan *p = plan_of (extra, ns, linux_extra);
  cinch_error_t err = NULL;

  if (cinch_plan_validate (p, console, foreground, &err) < 0)
    fail_msg ("refused: %s", cinch_error_msg (err));
  cinch_plan_free (p);
}

#define MNT "{\"type\": \"mount\"}"

static void
test_mount_namespace_required (void **state)
{
  (void) state;
  expect_refused ("", "{\"type\": \"pid\"}", "", false, true, "a mount namespace is required");
  expect_accepted ("", MNT, "", false, true);
  /* Joining one is accepted: then no rootfs is set up at all.  */
  expect_accepted ("", "{\"type\": \"mount\", \"path\": \"/proc/1/ns/mnt\"}", "", false, true);
}

static void
test_process_required (void **state)
{
  struct cinch_plan *p = NULL;
  cinch_error_t err = NULL;
  const char *json = "{\"ociVersion\": \"1.0.2\", \"root\": {\"path\": \"rootfs\"},"
                     " \"linux\": {\"namespaces\": [" MNT "]}}";
  (void) state;
  assert_int_equal (cinch_plan_parse (json, strlen (json), "/b", &p, &err), 0);
  assert_int_equal (cinch_plan_validate (p, false, true, &err), -1);
  assert_string_equal (cinch_error_msg (err), "process: required to create a container");
  cinch_error_free (&err);
  cinch_plan_free (p);
}

static void
test_hostname_needs_uts (void **state)
{
  (void) state;
  expect_refused ("\"hostname\": \"h\"", MNT, "", false, true,
                  "hostname: setting the hostname needs a new uts namespace");
  expect_refused ("\"domainname\": \"d\"", MNT, "", false, true, "domainname:");
  /* A joined uts namespace is not ours to rename.  */
  expect_refused ("\"hostname\": \"h\"", MNT ", {\"type\": \"uts\", \"path\": \"/proc/1/ns/uts\"}",
                  "", false, true, "hostname:");
  expect_accepted ("\"hostname\": \"h\"", MNT ", {\"type\": \"uts\"}", "", false, true);
}

static void
test_id_mappings_and_user_namespace (void **state)
{
  const char *maps = "\"uidMappings\": [{\"containerID\": 0, \"hostID\": 1000, \"size\": 1}],"
                     " \"gidMappings\": [{\"containerID\": 0, \"hostID\": 1000, \"size\": 1}]";
  (void) state;
  expect_refused ("", MNT, maps, false, true, "linux.uidMappings: id mappings need a new user");
  expect_refused ("", MNT ", {\"type\": \"user\"}", "", false, true,
                  "linux.uidMappings: a new user namespace needs uid and gid mappings");
  expect_refused ("", MNT ", {\"type\": \"user\"}",
                  "\"uidMappings\": [{\"containerID\": 0, \"hostID\": 1000, \"size\": 1}]", false,
                  true, "linux.gidMappings:");
  expect_accepted ("", MNT ", {\"type\": \"user\"}", maps, false, true);
}

static void
test_time_offsets_need_time_namespace (void **state)
{
  const char *off = "\"timeOffsets\": {\"boottime\": {\"secs\": 10, \"nanosecs\": 0}}";
  (void) state;
  expect_refused ("", MNT, off, false, true, "linux.timeOffsets: needs a new time namespace");
  expect_accepted ("", MNT ", {\"type\": \"time\"}", off, false, true);
}

static void
test_terminal_needs_somewhere_to_go (void **state)
{
  struct cinch_plan *p = plan_of ("", MNT, "");
  cinch_error_t err = NULL;
  (void) state;
  p->process.terminal = true;
  assert_int_equal (cinch_plan_validate (p, false, false, &err), -1);
  assert_non_null (strstr (cinch_error_msg (err), "no --console-socket"));
  cinch_error_free (&err);
  assert_int_equal (cinch_plan_validate (p, true, false, &err), 0);
  assert_int_equal (cinch_plan_validate (p, false, true, &err), 0);
  cinch_plan_free (p);
}

static void
test_sysctls (void **state)
{
  (void) state;
  expect_refused ("", MNT, "\"sysctl\": {\"net.ipv4.ip_forward\": \"1\"}", false, true,
                  "linux.sysctl[\"net.ipv4.ip_forward\"]: needs a private network namespace");
  expect_accepted ("", MNT ", {\"type\": \"network\"}",
                   "\"sysctl\": {\"net.ipv4.ip_forward\": \"1\"}", false, true);
  expect_refused ("", MNT, "\"sysctl\": {\"kernel.shmmax\": \"1\"}", false, true,
                  "needs a private ipc namespace");
  expect_refused ("", MNT, "\"sysctl\": {\"fs.mqueue.msg_max\": \"1\"}", false, true,
                  "needs a private ipc namespace");
  expect_accepted ("", MNT ", {\"type\": \"ipc\"}", "\"sysctl\": {\"kernel.shmmax\": \"1\"}", false,
                   true);
  expect_refused ("", MNT, "\"sysctl\": {\"kernel.domainname\": \"x\"}", false, true,
                  "needs a private uts namespace");
  expect_refused ("", MNT ", {\"type\": \"network\"}", "\"sysctl\": {\"vm.swappiness\": \"1\"}",
                  false, true, "not a namespaced sysctl");
  expect_refused ("", MNT ", {\"type\": \"network\"}",
                  "\"sysctl\": {\"net.ipv4.ip_forward\": \"1\\n2\"}", false, true,
                  "must not contain a newline");
}

static void
test_two_step_and_flags (void **state)
{
  const char *maps = "\"uidMappings\": [{\"containerID\": 0, \"hostID\": 1000, \"size\": 1}],"
                     " \"gidMappings\": [{\"containerID\": 0, \"hostID\": 1000, \"size\": 1}]";
  struct cinch_plan *p;
  (void) state;

  p = plan_of ("", MNT ", {\"type\": \"pid\"}, {\"type\": \"network\"}, {\"type\": \"time\"}", "");
  assert_false (cinch_plan_needs_two_step (p));
  assert_int_equal (cinch_plan_new_ns_flags (p), CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWNET);
  cinch_plan_free (p);

  /* New user namespace, all else new: one clone.  */
  p = plan_of ("", MNT ", {\"type\": \"user\"}, {\"type\": \"network\"}", maps);
  assert_false (cinch_plan_needs_two_step (p));
  assert_int_equal (cinch_plan_new_ns_flags (p), CLONE_NEWNS | CLONE_NEWUSER | CLONE_NEWNET);
  cinch_plan_free (p);

  /* New user namespace joining a host network namespace: join first.  */
  p = plan_of ("", MNT ", {\"type\": \"user\"}, {\"type\": \"network\", \"path\": \"/x\"}", maps);
  assert_true (cinch_plan_needs_two_step (p));
  assert_int_equal (cinch_plan_new_ns_flags (p), CLONE_NEWNS | CLONE_NEWUSER);
  cinch_plan_free (p);

  /* A joined pid namespace is entered around the clone: no two-step.  */
  p = plan_of ("", MNT ", {\"type\": \"user\"}, {\"type\": \"pid\", \"path\": \"/x\"}", maps);
  assert_false (cinch_plan_needs_two_step (p));
  cinch_plan_free (p);

  /* A joined user namespace with new ones: they must be made inside it. */
  p = plan_of ("", MNT ", {\"type\": \"user\", \"path\": \"/x\"}", "");
  assert_true (cinch_plan_needs_two_step (p));
  cinch_plan_free (p);
}

static void
test_find_executable (void **state)
{
  char tmpl[] = "/tmp/cinch-exe-XXXXXX";
  char *dir = mkdtemp (tmpl);
  cleanup_free char *exe = NULL, *plain = NULL, *path_env = NULL, *found = NULL;
  cinch_error_t err = NULL;
  FILE *f;
  (void) state;

  assert_non_null (dir);
  exe = cinch_xasprintf ("%s/prog", dir);
  plain = cinch_xasprintf ("%s/data", dir);
  f = fopen (exe, "w");
  fclose (f);
  f = fopen (plain, "w");
  fclose (f);
  assert_int_equal (chmod (exe, 0755), 0);
  path_env = cinch_xasprintf ("PATH=/nonexistent:%s", dir);
  {
    char *env[] = { path_env, NULL };
    /* Found through PATH from the process's own env.  */
    assert_int_equal (cinch_init_find_executable ("prog", env, &found, &err), 0);
    assert_string_equal (found, exe);
    free (found);
    found = NULL;
    /* Not executable: not a match.  */
    assert_int_equal (cinch_init_find_executable ("data", env, &found, &err), -1);
    assert_non_null (strstr (cinch_error_msg (err), "`data`: executable file not found in $PATH"));
    cinch_error_free (&err);
  }
  /* A path with '/' is taken as is.  */
  assert_int_equal (cinch_init_find_executable (exe, NULL, &found, &err), 0);
  assert_string_equal (found, exe);
  assert_int_equal (cinch_init_find_executable (plain, NULL, &found, &err), -1);
  assert_non_null (strstr (cinch_error_msg (err), "is not an executable file"));
  cinch_error_free (&err);
  unlink (exe);
  unlink (plain);
  rmdir (dir);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_mount_namespace_required),
    cmocka_unit_test (test_process_required),
    cmocka_unit_test (test_hostname_needs_uts),
    cmocka_unit_test (test_id_mappings_and_user_namespace),
    cmocka_unit_test (test_time_offsets_need_time_namespace),
    cmocka_unit_test (test_terminal_needs_somewhere_to_go),
    cmocka_unit_test (test_sysctls),
    cmocka_unit_test (test_two_step_and_flags),
    cmocka_unit_test (test_find_executable),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
