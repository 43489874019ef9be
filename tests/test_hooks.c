/* Unit tests for hooks/hooks.c: real hooks (small shell scripts written to
 * a temporary directory) run through cinch_hooks_run, and what they saw is
 * read back from files they write: the state on stdin, argv, environ.
 *
 * The test process makes itself a child subreaper, so that anything a hook
 * leaves behind is re-parented here and can be counted (and cleaned up).  */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <jansson.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "hooks.h"
#include "plan.h"
#include "util.h"

static const char state_json[] =
    "{\"ociVersion\":\"1.2.0\",\"id\":\"c1\",\"status\":\"creating\",\"pid\":4242,"
    "\"bundle\":\"/b\",\"annotations\":{\"k\":\"v \\u00e9\\n\\\"q\\\"\"}}";

/* The temporary directory of this run (group setup).  */
static char tmpdir[] = "/tmp/cinch-test-hooks-XXXXXX";

/* ------------------------------------------------------------------ */
/* Helpers.  */

static char *
tmp_path (const char *name)
{
  return cinch_xasprintf ("%s/%s", tmpdir, name);
}

/* Write an executable "#!/bin/sh" script; returns its path (caller frees). */
static char *
script (const char *name, const char *body)
{
  char *path = tmp_path (name);
  FILE *f = fopen (path, "w");

  assert_non_null (f);
  fprintf (f, "#!/bin/sh\n%s\n", body);
  assert_int_equal (fclose (f), 0);
  assert_int_equal (chmod (path, 0755), 0);
  return path;
}

/* A hook object: {"path": path, "args": [...], "env": [...], "timeout": t}.
 * args/env are NULL-terminated lists or NULL (absent); timeout 0: absent. */
static json_t *
hook (const char *path, const char *const *args, const char *const *env, int timeout)
{
  json_t *h = json_pack ("{s:s}", "path", path);
  const char *const *lists[] = { args, env };
  static const char *const keys[] = { "args", "env" };

  assert_non_null (h);
  for (size_t i = 0; i < 2; i++)
    if (lists[i] != NULL)
      {
        json_t *a = json_array ();
        for (const char *const *s = lists[i]; *s; s++)
          json_array_append_new (a, json_string (*s));
        json_object_set_new (h, keys[i], a);
      }
  if (timeout > 0)
    json_object_set_new (h, "timeout", json_integer (timeout));
  return h;
}

/* A plan whose hooks.<kind> is `hooks` (a JSON array, consumed), through the
 * real parser.  */
static struct cinch_plan *
plan_with (const char *kind, json_t *hooks)
{
  json_t *cfg = json_pack ("{s:s, s:{s:s}, s:{s:o}}", "ociVersion", "1.2.0", "root", "path",
                           "rootfs", "hooks", kind, hooks);
  cleanup_free char *text = NULL;
  struct cinch_plan *plan = NULL;
  cinch_error_t err = NULL;

  assert_non_null (cfg);
  text = json_dumps (cfg, 0);
  json_decref (cfg);
  assert_non_null (text);
  if (cinch_plan_parse (text, strlen (text), tmpdir, &plan, &err) < 0)
    fail_msg ("%s", cinch_error_msg (err));
  return plan;
}

static char *
slurp (const char *path, size_t *len)
{
  char *text = NULL;
  cinch_error_t err = NULL;

  if (cinch_read_file (path, 16 << 20, &text, len, &err) < 0)
    fail_msg ("%s", cinch_error_msg (err));
  return text;
}

static bool
exists (const char *path)
{
  struct stat st;
  return lstat (path, &st) == 0;
}

static double
now (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (double) ts.tv_sec + (double) ts.tv_nsec / 1e9;
}

/* Kill every process re-parented to us (we are a subreaper) and reap it. */
static void
kill_children (void)
{
  DIR *d = opendir ("/proc");
  struct dirent *e;

  assert_non_null (d);
  while ((e = readdir (d)) != NULL)
    {
      cleanup_free char *stat_path = NULL;
      char buf[512], *close_paren;
      size_t n;
      int ppid = 0;
      FILE *f;

      if (e->d_name[0] < '0' || e->d_name[0] > '9')
        continue;
      stat_path = cinch_xasprintf ("/proc/%s/stat", e->d_name);
      if ((f = fopen (stat_path, "r")) == NULL)
        continue;
      n = fread (buf, 1, sizeof (buf) - 1, f);
      fclose (f);
      buf[n] = '\0';
      close_paren = strrchr (buf, ')');
      if (close_paren && sscanf (close_paren + 1, " %*c %d", &ppid) == 1 && ppid == getpid ())
        kill (atoi (e->d_name), SIGKILL);
    }
  closedir (d);
  while (waitpid (-1, NULL, 0) > 0)
    ;
}

/* How many of our children are still running after up to `secs` seconds
 * (they are reaped as they die).  Any left are killed.  */
static int
children_left_after (double secs)
{
  double deadline = now () + secs;

  for (;;)
    {
      pid_t r = waitpid (-1, NULL, WNOHANG);
      if (r < 0 && errno == ECHILD)
        return 0;
      if (r > 0)
        continue;
      if (now () > deadline)
        {
          kill_children ();
          return 1;
        }
      usleep (20 * 1000);
    }
}

static int
rm_one (const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
  return remove (path);
}

static int
group_setup (void **state)
{
  if (mkdtemp (tmpdir) == NULL)
    return -1;
  /* Orphans of a hook come to us, not to init: they can be counted.  */
  if (prctl (PR_SET_CHILD_SUBREAPER, 1) < 0)
    return -1;
  /* A hook must see only the env it lists.  */
  setenv ("CINCH_TEST_MUST_NOT_LEAK", "1", 1);
  return 0;
}

static int
group_teardown (void **state)
{
  return nftw (tmpdir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* ------------------------------------------------------------------ */
/* What a hook receives.  */

static void
test_state_on_stdin (void **state)
{
  cleanup_free char *out = tmp_path ("stdin.out");
  cleanup_free char *body = cinch_xasprintf ("cat > '%s'", out);
  cleanup_free char *path = script ("stdin.sh", body);
  struct cinch_plan *plan = plan_with ("prestart", json_pack ("[o]", hook (path, NULL, NULL, 0)));
  cleanup_free char *got = NULL;
  cinch_error_t err = NULL;
  size_t len = 0;

  assert_int_equal (cinch_hooks_run (plan, CINCH_HOOK_PRESTART, state_json, &err), 0);
  assert_null (err);
  got = slurp (out, &len);
  assert_int_equal (len, strlen (state_json));
  assert_memory_equal (got, state_json, len);
  cinch_plan_free (plan);
}

/* argv[0] is args[0], not the path: seen in /proc/<pid>/cmdline of a
 * binary hook (a script's interpreter never sees its argv[0]).  */
static void
test_argv_from_args (void **state)
{
  cleanup_free char *out = tmp_path ("cmdline.out");
  cleanup_free char *cmd = cinch_xasprintf ("cat /proc/$$/cmdline > '%s'; exit 0", out);
  const char *const args[] = { "hook-argv0", "-c", cmd, "dollar0", "one", "two words", "", NULL };
  struct cinch_plan *plan =
      plan_with ("createRuntime", json_pack ("[o]", hook ("/bin/sh", args, NULL, 0)));
  cleanup_free char *got = NULL;
  cinch_error_t err = NULL;
  char expected[512];
  size_t len = 0, n = 0;

  for (size_t i = 0; args[i]; i++)
    {
      memcpy (expected + n, args[i], strlen (args[i]) + 1);
      n += strlen (args[i]) + 1;
    }
  assert_int_equal (cinch_hooks_run (plan, CINCH_HOOK_CREATE_RUNTIME, state_json, &err), 0);
  got = slurp (out, &len);
  assert_int_equal (len, n);
  assert_memory_equal (got, expected, n);
  cinch_plan_free (plan);
}

/* args[1..] are the script's "$@"; no args at all: no arguments.  */
static void
test_script_arguments (void **state)
{
  cleanup_free char *out = tmp_path ("args.out");
  cleanup_free char *body =
      cinch_xasprintf ("echo \"$#\" >> '%s'; printf '[%%s]\\n' \"$@\" >> '%s'", out, out);
  cleanup_free char *path = script ("args.sh", body);
  const char *const args[] = { "ignored-argv0", "one", "two words", NULL };
  struct cinch_plan *plan = plan_with (
      "poststart", json_pack ("[o, o]", hook (path, args, NULL, 0), hook (path, NULL, NULL, 0)));
  cleanup_free char *got = NULL;
  cinch_error_t err = NULL;
  size_t len = 0;

  assert_int_equal (cinch_hooks_run (plan, CINCH_HOOK_POSTSTART, state_json, &err), 0);
  got = slurp (out, &len);
  /* printf with no arguments still prints its format once: "[]".  */
  assert_string_equal (got, "2\n[one]\n[two words]\n0\n[]\n");
  cinch_plan_free (plan);
}

/* Exactly the env listed (the runtime's own env does not leak), and none
 * when env is absent.  */
static void
test_env_only_listed (void **state)
{
  cleanup_free char *out = tmp_path ("environ.out");
  cleanup_free char *out2 = tmp_path ("environ2.out");
  cleanup_free char *body2 = cinch_xasprintf ("cat /proc/$$/environ > '%s'; exit 0", out2);
  cleanup_free char *path = script ("env.sh", "cat /proc/$$/environ > \"$OUT\"; exit 0");
  cleanup_free char *path2 = script ("noenv.sh", body2);
  cleanup_free char *out_kv = cinch_xasprintf ("OUT=%s", out);
  const char *const env[] = { "FOO=bar", "EMPTY=", "WITH_EQ=a=b", out_kv, NULL };
  struct cinch_plan *plan =
      plan_with ("createContainer",
                 json_pack ("[o, o]", hook (path, NULL, env, 0), hook (path2, NULL, NULL, 0)));
  cleanup_free char *got = NULL, *got2 = NULL;
  cinch_error_t err = NULL;
  char expected[1024];
  size_t len = 0, n = 0;

  for (size_t i = 0; env[i]; i++)
    {
      memcpy (expected + n, env[i], strlen (env[i]) + 1);
      n += strlen (env[i]) + 1;
    }
  assert_int_equal (cinch_hooks_run (plan, CINCH_HOOK_CREATE_CONTAINER, state_json, &err), 0);
  got = slurp (out, &len);
  assert_int_equal (len, n);
  assert_memory_equal (got, expected, n);
  got2 = slurp (out2, &len);
  assert_int_equal (len, 0);
  cinch_plan_free (plan);
}

/* ------------------------------------------------------------------ */
/* Failures.  */

static void
test_exit_status_names_hook (void **state)
{
  cleanup_free char *ok = script ("ok.sh", "exit 0");
  cleanup_free char *bad = script ("exit3.sh", "exit 3");
  struct cinch_plan *plan = plan_with (
      "createRuntime", json_pack ("[o, o]", hook (ok, NULL, NULL, 0), hook (bad, NULL, NULL, 0)));
  cleanup_free char *expected =
      cinch_xasprintf ("hooks.createRuntime[1] `%s`: exited with status 3", bad);
  cinch_error_t err = NULL;

  assert_int_equal (cinch_hooks_run (plan, CINCH_HOOK_CREATE_RUNTIME, state_json, &err), -1);
  assert_non_null (err);
  assert_string_equal (cinch_error_msg (err), expected);
  assert_int_equal (err->errnum, 0);
  cinch_error_free (&err);
  cinch_plan_free (plan);
}

static void
test_stops_at_first_failure (void **state)
{
  cleanup_free char *ran0 = tmp_path ("ran0"), *ran2 = tmp_path ("ran2");
  cleanup_free char *body0 = cinch_xasprintf ("touch '%s'", ran0);
  cleanup_free char *body2 = cinch_xasprintf ("touch '%s'", ran2);
  cleanup_free char *h0 = script ("first.sh", body0);
  cleanup_free char *h1 = script ("second.sh", "exit 1");
  cleanup_free char *h2 = script ("third.sh", body2);
  struct cinch_plan *plan =
      plan_with ("prestart", json_pack ("[o, o, o]", hook (h0, NULL, NULL, 0),
                                        hook (h1, NULL, NULL, 0), hook (h2, NULL, NULL, 0)));
  cleanup_free char *expected =
      cinch_xasprintf ("hooks.prestart[1] `%s`: exited with status 1", h1);
  cinch_error_t err = NULL;

  assert_int_equal (cinch_hooks_run (plan, CINCH_HOOK_PRESTART, state_json, &err), -1);
  assert_string_equal (cinch_error_msg (err), expected);
  assert_true (exists (ran0));
  assert_false (exists (ran2));
  cinch_error_free (&err);
  cinch_plan_free (plan);
}

static void
test_killed_by_signal (void **state)
{
  cleanup_free char *path = script ("killed.sh", "kill -9 $$");
  struct cinch_plan *plan = plan_with ("poststop", json_pack ("[o]", hook (path, NULL, NULL, 0)));
  cleanup_free char *expected =
      cinch_xasprintf ("hooks.poststop[0] `%s`: killed by signal %d", path, SIGKILL);
  cinch_error_t err = NULL;

  assert_int_equal (cinch_hooks_run (plan, CINCH_HOOK_POSTSTOP, state_json, &err), -1);
  assert_string_equal (cinch_error_msg (err), expected);
  cinch_error_free (&err);
  cinch_plan_free (plan);
}

/* The timeout kills the hook and what it started: a script's `sleep` is a
 * child of the shell, not the shell.  */
static void
test_timeout_kills_hook (void **state)
{
  cleanup_free char *path = script ("sleeper.sh", "sleep 10");
  struct cinch_plan *plan =
      plan_with ("startContainer", json_pack ("[o]", hook (path, NULL, NULL, 1)));
  cleanup_free char *expected =
      cinch_xasprintf ("hooks.startContainer[0] `%s`: timed out after 1 s", path);
  cinch_error_t err = NULL;
  double t0 = now (), elapsed;

  assert_int_equal (cinch_hooks_run (plan, CINCH_HOOK_START_CONTAINER, state_json, &err), -1);
  elapsed = now () - t0;
  assert_string_equal (cinch_error_msg (err), expected);
  assert_true (elapsed >= 0.9 && elapsed < 5);
  assert_int_equal (children_left_after (2), 0);
  cinch_error_free (&err);
  cinch_plan_free (plan);
}

static void
test_missing_path (void **state)
{
  cleanup_free char *path = tmp_path ("no-such-hook");
  struct cinch_plan *plan = plan_with ("prestart", json_pack ("[o]", hook (path, NULL, NULL, 0)));
  cleanup_free char *prefix = cinch_xasprintf ("hooks.prestart[0] `%s`: ", path);
  cinch_error_t err = NULL;
  const char *msg;

  assert_int_equal (cinch_hooks_run (plan, CINCH_HOOK_PRESTART, state_json, &err), -1);
  msg = cinch_error_msg (err);
  assert_int_equal (strncmp (msg, prefix, strlen (prefix)), 0);
  assert_int_equal (err->errnum, ENOENT);
  assert_non_null (strstr (msg, strerror (ENOENT)));
  cinch_error_free (&err);
  cinch_plan_free (plan);
}

static void
test_not_executable (void **state)
{
  cleanup_free char *path = script ("noexec.sh", "exit 0");
  struct cinch_plan *plan = plan_with ("prestart", json_pack ("[o]", hook (path, NULL, NULL, 0)));
  cleanup_free char *prefix = cinch_xasprintf ("hooks.prestart[0] `%s`: ", path);
  cinch_error_t err = NULL;

  assert_int_equal (chmod (path, 0644), 0);
  assert_int_equal (cinch_hooks_run (plan, CINCH_HOOK_PRESTART, state_json, &err), -1);
  assert_int_equal (strncmp (cinch_error_msg (err), prefix, strlen (prefix)), 0);
  assert_int_equal (err->errnum, EACCES);
  cinch_error_free (&err);
  cinch_plan_free (plan);
}

/* ------------------------------------------------------------------ */
/* A hook that does not read its stdin.  */

/* A state far larger than a pipe buffer.  */
static char *
big_state (void)
{
  size_t n = 2 << 20;
  char *s = cinch_xmalloc (n + 64);
  int o = sprintf (s, "{\"id\":\"c1\",\"annotations\":{\"big\":\"");

  memset (s + o, 'x', n);
  strcpy (s + o + n, "\"}}");
  return s;
}

/* Not an error (the spec does not make hooks read their stdin): no EPIPE,
 * no SIGPIPE, no hang.  */
static void
test_large_state_not_read (void **state)
{
  cleanup_free char *big = big_state ();
  cleanup_free char *path = script ("noread.sh", "exit 0");
  cleanup_free char *path2 = script ("noread-slow.sh", "sleep 0.3; exit 0");
  struct cinch_plan *plan = plan_with (
      "poststop", json_pack ("[o, o]", hook (path, NULL, NULL, 0), hook (path2, NULL, NULL, 0)));
  cinch_error_t err = NULL;
  struct sigaction sa;
  double t0 = now ();

  if (cinch_hooks_run (plan, CINCH_HOOK_POSTSTOP, big, &err) < 0)
    fail_msg ("%s", cinch_error_msg (err));
  assert_true (now () - t0 < 5);
  /* SIGPIPE is back to what it was.  */
  assert_int_equal (sigaction (SIGPIPE, NULL, &sa), 0);
  assert_true (sa.sa_handler == SIG_DFL);
  cinch_plan_free (plan);
}

/* The timeout holds while the state is still being written.  */
static void
test_timeout_while_state_not_read (void **state)
{
  cleanup_free char *big = big_state ();
  cleanup_free char *path = script ("noread-sleeper.sh", "sleep 10");
  struct cinch_plan *plan = plan_with ("prestart", json_pack ("[o]", hook (path, NULL, NULL, 1)));
  cleanup_free char *expected =
      cinch_xasprintf ("hooks.prestart[0] `%s`: timed out after 1 s", path);
  cinch_error_t err = NULL;
  double t0 = now ();

  assert_int_equal (cinch_hooks_run (plan, CINCH_HOOK_PRESTART, big, &err), -1);
  assert_true (now () - t0 < 5);
  assert_string_equal (cinch_error_msg (err), expected);
  assert_int_equal (children_left_after (2), 0);
  cinch_error_free (&err);
  cinch_plan_free (plan);
}

static void
test_no_hooks (void **state)
{
  struct cinch_plan *plan = plan_with ("prestart", json_array ());
  cinch_error_t err = NULL;

  for (int k = 0; k < CINCH_HOOK_KIND_COUNT; k++)
    assert_int_equal (cinch_hooks_run (plan, (enum cinch_hook_kind) k, state_json, &err), 0);
  assert_null (err);
  cinch_plan_free (plan);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_state_on_stdin),
    cmocka_unit_test (test_argv_from_args),
    cmocka_unit_test (test_script_arguments),
    cmocka_unit_test (test_env_only_listed),
    cmocka_unit_test (test_exit_status_names_hook),
    cmocka_unit_test (test_stops_at_first_failure),
    cmocka_unit_test (test_killed_by_signal),
    cmocka_unit_test (test_timeout_kills_hook),
    cmocka_unit_test (test_missing_path),
    cmocka_unit_test (test_not_executable),
    cmocka_unit_test (test_large_state_not_read),
    cmocka_unit_test (test_timeout_while_state_not_read),
    cmocka_unit_test (test_no_hooks),
  };
  return cmocka_run_group_tests (tests, group_setup, group_teardown);
}
