/* Unit tests: state file round trip, state directories and status.  */
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "state.h"
#include "util.h"

static void
test_round_trip (void **state)
{
  struct cinch_kv ann[2] = { { "a", "1" }, { "org.example/key", "va\"lue" } };
  struct cinch_state st = { .id = "c1",
                            .pid = 1234,
                            .start_time = 987654321ULL,
                            .bundle = "/b",
                            .rootfs = "/b/rootfs",
                            .created = "2026-01-01T00:00:00.000000000Z",
                            .owner_uid = 0,
                            .own_pid_ns = true,
                            .config_path = "/b/config.json",
                            .annotations = ann,
                            .n_annotations = 2 };
  struct cinch_state back = { 0 };
  cinch_error_t err = NULL;
  cleanup_free char *s = cinch_state_to_json (&st);
  (void) state;

  assert_int_equal (cinch_state_from_json (s, &back, &err), 0);
  assert_string_equal (back.id, "c1");
  assert_int_equal (back.pid, 1234);
  assert_true (back.start_time == 987654321ULL);
  assert_string_equal (back.bundle, "/b");
  assert_string_equal (back.rootfs, "/b/rootfs");
  assert_string_equal (back.created, st.created);
  assert_true (back.own_pid_ns);
  assert_string_equal (back.config_path, "/b/config.json");
  assert_int_equal (back.n_annotations, 2);
  for (size_t i = 0; i < 2; i++)
    {
      bool found = false;
      for (size_t j = 0; j < 2; j++)
        if (strcmp (back.annotations[j].key, ann[i].key) == 0)
          {
            assert_string_equal (back.annotations[j].value, ann[i].value);
            found = true;
          }
      assert_true (found);
    }
  cinch_state_clear (&back);
}

static void
test_from_json_errors (void **state)
{
  struct cinch_state back = { 0 };
  cinch_error_t err = NULL;
  (void) state;

  assert_int_equal (cinch_state_from_json ("{", &back, &err), -1);
  assert_non_null (strstr (err->msg, "state file: invalid JSON"));
  cinch_error_free (&err);
  assert_int_equal (cinch_state_from_json ("[]", &back, &err), -1);
  cinch_error_free (&err);
  assert_int_equal (cinch_state_from_json ("{\"id\":\"x\",\"bundle\":\"/b\",\"rootfs\":\"/r\","
                                           "\"created\":\"t\",\"pid\":-4}",
                                           &back, &err),
                    -1);
  assert_non_null (strstr (err->msg, "`pid`"));
  cinch_error_free (&err);
  assert_int_equal (cinch_state_from_json ("{\"bundle\":\"/b\"}", &back, &err), -1);
  assert_non_null (strstr (err->msg, "`id`"));
  cinch_error_free (&err);
  assert_null (back.id);
}

static void
test_oci_json (void **state)
{
  struct cinch_state st = {
    .id = "c1", .pid = 42, .bundle = "/b", .rootfs = "/b/rootfs", .created = "t"
  };
  cleanup_free char *running = cinch_state_oci_json (&st, CINCH_STATUS_RUNNING);
  cleanup_free char *stopped = cinch_state_oci_json (&st, CINCH_STATUS_STOPPED);
  (void) state;
  assert_non_null (strstr (running, "\"status\": \"running\""));
  assert_non_null (strstr (running, "\"pid\": 42"));
  assert_non_null (strstr (running, "\"ociVersion\""));
  assert_non_null (strstr (running, "\"annotations\": {}"));
  assert_non_null (strstr (stopped, "\"pid\": 0"));
}

static void
test_dirs_and_status (void **state)
{
  char tmpl[] = "/tmp/cinch-state-XXXXXX";
  char *root = mkdtemp (tmpl);
  cinch_error_t err = NULL;
  int rootfd = -1, dirfd = -1, dirfd2 = -1;
  struct cinch_state st = { .id = "c1", .bundle = "/b", .rootfs = "/r", .created = "t" };
  struct cinch_state back = { 0 };
  pid_t child;
  (void) state;

  assert_non_null (root);
  assert_int_equal (cinch_state_root_open (root, true, &rootfd, &err), 0);
  assert_int_equal (cinch_state_dir_create (rootfd, "c1", &dirfd, &err), 0);
  /* Second create of the same id fails and names it.  */
  assert_int_equal (cinch_state_dir_create (rootfd, "c1", &dirfd2, &err), -1);
  assert_non_null (strstr (err->msg, "container `c1` already exists"));
  cinch_error_free (&err);
  assert_int_equal (dirfd2, -1);

  /* Our own process: running, then created while the fifo exists.  */
  st.pid = getpid ();
  st.start_time = cinch_proc_start_time (getpid ());
  assert_true (st.start_time > 0);
  assert_int_equal (cinch_state_write (dirfd, &st, &err), 0);
  assert_int_equal (cinch_state_read (dirfd, "c1", &back, &err), 0);
  assert_int_equal (back.pid, getpid ());
  assert_int_equal (cinch_state_status (dirfd, &back), CINCH_STATUS_RUNNING);
  assert_int_equal (mkfifoat (dirfd, CINCH_EXEC_FIFO, 0600), 0);
  assert_int_equal (cinch_state_status (dirfd, &back), CINCH_STATUS_CREATED);
  /* A reused pid (different start time) is a stopped container.  */
  back.start_time += 1;
  assert_int_equal (cinch_state_status (dirfd, &back), CINCH_STATUS_STOPPED);
  cinch_state_clear (&back);

  /* A zombie is stopped too.  */
  child = fork ();
  if (child == 0)
    _exit (0);
  usleep (100000);
  assert_int_equal (cinch_proc_start_time (child), 0);
  st.pid = child;
  st.start_time = 0;
  assert_int_equal (cinch_state_status (dirfd, &st), CINCH_STATUS_STOPPED);
  waitpid (child, NULL, 0);

  close (dirfd);
  assert_int_equal (cinch_state_dir_open (rootfd, "c1", true, &dirfd, &err), 0);
  close (dirfd);
  assert_int_equal (cinch_state_dir_remove (rootfd, "c1", &err), 0);
  assert_int_equal (cinch_state_dir_open (rootfd, "c1", false, &dirfd, &err), -1);
  assert_non_null (strstr (err->msg, "container `c1` does not exist"));
  cinch_error_free (&err);
  /* State directory without state file.  */
  assert_int_equal (cinch_state_dir_create (rootfd, "c2", &dirfd, &err), 0);
  assert_int_equal (cinch_state_read (dirfd, "c2", &back, &err), -1);
  assert_non_null (strstr (err->msg, "no state file"));
  cinch_error_free (&err);
  close (dirfd);
  assert_int_equal (cinch_state_dir_remove (rootfd, "c2", &err), 0);
  close (rootfd);
  assert_int_equal (rmdir (root), 0);
}

static void
test_start_time_parse (void **state)
{
  (void) state;
  assert_true (cinch_proc_start_time (getpid ()) > 0);
  assert_int_equal (cinch_proc_start_time (0x3ffffff0), 0);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_round_trip),       cmocka_unit_test (test_from_json_errors),
    cmocka_unit_test (test_oci_json),         cmocka_unit_test (test_dirs_and_status),
    cmocka_unit_test (test_start_time_parse),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
