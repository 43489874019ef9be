/* Unit tests: the kernel side of cgroup.c on fake cgroup directories
 * (plain files in /tmp): writing a conversion's files and the errors that
 * name the JSON path and the file, the pids of a cgroup tree, the frozen
 * state from cgroup.events.  Real cgroups are exercised end to end
 * (integration/cgroup.bats on the host, integration/vm in the VM).  */
#include <fcntl.h>
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

#include "cgroup.h"
#include "util.h"

static char dir[64];

static int
setup (void **state)
{
  (void) state;
  strcpy (dir, "/tmp/cinch-test-cgroup.XXXXXX");
  return mkdtemp (dir) ? 0 : -1;
}

static int
teardown (void **state)
{
  cleanup_free char *cmd = cinch_xasprintf ("rm -rf '%s'", dir);
  (void) state;
  return system (cmd) == 0 ? 0 : -1;
}

static void
put (const char *name, const char *content)
{
  cleanup_free char *p = cinch_xasprintf ("%s/%s", dir, name);
  FILE *f = fopen (p, "w");
  assert_non_null (f);
  fputs (content, f);
  fclose (f);
}

static char *
get (const char *name)
{
  cleanup_free char *p = cinch_xasprintf ("%s/%s", dir, name);
  char *text = NULL;
  size_t len;
  assert_int_equal (cinch_read_file (p, 4096, &text, &len, NULL), 0);
  return text;
}

static void
open_fake (struct cinch_cgroup *cg)
{
  cg->path = cinch_xstrdup (dir);
  cg->dirfd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  assert_true (cg->dirfd >= 0);
}

static void
add (struct cinch_cgroup_writes *w, enum cinch_cgroup_controller c, const char *file,
     const char *value, const char *path)
{
  w->v = cinch_xrealloc (w->v, (w->n + 1) * sizeof (*w->v));
  w->v[w->n].controller = c;
  w->v[w->n].file = cinch_xstrdup (file);
  w->v[w->n].value = cinch_xstrdup (value);
  w->v[w->n].json_path = cinch_xstrdup (path);
  w->n++;
}

static void
test_apply_writes_in_order (void **state)
{
  struct cinch_cgroup cg = CINCH_CGROUP_INIT;
  struct cinch_cgroup_writes w = { 0 };
  cinch_error_t err = NULL;
  (void) state;

  put ("memory.max", "max\n");
  put ("pids.max", "max\n");
  open_fake (&cg);
  add (&w, CINCH_CG_MEMORY, "memory.max", "1048576", "linux.resources.memory.limit");
  add (&w, CINCH_CG_PIDS, "pids.max", "20", "linux.resources.pids.limit");
  assert_int_equal (cinch_cgroup_apply (&cg, &w, &err), 0);
  {
    cleanup_free char *m = get ("memory.max"), *p = get ("pids.max");
    /* (a plain file keeps what was there past the written bytes) */
    assert_int_equal (strncmp (m, "1048576", 7), 0);
    assert_int_equal (strncmp (p, "20", 2), 0);
  }
  cinch_cgroup_writes_clear (&w);
  cinch_cgroup_close (&cg);
}

static void
test_apply_missing_file_names_path_and_file (void **state)
{
  struct cinch_cgroup cg = CINCH_CGROUP_INIT;
  struct cinch_cgroup_writes w = { 0 };
  cinch_error_t err = NULL;
  (void) state;

  open_fake (&cg);
  add (&w, CINCH_CG_HUGETLB, "hugetlb.3MB.max", "1", "linux.resources.hugepageLimits[1]");
  assert_int_equal (cinch_cgroup_apply (&cg, &w, &err), -1);
  assert_non_null (strstr (cinch_error_msg (err), "linux.resources.hugepageLimits[1]"));
  assert_non_null (strstr (cinch_error_msg (err), "/hugetlb.3MB.max does not exist"));
  assert_non_null (strstr (cinch_error_msg (err), "hugetlb controller"));
  cinch_error_free (&err);
  cinch_cgroup_writes_clear (&w);
  cinch_cgroup_close (&cg);
}

static void
test_apply_no_swap_accounting (void **state)
{
  struct cinch_cgroup cg = CINCH_CGROUP_INIT;
  struct cinch_cgroup_writes w = { 0 };
  cinch_error_t err = NULL;
  (void) state;

  /* No memory.swap.max (a kernel without swap accounting): lifting the
   * limit ("max") is nothing to do, a real limit is an error.  */
  put ("memory.max", "max\n");
  open_fake (&cg);
  add (&w, CINCH_CG_MEMORY, "memory.swap.max", "max", "linux.resources.memory.swap");
  add (&w, CINCH_CG_MEMORY, "memory.max", "4096", "linux.resources.memory.limit");
  assert_int_equal (cinch_cgroup_apply (&cg, &w, &err), 0);
  cinch_cgroup_writes_clear (&w);
  add (&w, CINCH_CG_MEMORY, "memory.swap.max", "0", "linux.resources.memory.swap");
  assert_int_equal (cinch_cgroup_apply (&cg, &w, &err), -1);
  assert_non_null (strstr (cinch_error_msg (err), "linux.resources.memory.swap"));
  assert_non_null (strstr (cinch_error_msg (err), "memory.swap.max"));
  cinch_error_free (&err);
  cinch_cgroup_writes_clear (&w);
  cinch_cgroup_close (&cg);
}

static void
test_pids_of_a_tree_sorted (void **state)
{
  struct cinch_cgroup cg = CINCH_CGROUP_INIT;
  cleanup_free pid_t *pids = NULL;
  size_t n = 0;
  cinch_error_t err = NULL;
  cleanup_free char *sub = cinch_xasprintf ("%s/child", dir);
  cleanup_free char *subsub = cinch_xasprintf ("%s/child/grandchild", dir);
  (void) state;

  put ("cgroup.procs", "300\n12\n");
  assert_int_equal (mkdir (sub, 0755), 0);
  assert_int_equal (mkdir (subsub, 0755), 0);
  put ("child/cgroup.procs", "7\n");
  put ("child/grandchild/cgroup.procs", "4000\n55\n");
  open_fake (&cg);
  assert_int_equal (cinch_cgroup_pids (cg.dirfd, &pids, &n, &err), 0);
  assert_int_equal (n, 5);
  assert_int_equal (pids[0], 7);
  assert_int_equal (pids[1], 12);
  assert_int_equal (pids[2], 55);
  assert_int_equal (pids[3], 300);
  assert_int_equal (pids[4], 4000);
  cinch_cgroup_close (&cg);
}

static void
test_frozen_from_events (void **state)
{
  struct cinch_cgroup cg = CINCH_CGROUP_INIT;
  (void) state;

  open_fake (&cg);
  assert_int_equal (cinch_cgroup_is_frozen (cg.dirfd), -1);
  put ("cgroup.events", "populated 1\nfrozen 1\n");
  assert_int_equal (cinch_cgroup_is_frozen (cg.dirfd), 1);
  put ("cgroup.events", "populated 0\nfrozen 0\n");
  assert_int_equal (cinch_cgroup_is_frozen (cg.dirfd), 0);
  cinch_cgroup_close (&cg);
}

static void
test_create_refuses_bad_paths (void **state)
{
  struct cinch_cgroup_host h = { .mount = dir };
  struct cinch_cgroup cg = CINCH_CGROUP_INIT;
  cinch_error_t err = NULL;
  (void) state;

  assert_int_equal (cinch_cgroup_create (&h, "/", 0, &cg, &err), -1);
  cinch_error_free (&err);
  assert_int_equal (cinch_cgroup_create (&h, "relative", 0, &cg, &err), -1);
  cinch_error_free (&err);
  assert_int_equal (cinch_cgroup_create (&h, "/a/../b", 0, &cg, &err), -1);
  assert_non_null (strstr (cinch_error_msg (err), "/a/../b"));
  cinch_error_free (&err);
  assert_int_equal (cg.dirfd, -1);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup_teardown (test_apply_writes_in_order, setup, teardown),
    cmocka_unit_test_setup_teardown (test_apply_missing_file_names_path_and_file, setup, teardown),
    cmocka_unit_test_setup_teardown (test_apply_no_swap_accounting, setup, teardown),
    cmocka_unit_test_setup_teardown (test_pids_of_a_tree_sorted, setup, teardown),
    cmocka_unit_test_setup_teardown (test_frozen_from_events, setup, teardown),
    cmocka_unit_test_setup_teardown (test_create_refuses_bad_paths, setup, teardown),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
