/* Unit tests: container ids and command-line option parsing.  */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "cli.h"
#include "state.h"
#include "util.h"

static void
expect_id_ok (const char *id)
{
  cinch_error_t err = NULL;
  assert_int_equal (cinch_id_validate (id, &err), 0);
  assert_null (err);
}

static void
expect_id_bad (const char *id, const char *needle)
{
  cinch_error_t err = NULL;
  assert_int_equal (cinch_id_validate (id, &err), -1);
  assert_non_null (err);
  assert_non_null (strstr (err->msg, needle));
  cinch_error_free (&err);
}

static void
test_ids_valid (void **state)
{
  (void) state;
  expect_id_ok ("a");
  expect_id_ok ("abc123");
  expect_id_ok ("A.b_c+d-e");
  expect_id_ok ("0container");
  expect_id_ok ("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
}

static void
test_ids_invalid (void **state)
{
  char big[CINCH_ID_MAX + 2];
  (void) state;
  expect_id_bad ("", "empty");
  expect_id_bad ("-abc", "invalid container id `-abc`");
  expect_id_bad (".hidden", "invalid container id");
  expect_id_bad ("_x", "invalid container id");
  expect_id_bad ("a/b", "invalid container id `a/b`");
  expect_id_bad ("..", "invalid container id");
  expect_id_bad ("a b", "invalid container id");
  expect_id_bad ("a\nb", "invalid container id");
  expect_id_bad ("ü", "invalid container id");
  memset (big, 'a', sizeof (big) - 1);
  big[sizeof (big) - 1] = '\0';
  expect_id_bad (big, "the limit is 1024");
  big[CINCH_ID_MAX] = '\0';
  expect_id_ok (big);
}

enum
{
  T_BUNDLE = 1,
  T_DETACH,
  T_PRESERVE,
  T_NOSUB
};

static const struct cinch_opt topts[] = {
  { "bundle", 'b', true, T_BUNDLE },
  { "detach", 'd', false, T_DETACH },
  { "preserve-fds", 0, true, T_PRESERVE },
  { "no-subreaper", 0, false, T_NOSUB },
  { NULL, 0, false, 0 },
};

struct seen
{
  const char *bundle;
  int detach, nosub;
  const char *preserve;
  const char *pos[4];
  int n_pos;
};

static int
parse_all (char **argv, int argc, struct seen *s, cinch_error_t *err)
{
  struct cinch_argparse ap = { .argc = argc, .argv = argv, .index = 0 };
  int id, r;
  const char *arg;
  memset (s, 0, sizeof (*s));
  while ((r = cinch_argparse_next (&ap, topts, "run", &id, &arg, err)) != -2)
    {
      if (r < 0)
        return -1;
      if (r == 0)
        {
          s->pos[s->n_pos++] = arg;
          continue;
        }
      switch (id)
        {
        case T_BUNDLE:
          s->bundle = arg;
          break;
        case T_DETACH:
          s->detach = arg == NULL ? 1 : 2;
          break;
        case T_PRESERVE:
          s->preserve = arg;
          break;
        case T_NOSUB:
          s->nosub = 1;
          break;
        }
    }
  return 0;
}

static void
test_argparse_spellings (void **state)
{
  struct seen s;
  cinch_error_t err = NULL;
  (void) state;
  {
    char *argv[] = { "--bundle", "/b", "-d", "ID" };
    assert_int_equal (parse_all (argv, 4, &s, &err), 0);
    assert_string_equal (s.bundle, "/b");
    assert_int_equal (s.detach, 1);
    assert_int_equal (s.n_pos, 1);
    assert_string_equal (s.pos[0], "ID");
  }
  {
    char *argv[] = { "--bundle=/c", "ID", "--detach" };
    assert_int_equal (parse_all (argv, 3, &s, &err), 0);
    assert_string_equal (s.bundle, "/c");
    assert_int_equal (s.detach, 1);
  }
  {
    /* go-runc's single-dash long forms.  */
    char *argv[] = { "-bundle", "/d", "-no-subreaper", "-preserve-fds=2", "ID" };
    assert_int_equal (parse_all (argv, 5, &s, &err), 0);
    assert_string_equal (s.bundle, "/d");
    assert_int_equal (s.nosub, 1);
    assert_string_equal (s.preserve, "2");
  }
  {
    char *argv[] = { "-b/e", "ID" };
    assert_int_equal (parse_all (argv, 2, &s, &err), 0);
    assert_string_equal (s.bundle, "/e");
  }
  {
    char *argv[] = { "--detach=false", "--", "-notanoption" };
    assert_int_equal (parse_all (argv, 3, &s, &err), 0);
    assert_int_equal (s.detach, 2);
    assert_string_equal (s.pos[0], "-notanoption");
  }
}

static void
test_argparse_errors (void **state)
{
  struct seen s;
  cinch_error_t err = NULL;
  (void) state;
  {
    char *argv[] = { "--bogus", "ID" };
    assert_int_equal (parse_all (argv, 2, &s, &err), -1);
    assert_non_null (strstr (err->msg, "unknown option `--bogus`"));
    cinch_error_free (&err);
  }
  {
    char *argv[] = { "--bundle" };
    assert_int_equal (parse_all (argv, 1, &s, &err), -1);
    assert_non_null (strstr (err->msg, "`--bundle` needs a value"));
    cinch_error_free (&err);
  }
  {
    char *argv[] = { "--detach=maybe" };
    assert_int_equal (parse_all (argv, 1, &s, &err), -1);
    assert_non_null (strstr (err->msg, "takes no value"));
    cinch_error_free (&err);
  }
}

static void
test_opt_parse_int (void **state)
{
  cinch_error_t err = NULL;
  int v = -1;
  (void) state;
  assert_int_equal (cinch_opt_parse_int ("--preserve-fds", "3", 100, &v, &err), 0);
  assert_int_equal (v, 3);
  assert_int_equal (cinch_opt_parse_int ("--preserve-fds", "-1", 100, &v, &err), -1);
  assert_non_null (strstr (err->msg, "--preserve-fds: invalid value `-1`"));
  cinch_error_free (&err);
  assert_int_equal (cinch_opt_parse_int ("--preserve-fds", "101", 100, &v, &err), -1);
  cinch_error_free (&err);
  assert_int_equal (cinch_opt_parse_int ("--preserve-fds", "3x", 100, &v, &err), -1);
  cinch_error_free (&err);
  assert_int_equal (v, 3);
}

static void
test_error_contract (void **state)
{
  cinch_error_t err = NULL;
  (void) state;
  assert_int_equal (cinch_fail (&err, ENOENT, "open `%s`", "/x"), -1);
  assert_string_equal (cinch_error_msg (err), "open `/x`: No such file or directory");
  assert_int_equal (err->errnum, ENOENT);
  assert_int_equal (cinch_error_wrap (&err, "mounts[%d]", 3), -1);
  assert_string_equal (cinch_error_msg (err), "mounts[3]: open `/x`: No such file or directory");
  /* A new failure replaces the old one.  */
  assert_int_equal (cinch_fail_code (&err, EPERM, "container `%s` is busy", "c"), -1);
  assert_string_equal (cinch_error_msg (err), "container `c` is busy");
  assert_int_equal (err->errnum, EPERM);
  cinch_error_free (&err);
  assert_null (err);
  assert_string_equal (cinch_error_msg (NULL), "unknown error");
  /* Callers that do not want the error may pass NULL.  */
  assert_int_equal (cinch_fail (NULL, 0, "ignored"), -1);
  assert_int_equal (cinch_error_wrap (&err, "nothing to wrap"), -1);
  assert_null (err);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_ids_valid),          cmocka_unit_test (test_ids_invalid),
    cmocka_unit_test (test_argparse_spellings), cmocka_unit_test (test_argparse_errors),
    cmocka_unit_test (test_opt_parse_int),
    cmocka_unit_test (test_error_contract),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
