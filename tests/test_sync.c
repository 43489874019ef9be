/* Unit tests: the framed sync messages between cinch and the container
 * process (sync.c): payloads, fds, credentials, errors, EOF.  */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sync.h"
#include "util.h"

static void
pair (int sv[2])
{
  int one = 1;
  assert_int_equal (socketpair (AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv), 0);
  assert_int_equal (setsockopt (sv[0], SOL_SOCKET, SO_PASSCRED, &one, sizeof (one)), 0);
}

static void
test_payload_round_trip (void **state)
{
  int sv[2];
  cleanup_free struct cinch_sync_msg *m = cinch_xcalloc (1, sizeof (*m));
  (void) state;
  pair (sv);
  assert_int_equal (
      cinch_sync_send (sv[1], CINCH_SYNC_HOOKS_DONE, 0, "{\"id\":\"x\"}", 10, NULL, 0, 0), 0);
  assert_int_equal (cinch_sync_recv (sv[0], m), 0);
  assert_int_equal (m->type, CINCH_SYNC_HOOKS_DONE);
  assert_int_equal (m->len, 10);
  assert_string_equal (m->payload, "{\"id\":\"x\"}");
  assert_int_equal (m->n_fds, 0);
  /* Empty payloads are messages too.  */
  assert_int_equal (cinch_sync_send (sv[1], CINCH_SYNC_READY, 0, NULL, 0, NULL, 0, 0), 0);
  assert_int_equal (cinch_sync_recv (sv[0], m), 0);
  assert_int_equal (m->type, CINCH_SYNC_READY);
  assert_int_equal (m->len, 0);
  assert_string_equal (m->payload, "");
  close (sv[0]);
  close (sv[1]);
}

static void
test_fds_travel_cloexec (void **state)
{
  int sv[2], p[2];
  cleanup_free struct cinch_sync_msg *m = cinch_xcalloc (1, sizeof (*m));
  char c = 0;
  (void) state;
  pair (sv);
  assert_int_equal (pipe (p), 0);
  assert_int_equal (cinch_sync_send (sv[1], CINCH_SYNC_PTY, 0, "/dev/pts/3", 10, p, 2, 0), 0);
  assert_int_equal (cinch_sync_recv (sv[0], m), 0);
  assert_int_equal (m->n_fds, 2);
  assert_true (fcntl (m->fds[0], F_GETFD) & FD_CLOEXEC);
  assert_true (fcntl (m->fds[1], F_GETFD) & FD_CLOEXEC);
  /* They are the same pipe.  */
  assert_int_equal (write (p[1], "z", 1), 1);
  assert_int_equal (read (m->fds[0], &c, 1), 1);
  assert_int_equal (c, 'z');
  for (int i = 0; i < 2; i++)
    {
      close (m->fds[i]);
      close (p[i]);
    }
  close (sv[0]);
  close (sv[1]);
}

static void
test_error_and_credentials (void **state)
{
  int sv[2];
  cleanup_free struct cinch_sync_msg *m = cinch_xcalloc (1, sizeof (*m));
  cinch_error_t err = NULL;
  pid_t child;
  int status;
  (void) state;
  pair (sv);
  child = fork ();
  if (child == 0)
    {
      close (sv[0]);
      cinch_fail (&err, EACCES, "mounts[2].destination \"/x\"");
      if (cinch_sync_send (sv[1], CINCH_SYNC_PID, 0, NULL, 0, NULL, 0, 1) < 0
          || cinch_sync_send_error (sv[1], err) < 0)
        _exit (1);
      _exit (0);
    }
  close (sv[1]);
  assert_int_equal (cinch_sync_recv (sv[0], m), 0);
  assert_int_equal (m->type, CINCH_SYNC_PID);
  /* The kernel vouches for the sender's pid.  */
  assert_int_equal (m->cred_pid, child);
  assert_int_equal (cinch_sync_recv (sv[0], m), 0);
  assert_int_equal (m->type, CINCH_SYNC_ERROR);
  assert_int_equal (m->errnum, EACCES);
  assert_string_equal (m->payload, "mounts[2].destination \"/x\": Permission denied");
  assert_int_equal (waitpid (child, &status, 0), child);
  assert_int_equal (WEXITSTATUS (status), 0);
  /* The child is gone: EOF reads as EPIPE.  */
  assert_int_equal (cinch_sync_recv (sv[0], m), -1);
  assert_int_equal (errno, EPIPE);
  close (sv[0]);
}

static void
test_expect_and_limits (void **state)
{
  int sv[2], p[2];
  cleanup_free struct cinch_sync_msg *m = cinch_xcalloc (1, sizeof (*m));
  cleanup_free char *big = cinch_xmalloc (CINCH_SYNC_MAX_PAYLOAD + 1);
  (void) state;
  pair (sv);
  assert_int_equal (pipe (p), 0);
  /* A message of another type fails expect (EPROTO) and closes its fds. */
  assert_int_equal (cinch_sync_send (sv[1], CINCH_SYNC_READY, 0, NULL, 0, p, 1, 0), 0);
  assert_int_equal (cinch_sync_expect (sv[0], CINCH_SYNC_READY_ACK, m), -1);
  assert_int_equal (errno, EPROTO);
  assert_int_equal (m->n_fds, 0);
  assert_int_equal (cinch_sync_send (sv[1], CINCH_SYNC_READY_ACK, 0, NULL, 0, NULL, 0, 0), 0);
  assert_int_equal (cinch_sync_expect (sv[0], CINCH_SYNC_READY_ACK, m), 0);
  /* Oversized payloads are refused before anything is sent.  */
  memset (big, 'a', CINCH_SYNC_MAX_PAYLOAD + 1);
  assert_int_equal (
      cinch_sync_send (sv[1], CINCH_SYNC_ERROR, 0, big, CINCH_SYNC_MAX_PAYLOAD + 1, NULL, 0, 0),
      -1);
  assert_int_equal (errno, E2BIG);
  close (p[0]);
  close (p[1]);
  close (sv[0]);
  close (sv[1]);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_payload_round_trip),
    cmocka_unit_test (test_fds_travel_cloexec),
    cmocka_unit_test (test_error_and_credentials),
    cmocka_unit_test (test_expect_and_limits),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
