/* Unit tests for runtime/mount_options.c: every option word of the OCI
 * runtime spec and where it lands in struct cinch_mount.  */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>

#include "plan.h"
#include "util.h"

#ifndef MS_LAZYTIME
#define MS_LAZYTIME (1 << 25)
#endif

/* A mount of `type` with the given options (NULL-terminated list).  */
struct fixture
{
  struct cinch_mount m;
  cinch_error_t err;
};

static void
fixture_set (struct fixture *f, const char *type, const char *const *opts)
{
  size_t n = 0;
  while (opts && opts[n])
    n++;
  memset (f, 0, sizeof (*f));
  f->m.type = type ? strdup (type) : NULL;
  f->m.options = calloc (n + 1, sizeof (char *));
  for (size_t i = 0; i < n; i++)
    f->m.options[i] = strdup (opts[i]);
}

static void
fixture_clear (struct fixture *f)
{
  free (f->m.type);
  cinch_strv_free (f->m.options);
  free (f->m.data);
  cinch_error_free (&f->err);
}

#define OPTS(...) ((const char *const[]){ __VA_ARGS__, NULL })

static int
decode (struct fixture *f, const char *type, const char *const *opts)
{
  fixture_set (f, type, opts);
  return cinch_mount_options_decode (&f->m, "mounts[2]", &f->err);
}

static void
expect_error (const char *type, const char *const *opts, const char *msg)
{
  struct fixture f;
  assert_int_equal (decode (&f, type, opts), -1);
  assert_non_null (f.err);
  assert_string_equal (cinch_error_msg (f.err), msg);
  fixture_clear (&f);
}

struct attr_case
{
  const char *opt;
  uint64_t set, clr;
};

static void
test_attr_options (void **state)
{
  static const struct attr_case cases[] = {
    { "ro", MOUNT_ATTR_RDONLY, 0 },
    { "rw", 0, MOUNT_ATTR_RDONLY },
    { "nosuid", MOUNT_ATTR_NOSUID, 0 },
    { "suid", 0, MOUNT_ATTR_NOSUID },
    { "nodev", MOUNT_ATTR_NODEV, 0 },
    { "dev", 0, MOUNT_ATTR_NODEV },
    { "noexec", MOUNT_ATTR_NOEXEC, 0 },
    { "exec", 0, MOUNT_ATTR_NOEXEC },
    { "nodiratime", MOUNT_ATTR_NODIRATIME, 0 },
    { "diratime", 0, MOUNT_ATTR_NODIRATIME },
    { "nosymfollow", MOUNT_ATTR_NOSYMFOLLOW, 0 },
    { "symfollow", 0, MOUNT_ATTR_NOSYMFOLLOW },
    { "noatime", MOUNT_ATTR_NOATIME, MOUNT_ATTR__ATIME },
    { "relatime", MOUNT_ATTR_RELATIME, MOUNT_ATTR__ATIME },
    { "strictatime", MOUNT_ATTR_STRICTATIME, MOUNT_ATTR__ATIME },
    { "atime", MOUNT_ATTR_RELATIME, MOUNT_ATTR__ATIME },
    { "norelatime", 0, 0 },
    { "nostrictatime", 0, 0 },
  };
  (void) state;
  for (size_t i = 0; i < sizeof (cases) / sizeof (cases[0]); i++)
    {
      for (int bind = 0; bind < 2; bind++)
        {
          struct fixture f;
          const char *type = bind ? "bind" : "tmpfs";
          assert_int_equal (decode (&f, type, OPTS (cases[i].opt)), 0);
          assert_int_equal (f.m.attr_set, cases[i].set);
          assert_int_equal (f.m.attr_clr, cases[i].clr);
          assert_int_equal (f.m.rattr_set, 0);
          assert_int_equal (f.m.rattr_clr, 0);
          assert_int_equal (f.m.sb_flags, 0);
          assert_null (f.m.data);
          assert_int_equal (f.m.bind, bind);
          fixture_clear (&f);
        }
    }
}

static void
test_recursive_attr_options (void **state)
{
  static const struct attr_case cases[] = {
    { "rro", MOUNT_ATTR_RDONLY, 0 },
    { "rrw", 0, MOUNT_ATTR_RDONLY },
    { "rnosuid", MOUNT_ATTR_NOSUID, 0 },
    { "rsuid", 0, MOUNT_ATTR_NOSUID },
    { "rnodev", MOUNT_ATTR_NODEV, 0 },
    { "rdev", 0, MOUNT_ATTR_NODEV },
    { "rnoexec", MOUNT_ATTR_NOEXEC, 0 },
    { "rexec", 0, MOUNT_ATTR_NOEXEC },
    { "rnodiratime", MOUNT_ATTR_NODIRATIME, 0 },
    { "rdiratime", 0, MOUNT_ATTR_NODIRATIME },
    { "rnosymfollow", MOUNT_ATTR_NOSYMFOLLOW, 0 },
    { "rsymfollow", 0, MOUNT_ATTR_NOSYMFOLLOW },
    { "rnoatime", MOUNT_ATTR_NOATIME, MOUNT_ATTR__ATIME },
    { "rrelatime", MOUNT_ATTR_RELATIME, MOUNT_ATTR__ATIME },
    { "rstrictatime", MOUNT_ATTR_STRICTATIME, MOUNT_ATTR__ATIME },
    { "ratime", MOUNT_ATTR_RELATIME, MOUNT_ATTR__ATIME },
    { "rnorelatime", 0, 0 },
    { "rnostrictatime", 0, 0 },
  };
  (void) state;
  for (size_t i = 0; i < sizeof (cases) / sizeof (cases[0]); i++)
    {
      struct fixture f;
      assert_int_equal (decode (&f, NULL, OPTS ("rbind", cases[i].opt)), 0);
      assert_int_equal (f.m.rattr_set, cases[i].set);
      assert_int_equal (f.m.rattr_clr, cases[i].clr);
      assert_int_equal (f.m.attr_set, 0);
      assert_int_equal (f.m.attr_clr, 0);
      fixture_clear (&f);
    }
}

static void
test_last_option_wins (void **state)
{
  struct fixture f;
  (void) state;
  assert_int_equal (decode (&f, "bind", OPTS ("ro", "rw")), 0);
  assert_int_equal (f.m.attr_set, 0);
  assert_int_equal (f.m.attr_clr, MOUNT_ATTR_RDONLY);
  fixture_clear (&f);
  assert_int_equal (decode (&f, "bind", OPTS ("rw", "ro")), 0);
  assert_int_equal (f.m.attr_set, MOUNT_ATTR_RDONLY);
  assert_int_equal (f.m.attr_clr, 0);
  fixture_clear (&f);
  assert_int_equal (decode (&f, "bind", OPTS ("nosuid", "suid", "nosuid", "nodev")), 0);
  assert_int_equal (f.m.attr_set, MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV);
  assert_int_equal (f.m.attr_clr, 0);
  fixture_clear (&f);
  assert_int_equal (decode (&f, "bind", OPTS ("rro", "rrw")), 0);
  assert_int_equal (f.m.rattr_set, 0);
  assert_int_equal (f.m.rattr_clr, MOUNT_ATTR_RDONLY);
  fixture_clear (&f);
}

static void
test_atime_modes (void **state)
{
  struct fixture f;
  (void) state;
  /* a later mode replaces the earlier one, the field stays consistent */
  assert_int_equal (decode (&f, "tmpfs", OPTS ("noatime", "strictatime")), 0);
  assert_int_equal (f.m.attr_set, MOUNT_ATTR_STRICTATIME);
  assert_int_equal (f.m.attr_clr, MOUNT_ATTR__ATIME);
  fixture_clear (&f);
  assert_int_equal (decode (&f, "tmpfs", OPTS ("strictatime", "noatime")), 0);
  assert_int_equal (f.m.attr_set, MOUNT_ATTR_NOATIME);
  assert_int_equal (f.m.attr_clr, MOUNT_ATTR__ATIME);
  fixture_clear (&f);
  assert_int_equal (decode (&f, "tmpfs", OPTS ("noatime", "relatime")), 0);
  assert_int_equal (f.m.attr_set & MOUNT_ATTR__ATIME, MOUNT_ATTR_RELATIME);
  assert_int_equal (f.m.attr_clr, MOUNT_ATTR__ATIME);
  fixture_clear (&f);
  /* "atime" leaves noatime, keeps strictatime */
  assert_int_equal (decode (&f, "bind", OPTS ("noatime", "atime")), 0);
  assert_int_equal (f.m.attr_set, MOUNT_ATTR_RELATIME);
  assert_int_equal (f.m.attr_clr, MOUNT_ATTR__ATIME);
  fixture_clear (&f);
  assert_int_equal (decode (&f, "bind", OPTS ("strictatime", "atime")), 0);
  assert_int_equal (f.m.attr_set, MOUNT_ATTR_STRICTATIME);
  fixture_clear (&f);
  /* norelatime / nostrictatime forget only their own mode */
  assert_int_equal (decode (&f, "bind", OPTS ("relatime", "norelatime")), 0);
  assert_int_equal (f.m.attr_set, 0);
  assert_int_equal (f.m.attr_clr, 0);
  fixture_clear (&f);
  assert_int_equal (decode (&f, "bind", OPTS ("strictatime", "nostrictatime")), 0);
  assert_int_equal (f.m.attr_clr, 0);
  fixture_clear (&f);
  assert_int_equal (decode (&f, "bind", OPTS ("noatime", "norelatime", "nostrictatime")), 0);
  assert_int_equal (f.m.attr_set, MOUNT_ATTR_NOATIME);
  assert_int_equal (f.m.attr_clr, MOUNT_ATTR__ATIME);
  fixture_clear (&f);
  /* atime mode and other bits coexist */
  assert_int_equal (decode (&f, "tmpfs", OPTS ("nosuid", "strictatime", "nodiratime", "ro")), 0);
  assert_int_equal (f.m.attr_set, MOUNT_ATTR_NOSUID | MOUNT_ATTR_STRICTATIME | MOUNT_ATTR_NODIRATIME
                                      | MOUNT_ATTR_RDONLY);
  assert_int_equal (f.m.attr_clr, MOUNT_ATTR__ATIME);
  fixture_clear (&f);
  /* recursive and top-level atime are independent */
  assert_int_equal (decode (&f, NULL, OPTS ("rbind", "noatime", "rstrictatime")), 0);
  assert_int_equal (f.m.attr_set, MOUNT_ATTR_NOATIME);
  assert_int_equal (f.m.rattr_set, MOUNT_ATTR_STRICTATIME);
  assert_int_equal (f.m.rattr_clr, MOUNT_ATTR__ATIME);
  fixture_clear (&f);
}

static void
test_sb_flags (void **state)
{
  static const struct
  {
    const char *opt;
    unsigned long flag;
  } cases[] = {
    { "sync", MS_SYNCHRONOUS }, { "dirsync", MS_DIRSYNC },   { "mand", MS_MANDLOCK },
    { "silent", MS_SILENT },    { "lazytime", MS_LAZYTIME }, { "iversion", MS_I_VERSION },
  };
  static const char *const undo[] = { "async", NULL, "nomand", "loud", "nolazytime", "noiversion" };
  (void) state;
  for (size_t i = 0; i < sizeof (cases) / sizeof (cases[0]); i++)
    {
      struct fixture f;
      assert_int_equal (decode (&f, "ext4", OPTS (cases[i].opt)), 0);
      assert_int_equal (f.m.sb_flags, cases[i].flag);
      assert_int_equal (f.m.attr_set, 0);
      assert_null (f.m.data);
      fixture_clear (&f);
      if (undo[i] == NULL)
        continue;
      assert_int_equal (decode (&f, "ext4", OPTS (cases[i].opt, undo[i])), 0);
      assert_int_equal (f.m.sb_flags, 0);
      fixture_clear (&f);
      /* the clearing form is a no-op that is fine on a bind mount */
      assert_int_equal (decode (&f, "bind", OPTS (undo[i])), 0);
      assert_int_equal (f.m.sb_flags, 0);
      fixture_clear (&f);
    }
}

static void
test_sb_flags_refused_on_bind (void **state)
{
  (void) state;
  expect_error (NULL, OPTS ("rbind", "sync"),
                "mounts[2].options[1]: \"sync\" changes the filesystem superblock, which a "
                "bind mount shares with the host; it cannot be applied to a bind mount");
  /* bind given after the option still makes it a bind mount */
  expect_error ("none", OPTS ("lazytime", "bind"),
                "mounts[2].options[0]: \"lazytime\" changes the filesystem superblock, which a "
                "bind mount shares with the host; it cannot be applied to a bind mount");
}

static void
test_bind (void **state)
{
  struct fixture f;
  (void) state;
  assert_int_equal (decode (&f, "none", OPTS ("bind")), 0);
  assert_true (f.m.bind);
  assert_false (f.m.recursive);
  fixture_clear (&f);
  assert_int_equal (decode (&f, NULL, OPTS ("rbind")), 0);
  assert_true (f.m.bind);
  assert_true (f.m.recursive);
  fixture_clear (&f);
  assert_int_equal (decode (&f, NULL, OPTS ("rbind", "bind")), 0);
  assert_true (f.m.recursive);
  fixture_clear (&f);
  /* type "bind" alone is a (non-recursive) bind mount */
  assert_int_equal (decode (&f, "bind", OPTS ("ro")), 0);
  assert_true (f.m.bind);
  assert_false (f.m.recursive);
  fixture_clear (&f);
  assert_int_equal (decode (&f, "bind", NULL), 0);
  assert_true (f.m.bind);
  fixture_clear (&f);
  assert_int_equal (decode (&f, "tmpfs", OPTS ("ro")), 0);
  assert_false (f.m.bind);
  assert_false (f.m.recursive);
  fixture_clear (&f);
}

static void
test_ro_on_new_filesystem (void **state)
{
  struct fixture f;
  (void) state;
  /* "ro" must make a fresh mount read-only too (mount level) */
  assert_int_equal (decode (&f, "cgroup2", OPTS ("nosuid", "noexec", "nodev", "relatime", "ro")),
                    0);
  assert_true (f.m.attr_set & MOUNT_ATTR_RDONLY);
  assert_true (f.m.attr_set & MOUNT_ATTR_NOSUID);
  assert_true (f.m.attr_set & MOUNT_ATTR_NOEXEC);
  assert_true (f.m.attr_set & MOUNT_ATTR_NODEV);
  assert_int_equal (f.m.attr_clr, MOUNT_ATTR__ATIME);
  assert_null (f.m.data);
  fixture_clear (&f);
}

static void
test_propagation (void **state)
{
  static const struct
  {
    const char *opt;
    enum cinch_propagation p;
    bool rec;
  } cases[] = {
    { "private", CINCH_PROP_PRIVATE, false },       { "rprivate", CINCH_PROP_PRIVATE, true },
    { "shared", CINCH_PROP_SHARED, false },         { "rshared", CINCH_PROP_SHARED, true },
    { "slave", CINCH_PROP_SLAVE, false },           { "rslave", CINCH_PROP_SLAVE, true },
    { "unbindable", CINCH_PROP_UNBINDABLE, false }, { "runbindable", CINCH_PROP_UNBINDABLE, true },
  };
  struct fixture f;
  (void) state;
  for (size_t i = 0; i < sizeof (cases) / sizeof (cases[0]); i++)
    {
      assert_int_equal (decode (&f, NULL, OPTS ("rbind", cases[i].opt)), 0);
      assert_int_equal (f.m.propagation, cases[i].p);
      assert_int_equal (f.m.propagation_recursive, cases[i].rec);
      assert_int_equal (f.m.attr_set | f.m.attr_clr | f.m.rattr_set | f.m.rattr_clr, 0);
      fixture_clear (&f);
    }
  assert_int_equal (decode (&f, "tmpfs", OPTS ("rshared", "private")), 0);
  assert_int_equal (f.m.propagation, CINCH_PROP_PRIVATE);
  assert_false (f.m.propagation_recursive);
  fixture_clear (&f);
  assert_int_equal (decode (&f, "tmpfs", NULL), 0);
  assert_int_equal (f.m.propagation, CINCH_PROP_NONE);
  fixture_clear (&f);
}

static void
test_idmap (void **state)
{
  struct fixture f;
  (void) state;
  assert_int_equal (decode (&f, NULL, OPTS ("bind", "idmap")), 0);
  assert_true (f.m.idmap);
  assert_false (f.m.ridmap);
  fixture_clear (&f);
  assert_int_equal (decode (&f, NULL, OPTS ("rbind", "ridmap")), 0);
  assert_true (f.m.ridmap);
  assert_false (f.m.idmap);
  fixture_clear (&f);
  assert_int_equal (decode (&f, "bind", OPTS ("idmap")), 0);
  assert_true (f.m.idmap);
  fixture_clear (&f);
  expect_error ("tmpfs", OPTS ("idmap"),
                "mounts[2].options[0]: \"idmap\" id-mapped mounts are only supported for bind "
                "mounts");
  expect_error ("ext4", OPTS ("ro", "ridmap"),
                "mounts[2].options[1]: \"ridmap\" id-mapped mounts are only supported for bind "
                "mounts");
}

static void
test_tmpcopyup (void **state)
{
  struct fixture f;
  (void) state;
  assert_int_equal (decode (&f, "tmpfs", OPTS ("tmpcopyup", "size=1m")), 0);
  assert_true (f.m.tmpcopyup);
  assert_string_equal (f.m.data, "size=1m");
  fixture_clear (&f);
  expect_error ("proc", OPTS ("tmpcopyup"),
                "mounts[2].options[0]: \"tmpcopyup\" only applies to tmpfs mounts");
  expect_error (NULL, OPTS ("rbind", "tmpcopyup"),
                "mounts[2].options[1]: \"tmpcopyup\" only applies to tmpfs mounts");
}

static void
test_data (void **state)
{
  struct fixture f;
  (void) state;
  assert_int_equal (
      decode (&f, "devpts",
              OPTS ("nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5")),
      0);
  assert_string_equal (f.m.data, "newinstance,ptmxmode=0666,mode=0620,gid=5");
  assert_int_equal (f.m.attr_set, MOUNT_ATTR_NOSUID | MOUNT_ATTR_NOEXEC);
  fixture_clear (&f);
  assert_int_equal (decode (&f, "tmpfs", OPTS ("nosuid", "strictatime", "mode=755", "size=65536k")),
                    0);
  assert_string_equal (f.m.data, "mode=755,size=65536k");
  fixture_clear (&f);
  /* a single data option */
  assert_int_equal (decode (&f, "overlay", OPTS ("lowerdir=/a:/b")), 0);
  assert_string_equal (f.m.data, "lowerdir=/a:/b");
  fixture_clear (&f);
  /* no options at all */
  assert_int_equal (decode (&f, "proc", NULL), 0);
  assert_null (f.m.data);
  assert_int_equal (f.m.attr_set | f.m.attr_clr | f.m.sb_flags, 0);
  fixture_clear (&f);
}

static void
test_defaults_is_noop (void **state)
{
  struct fixture f;
  (void) state;
  assert_int_equal (decode (&f, "tmpfs", OPTS ("nosuid", "defaults")), 0);
  assert_int_equal (f.m.attr_set, MOUNT_ATTR_NOSUID);
  assert_int_equal (f.m.attr_clr, 0);
  assert_null (f.m.data);
  fixture_clear (&f);
}

static void
test_errors (void **state)
{
  (void) state;
  expect_error ("tmpfs", OPTS ("nosuid", ""), "mounts[2].options[1]: empty mount option");
  expect_error ("tmpfs", OPTS ("remount"),
                "mounts[2].options[0]: \"remount\" is not meaningful for a container mount (the "
                "runtime creates every mount fresh); remove it");
  expect_error (NULL, OPTS ("rbind", "nosiud"),
                "mounts[2].options[1]: unknown mount option \"nosiud\" for a bind mount (a bind "
                "mount takes no filesystem options)");
  expect_error ("bind", OPTS ("mode=755"),
                "mounts[2].options[0]: unknown mount option \"mode=755\" for a bind mount (a bind "
                "mount takes no filesystem options)");
  {
    /* long words are cut in the message (91 bytes kept) */
    char word[120], msg[300];
    memset (word, 'a', sizeof (word) - 1);
    word[sizeof (word) - 1] = '\0';
    snprintf (msg, sizeof (msg),
              "mounts[2].options[0]: unknown mount option \"%.91s...\" for a bind mount (a "
              "bind mount takes no filesystem options)",
              word);
    expect_error ("bind", OPTS (word), msg);
  }
  /* control characters in the option are escaped in the message */
  expect_error ("bind", OPTS ("a\x1b[31m\""),
                "mounts[2].options[0]: unknown mount option \"a\\x1b[31m\\x22\" for a bind mount "
                "(a bind mount takes no filesystem options)");
}

static void
test_failure_leaves_mount_untouched (void **state)
{
  struct fixture f;
  (void) state;
  fixture_set (&f, "tmpfs", OPTS ("ro", "size=1k", ""));
  f.m.data = strdup ("previous");
  f.m.attr_set = 12345;
  assert_int_equal (cinch_mount_options_decode (&f.m, "mounts[0]", &f.err), -1);
  assert_string_equal (f.m.data, "previous");
  assert_int_equal (f.m.attr_set, 12345);
  fixture_clear (&f);
}

static void
test_redecode_replaces (void **state)
{
  struct fixture f;
  (void) state;
  assert_int_equal (decode (&f, "tmpfs", OPTS ("size=1k")), 0);
  assert_string_equal (f.m.data, "size=1k");
  /* decoding again recomputes everything and frees the old data */
  assert_int_equal (cinch_mount_options_decode (&f.m, "mounts[2]", &f.err), 0);
  assert_string_equal (f.m.data, "size=1k");
  fixture_clear (&f);
}

static void
test_null_json_path (void **state)
{
  struct fixture f;
  (void) state;
  fixture_set (&f, "tmpfs", OPTS (""));
  assert_int_equal (cinch_mount_options_decode (&f.m, NULL, &f.err), -1);
  assert_string_equal (cinch_error_msg (f.err), "mount.options[0]: empty mount option");
  fixture_clear (&f);
}

static void
test_every_spec_option_known (void **state)
{
  /* config.md "Linux mount options" (but "remount", refused on purpose):
   * none of them may fall through to the filesystem data.  */
  static const char *const all[] = {
    "async",        "atime",       "bind",        "defaults",       "dev",
    "diratime",     "exec",        "iversion",    "lazytime",       "loud",
    "nomand",       "noatime",     "nodev",       "nodiratime",     "noexec",
    "noiversion",   "nolazytime",  "norelatime",  "nostrictatime",  "nosuid",
    "nosymfollow",  "private",     "ratime",      "rbind",          "rdev",
    "rdiratime",    "relatime",    "rexec",       "rnoatime",       "rnodiratime",
    "rnoexec",      "rnodev",      "rnorelatime", "rnostrictatime", "rnosuid",
    "rnosymfollow", "ro",          "rprivate",    "rrelatime",      "rro",
    "rrw",          "rshared",     "rslave",      "rstrictatime",   "rsuid",
    "rsymfollow",   "runbindable", "rw",          "shared",         "slave",
    "strictatime",  "suid",        "symfollow",   "unbindable",     "idmap",
    "ridmap",       "sync",        "dirsync",     "mand",           "silent",
    "tmpcopyup",
  };
  (void) state;
  for (size_t i = 0; i < sizeof (all) / sizeof (all[0]); i++)
    {
      struct fixture f;
      bool idmap = strstr (all[i], "idmap") != NULL;
      if (decode (&f, idmap ? "bind" : "tmpfs", OPTS (all[i])) != 0)
        fail_msg ("option %s: %s", all[i], cinch_error_msg (f.err));
      assert_null (f.m.data);
      fixture_clear (&f);
    }
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_attr_options),
    cmocka_unit_test (test_recursive_attr_options),
    cmocka_unit_test (test_last_option_wins),
    cmocka_unit_test (test_atime_modes),
    cmocka_unit_test (test_sb_flags),
    cmocka_unit_test (test_sb_flags_refused_on_bind),
    cmocka_unit_test (test_bind),
    cmocka_unit_test (test_ro_on_new_filesystem),
    cmocka_unit_test (test_propagation),
    cmocka_unit_test (test_idmap),
    cmocka_unit_test (test_tmpcopyup),
    cmocka_unit_test (test_data),
    cmocka_unit_test (test_defaults_is_noop),
    cmocka_unit_test (test_errors),
    cmocka_unit_test (test_failure_leaves_mount_untouched),
    cmocka_unit_test (test_redecode_replaces),
    cmocka_unit_test (test_null_json_path),
    cmocka_unit_test (test_every_spec_option_known),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
