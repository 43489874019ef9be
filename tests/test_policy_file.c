/* Unit tests: the policy file (policy_file.c) — built-in defaults, every
 * key, every error with the file:line and key it names, and loading
 * (missing default file, missing explicit file, --policy, unsafe
 * permissions).  */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
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

#include "plan.h"
#include "policy.h"
#include "util.h"

static uint64_t
bit (const char *name)
{
  int cap = cinch_cap_from_name (name);
  if (cap < 0)
    fail_msg ("unknown capability %s in the test", name);
  return UINT64_C (1) << cap;
}

static void
assert_strv (char **v, const char *const *want, size_t n)
{
  assert_non_null (v);
  assert_int_equal (cinch_strv_len (v), n);
  for (size_t i = 0; i < n; i++)
    assert_string_equal (v[i], want[i]);
}

static const char *const default_dirs[] = {
  "/usr/libexec/cinch/hooks",
  "/usr/libexec/oci/hooks.d",
  "/usr/bin",
  "/usr/sbin",
  "/usr/libexec",
  "/usr/lib",
  "/usr/local/libexec/cinch",
};

static uint64_t
default_caps (void)
{
  return bit ("CAP_CHOWN") | bit ("CAP_DAC_OVERRIDE") | bit ("CAP_FOWNER") | bit ("CAP_FSETID")
         | bit ("CAP_KILL") | bit ("CAP_NET_BIND_SERVICE") | bit ("CAP_SETGID") | bit ("CAP_SETUID")
         | bit ("CAP_SETPCAP") | bit ("CAP_SYS_CHROOT");
}

static void
assert_defaults (const struct cinch_policy *pol)
{
  assert_int_equal (pol->profile, CINCH_PROFILE_HARDENED);
  assert_int_equal (pol->userns_pool_first, 1000000000u);
  assert_int_equal (pol->userns_pool_slots, 1024u);
  assert_false (pol->allow_no_userns);
  assert_int_equal (pol->default_caps, default_caps ());
  assert_int_equal (pol->userns_allowed_caps, 0);
  assert_string_equal (pol->tmpfs_size, "64m");
  assert_strv (pol->hook_dirs, default_dirs, CINCH_ARRAY_SIZE (default_dirs));
  assert_strv (pol->bind_allow, NULL, 0);
  assert_false (pol->unenforceable_limits_warn);
  assert_int_equal (pol->default_pids_limit, 4096);
}

static int
parse (const char *text, struct cinch_policy *pol, cinch_error_t *err)
{
  return cinch_policy_parse (text, strlen (text), "t.conf", pol, err);
}

static void
test_defaults (void **state)
{
  struct cinch_policy pol;

  (void) state;
  cinch_policy_init (&pol);
  assert_defaults (&pol);
  assert_null (pol.source);
  /* Exactly the ten capabilities: nothing else slipped in.  */
  assert_int_equal (__builtin_popcountll (pol.default_caps), 10);
  assert_false (pol.default_caps & bit ("CAP_NET_RAW"));
  assert_false (pol.default_caps & bit ("CAP_SYS_ADMIN"));
  cinch_policy_clear (&pol);
  assert_null (pol.tmpfs_size);
  assert_null (pol.hook_dirs);
  cinch_policy_clear (&pol); /* twice is harmless */
}

/* The shipped config/policy.conf spells out the built-in defaults.  */
static void
test_shipped_file_is_the_defaults (void **state)
{
  struct cinch_policy pol;
  cinch_error_t err = NULL;
  cleanup_free char *dir = cinch_xstrdup (__FILE__);
  cleanup_free char *path = NULL;
  cleanup_free char *text = NULL;
  char *slash;
  size_t len;

  (void) state;
  slash = strrchr (dir, '/');
  if (slash != NULL)
    *slash = '\0';
  path = cinch_xasprintf ("%s/../config/policy.conf", slash != NULL ? dir : ".");
  if (cinch_read_file (path, 65536, &text, &len, &err) < 0)
    fail_msg ("%s", cinch_error_msg (err));
  cinch_policy_init (&pol);
  /* Start from values the file must overwrite, so a key missing from the
   * file fails.  */
  assert_int_equal (parse ("profile = compat\nuserns-pool = 5 5\nallow-no-userns = true\n"
                           "default-capabilities = none\n"
                           "userns-allowed-capabilities = CAP_BPF\ntmpfs-size = 1k\n"
                           "hook-dirs = /x\nbind-allow = /y\n"
                           "unenforceable-limits = warn\ndefault-pids-limit = 7\n",
                           &pol, &err),
                    0);
  if (cinch_policy_parse (text, len, path, &pol, &err) < 0)
    fail_msg ("%s", cinch_error_msg (err));
  assert_defaults (&pol);
  assert_string_equal (pol.source, path);
  cinch_policy_clear (&pol);
}

static void
test_every_key (void **state)
{
  struct cinch_policy pol;
  cinch_error_t err = NULL;
  static const char *const dirs[] = { "/opt/hooks", "/usr/lib", "/", "/a/b" };
  static const char *const allow[] = { "/srv/data", "/var/lib/kubelet/pods" };

  (void) state;
  cinch_policy_init (&pol);
  if (parse ("# a comment\n"
             "\n"
             "profile = strict\n"
             "userns-pool = 200000 16\n"
             "allow-no-userns = true\n"
             "default-capabilities = CAP_KILL chown\tNET_RAW\n"
             "userns-allowed-capabilities = CAP_SYS_ADMIN NET_ADMIN\n"
             "tmpfs-size = 512k\n"
             "hook-dirs = /opt/hooks/ /usr//lib /// /a/b//\n"
             "bind-allow = /srv/data /var/lib/kubelet/pods\n"
             "unenforceable-limits = warn\n"
             "default-pids-limit = 100\n",
             &pol, &err)
      < 0)
    fail_msg ("%s", cinch_error_msg (err));
  assert_int_equal (pol.profile, CINCH_PROFILE_STRICT);
  assert_int_equal (pol.userns_pool_first, 200000u);
  assert_int_equal (pol.userns_pool_slots, 16u);
  assert_true (pol.allow_no_userns);
  assert_int_equal (pol.default_caps, bit ("CAP_KILL") | bit ("CAP_CHOWN") | bit ("CAP_NET_RAW"));
  assert_int_equal (pol.userns_allowed_caps, bit ("CAP_SYS_ADMIN") | bit ("CAP_NET_ADMIN"));
  assert_string_equal (pol.tmpfs_size, "512k");
  assert_strv (pol.hook_dirs, dirs, CINCH_ARRAY_SIZE (dirs));
  assert_strv (pol.bind_allow, allow, CINCH_ARRAY_SIZE (allow));
  assert_true (pol.unenforceable_limits_warn);
  assert_int_equal (pol.default_pids_limit, 100);
  assert_string_equal (pol.source, "t.conf");

  /* A second text changes only the keys it names.  */
  if (parse ("profile = compat\n", &pol, &err) < 0)
    fail_msg ("%s", cinch_error_msg (err));
  assert_int_equal (pol.profile, CINCH_PROFILE_COMPAT);
  assert_int_equal (pol.userns_pool_first, 200000u);
  assert_string_equal (pol.tmpfs_size, "512k");
  assert_true (pol.unenforceable_limits_warn);
  assert_int_equal (pol.default_pids_limit, 100);
  cinch_policy_clear (&pol);
}

/* The cgroup keys: unenforceable-limits = refuse|warn, default-pids-limit
 * = N|none.  */
static void
test_cgroup_keys (void **state)
{
  struct cinch_policy pol;
  cinch_error_t err = NULL;

  (void) state;
  cinch_policy_init (&pol);
  if (parse ("unenforceable-limits = warn\ndefault-pids-limit = none\n", &pol, &err) < 0)
    fail_msg ("%s", cinch_error_msg (err));
  assert_true (pol.unenforceable_limits_warn);
  assert_int_equal (pol.default_pids_limit, 0);
  /* the other keys untouched */
  assert_int_equal (pol.profile, CINCH_PROFILE_HARDENED);
  assert_string_equal (pol.tmpfs_size, "64m");

  if (parse ("unenforceable-limits=refuse # back\ndefault-pids-limit =\t1\t\n", &pol, &err) < 0)
    fail_msg ("%s", cinch_error_msg (err));
  assert_false (pol.unenforceable_limits_warn);
  assert_int_equal (pol.default_pids_limit, 1);

  /* The largest: what a 32-bit pid_t can count.  */
  if (parse ("default-pids-limit = 2147483647\n", &pol, &err) < 0)
    fail_msg ("%s", cinch_error_msg (err));
  assert_int_equal (pol.default_pids_limit, 2147483647);

  /* Last wins, as for every key.  */
  if (parse ("default-pids-limit = 5\ndefault-pids-limit = 4096\n", &pol, &err) < 0)
    fail_msg ("%s", cinch_error_msg (err));
  assert_int_equal (pol.default_pids_limit, 4096);
  cinch_policy_clear (&pol);

  /* Absent from the text: the built-in defaults (refuse, 4096).  */
  cinch_policy_init (&pol);
  if (parse ("profile = strict\n", &pol, &err) < 0)
    fail_msg ("%s", cinch_error_msg (err));
  assert_false (pol.unenforceable_limits_warn);
  assert_int_equal (pol.default_pids_limit, 4096);
  cinch_policy_clear (&pol);
}

static void
test_syntax (void **state)
{
  struct cinch_policy pol;
  cinch_error_t err = NULL;
  const char *text = "  profile=compat   # trailing comment\r\n"
                     "\t# indented comment\n"
                     "tmpfs-size\t=\t2g\t\n"
                     "allow-no-userns = false\n"
                     "allow-no-userns = true\n" /* last wins */
                     "bind-allow = /srv#1";     /* "#" inside a word, no final newline */

  (void) state;
  cinch_policy_init (&pol);
  if (parse (text, &pol, &err) < 0)
    fail_msg ("%s", cinch_error_msg (err));
  assert_int_equal (pol.profile, CINCH_PROFILE_COMPAT);
  assert_string_equal (pol.tmpfs_size, "2g");
  assert_true (pol.allow_no_userns);
  assert_string_equal (pol.bind_allow[0], "/srv#1");
  assert_null (pol.bind_allow[1]);
  cinch_policy_clear (&pol);

  /* Empty text: nothing changes but the source.  */
  cinch_policy_init (&pol);
  assert_int_equal (cinch_policy_parse ("", 0, "empty.conf", &pol, &err), 0);
  assert_defaults (&pol);
  assert_string_equal (pol.source, "empty.conf");
  cinch_policy_clear (&pol);
}

static void
test_none_and_sizes (void **state)
{
  struct cinch_policy pol;
  cinch_error_t err = NULL;

  (void) state;
  cinch_policy_init (&pol);
  if (parse ("default-capabilities = none\nhook-dirs = none\ntmpfs-size = 1\n"
             "userns-pool = 4294901759 1\n",
             &pol, &err)
      < 0)
    fail_msg ("%s", cinch_error_msg (err));
  assert_int_equal (pol.default_caps, 0);
  assert_strv (pol.hook_dirs, NULL, 0);
  assert_string_equal (pol.tmpfs_size, "1");
  /* The largest pool: its last ID is 4294967294.  */
  assert_int_equal (pol.userns_pool_first, 4294901759u);
  assert_int_equal (pol.userns_pool_slots, 1u);
  if (parse ("userns-pool = 1 65535\nbind-allow = /x\nbind-allow = none\n", &pol, &err) < 0)
    fail_msg ("%s", cinch_error_msg (err));
  assert_int_equal (pol.userns_pool_slots, 65535u);
  assert_strv (pol.bind_allow, NULL, 0);
  cinch_policy_clear (&pol);
}

/* text must fail; the message must contain every needle; the policy must
 * be left exactly as it was.  */
static void
expect_error (const char *text, size_t len, const char *const *needles)
{
  struct cinch_policy pol;
  cinch_error_t err = NULL;

  cinch_policy_init (&pol);
  if (cinch_policy_parse (text, len, "t.conf", &pol, &err) == 0)
    fail_msg ("accepted: %s", text);
  for (; *needles != NULL; needles++)
    if (strstr (cinch_error_msg (err), *needles) == NULL)
      fail_msg ("message \"%s\" lacks \"%s\"", cinch_error_msg (err), *needles);
  assert_defaults (&pol);
  assert_null (pol.source);
  cinch_error_free (&err);
  cinch_policy_clear (&pol);
}

#define ERR(text, ...)                                                                             \
  do                                                                                               \
    {                                                                                              \
      const char *const n_[] = { __VA_ARGS__, NULL };                                              \
      expect_error (text, strlen (text), n_);                                                      \
    }                                                                                              \
  while (0)

/* Valid lines first, so the error must name line 3 and leave the profile
 * set on line 2 unapplied.  */
#define PRE "# header\nprofile = strict\n"

static void
test_errors_syntax (void **state)
{
  (void) state;
  ERR (PRE "colour = blue\n", "t.conf:3: colour: unknown key", "profile, userns-pool");
  ERR (PRE "Profile = strict\n", "t.conf:3: Profile: unknown key");
  ERR (PRE "profile strict\n", "t.conf:3: expected `key = value`, got `profile strict`");
  ERR (PRE " = strict\n", "t.conf:3: missing key before `=`");
  ERR (PRE "profile =\n", "t.conf:3: profile: missing value");
  ERR (PRE "hook-dirs = # nothing\n", "t.conf:3: hook-dirs: missing value", "none");
  ERR (PRE "profile = hard\001ened\n", "t.conf:3: control character 0x01");
  ERR (PRE "profile = strict\033[2J\n", "t.conf:3: control character 0x1b");
  {
    static const char text[] = "profile = strict\nprofile = st\0rict\n";
    static const char *const n[] = { "t.conf:2: control character 0x00", NULL };
    expect_error (text, sizeof (text) - 1, n);
  }
}

static void
test_errors_profile_pool (void **state)
{
  (void) state;
  ERR (PRE "profile = paranoid\n", "t.conf:3: profile: unknown profile `paranoid`",
       "hardened, strict or compat");
  ERR (PRE "profile = hardened strict\n", "t.conf:3: profile: unknown profile `hardened strict`");
  ERR (PRE "profile = averyveryverylongprofilename\n",
       "t.conf:3: profile: unknown profile `averyveryverylongprofilename`");
  ERR (PRE "allow-no-userns = yes\n", "t.conf:3: allow-no-userns: expected true or false", "`yes`");
  ERR (PRE "userns-pool = 1000\n", "t.conf:3: userns-pool: expected `FIRST SLOTS`", "`1000`");
  ERR (PRE "userns-pool = 1 2 3\n", "t.conf:3: userns-pool: expected `FIRST SLOTS`", "`1 2 3`");
  ERR (PRE "userns-pool = -1 4\n", "t.conf:3: userns-pool: FIRST `-1`");
  ERR (PRE "userns-pool = 4294967296 1\n", "t.conf:3: userns-pool: FIRST `4294967296`");
  ERR (PRE "userns-pool = 0x10 1\n", "t.conf:3: userns-pool: FIRST `0x10`");
  ERR (PRE "userns-pool = 100000 0\n", "t.conf:3: userns-pool: SLOTS `0`");
  ERR (PRE "userns-pool = 100000 many\n", "t.conf:3: userns-pool: SLOTS `many`");
  ERR (PRE "userns-pool = 0 1\n", "t.conf:3: userns-pool: FIRST `0`", "host ID 0");
  ERR (PRE "userns-pool = 4294901760 1\n", "t.conf:3: userns-pool: `4294901760 1`",
       "4294967296 does not fit in 32 bits");
  ERR (PRE "userns-pool = 1000000000 65536\n", "t.conf:3: userns-pool: `1000000000 65536`",
       "does not fit in 32 bits");
}

/* A bad value names file:line, key and value, and leaves the policy as
 * it was: not even the valid line before it (unenforceable-limits = warn
 * on line 3) is applied.  */
static void
test_errors_cgroup_keys (void **state)
{
  (void) state;
  ERR (PRE "unenforceable-limits = maybe\n",
       "t.conf:3: unenforceable-limits:", "expected refuse or warn", "`maybe`");
  ERR (PRE "unenforceable-limits = Warn\n", "t.conf:3: unenforceable-limits:", "`Warn`");
  ERR (PRE "unenforceable-limits = warn refuse\n",
       "t.conf:3: unenforceable-limits:", "`warn refuse`");
  ERR (PRE "unenforceable-limits =\n", "t.conf:3: unenforceable-limits: missing value");
  ERR (PRE "default-pids-limit = -3\n",
       "t.conf:3: default-pids-limit:", "expected a positive number of processes or none", "`-3`");
  ERR (PRE "default-pids-limit = 0\n", "t.conf:3: default-pids-limit:", "`0`");
  ERR (PRE "default-pids-limit = abc\n", "t.conf:3: default-pids-limit:", "`abc`");
  ERR (PRE "default-pids-limit = 12abc\n", "t.conf:3: default-pids-limit:", "`12abc`");
  ERR (PRE "default-pids-limit = +5\n", "t.conf:3: default-pids-limit:", "`+5`");
  ERR (PRE "default-pids-limit = 10 20\n", "t.conf:3: default-pids-limit:", "`10 20`");
  ERR (PRE "default-pids-limit = NONE\n", "t.conf:3: default-pids-limit:", "`NONE`");
  ERR (PRE "default-pids-limit = 2147483648\n", "t.conf:3: default-pids-limit:", "`2147483648`");
  ERR (PRE "default-pids-limit = 99999999999999999999999\n", "t.conf:3: default-pids-limit:");
  ERR (PRE "unenforceable-limits = warn\ndefault-pids-limit = abc\n",
       "t.conf:4: default-pids-limit:", "`abc`");
}

static void
test_errors_caps (void **state)
{
  (void) state;
  ERR (PRE "default-capabilities = CAP_KILL CAP_FOO\n",
       "t.conf:3: default-capabilities: unknown capability `CAP_FOO`");
  ERR (PRE "default-capabilities = CAP_\n",
       "t.conf:3: default-capabilities: unknown capability `CAP_`");
  ERR (PRE "default-capabilities = CAP_SYS_ADMIN\n",
       "t.conf:3: default-capabilities: `CAP_SYS_ADMIN`", "CINCH-CAP-SYSADMIN",
       "userns-allowed-capabilities");
  ERR (PRE "default-capabilities = CAP_KILL checkpoint_restore\n",
       "t.conf:3: default-capabilities: `checkpoint_restore`", "CINCH-CAP-CHECKPOINTRESTORE");
  ERR (PRE "default-capabilities = none CAP_KILL\n",
       "t.conf:3: default-capabilities: `none` must be the only word", "`none CAP_KILL`");
  ERR (PRE "userns-allowed-capabilities = CAP_NET_RAW\n",
       "t.conf:3: userns-allowed-capabilities: `CAP_NET_RAW` is not one of the host-privilege");
  ERR (PRE "userns-allowed-capabilities = CAP_BOGUS\n",
       "t.conf:3: userns-allowed-capabilities: unknown capability `CAP_BOGUS`");
  ERR (PRE "userns-allowed-capabilities = CAP_BPF none\n",
       "t.conf:3: userns-allowed-capabilities: `none` must be the only word");
}

static void
test_errors_tmpfs_paths (void **state)
{
  cleanup_free char *long_path = NULL;
  cleanup_free char *text = NULL;

  (void) state;
  ERR (PRE "tmpfs-size = 64M\n", "t.conf:3: tmpfs-size: expected a size", "`64M`");
  ERR (PRE "tmpfs-size = 64mb\n", "t.conf:3: tmpfs-size: expected a size", "`64mb`");
  ERR (PRE "tmpfs-size = m\n", "t.conf:3: tmpfs-size: expected a size", "`m`");
  ERR (PRE "tmpfs-size = -1\n", "t.conf:3: tmpfs-size: expected a size", "`-1`");
  ERR (PRE "tmpfs-size = 64 m\n", "t.conf:3: tmpfs-size: expected a size", "`64 m`");
  ERR (PRE "tmpfs-size = 50%\n", "t.conf:3: tmpfs-size: expected a size", "`50%`");
  ERR (PRE "tmpfs-size = 99999999999999999999g\n", "t.conf:3: tmpfs-size: expected a size");
  ERR (PRE "tmpfs-size = 17179869184g\n", "t.conf:3: tmpfs-size: expected a size");
  ERR (PRE "tmpfs-size = 0\n", "t.conf:3: tmpfs-size: `0`", "no limit");
  ERR (PRE "tmpfs-size = 0k\n", "t.conf:3: tmpfs-size: `0k`", "no limit");
  ERR (PRE "hook-dirs = /usr/bin usr/sbin\n",
       "t.conf:3: hook-dirs: `usr/sbin` is not an absolute path");
  ERR (PRE "hook-dirs = /usr/../etc\n", "t.conf:3: hook-dirs: `/usr/../etc`", "`..`");
  ERR (PRE "hook-dirs = /usr/./bin\n", "t.conf:3: hook-dirs: `/usr/./bin`", "`.`");
  ERR (PRE "hook-dirs = /usr/bin/..\n", "t.conf:3: hook-dirs: `/usr/bin/..`");
  ERR (PRE "bind-allow = srv\n", "t.conf:3: bind-allow: `srv` is not an absolute path");
  ERR (PRE "bind-allow = /srv none\n", "t.conf:3: bind-allow: `none` must be the only word");
  ERR (PRE "hook-dirs = /a/..b /c/. \n", "t.conf:3: hook-dirs: `/c/.`");

  long_path = cinch_xmalloc (PATH_MAX + 2);
  long_path[0] = '/';
  memset (long_path + 1, 'a', PATH_MAX);
  long_path[PATH_MAX + 1] = '\0';
  text = cinch_xasprintf (PRE "bind-allow = %s\n", long_path);
  ERR (text, "t.conf:3: bind-allow: `/aaaa", "longer than");
}

/* ---- loading ---------------------------------------------------------------- */

/* A temporary file with content and mode; the path is owned by the caller
 * (unlink it).  */
static char *
temp_file (const char *content, mode_t mode)
{
  char *path = cinch_xstrdup ("/tmp/cinch-policy-test-XXXXXX");
  cleanup_close int fd = mkstemp (path);

  if (fd < 0)
    fail_msg ("mkstemp: %s", strerror (errno));
  if (cinch_write_all (fd, content, strlen (content)) < 0 || fchmod (fd, mode) < 0)
    fail_msg ("write %s: %s", path, strerror (errno));
  return path;
}

/* Load must fail with every needle in the message and not touch *pol.  */
static void
expect_load_error (const char *path, const char *profile, const char *const *needles)
{
  struct cinch_policy pol;
  struct cinch_policy sentinel;
  cinch_error_t err = NULL;

  memset (&pol, 0x5a, sizeof (pol));
  memcpy (&sentinel, &pol, sizeof (pol));
  if (cinch_policy_load (path, profile, &pol, &err) == 0)
    fail_msg ("load of %s accepted", path != NULL ? path : "(default)");
  for (; *needles != NULL; needles++)
    if (strstr (cinch_error_msg (err), *needles) == NULL)
      fail_msg ("message \"%s\" lacks \"%s\"", cinch_error_msg (err), *needles);
  assert_memory_equal (&pol, &sentinel, sizeof (pol));
  cinch_error_free (&err);
}

#define LOAD_ERR(path, profile, ...)                                                               \
  do                                                                                               \
    {                                                                                              \
      const char *const n_[] = { __VA_ARGS__, NULL };                                              \
      expect_load_error (path, profile, n_);                                                       \
    }                                                                                              \
  while (0)

static void
test_load_explicit (void **state)
{
  cleanup_free char *path = temp_file ("profile = strict\ntmpfs-size = 8m\n", 0644);
  struct cinch_policy pol;
  cinch_error_t err = NULL;

  (void) state;
  if (cinch_policy_load (path, NULL, &pol, &err) < 0)
    fail_msg ("%s", cinch_error_msg (err));
  assert_int_equal (pol.profile, CINCH_PROFILE_STRICT);
  assert_string_equal (pol.tmpfs_size, "8m");
  assert_string_equal (pol.source, path);
  /* keys the file does not name keep their defaults */
  assert_int_equal (pol.default_caps, default_caps ());
  assert_int_equal (pol.userns_pool_first, 1000000000u);
  cinch_policy_clear (&pol);
  unlink (path);
}

/* flag > file > hardened.  */
static void
test_load_profile_override (void **state)
{
  cleanup_free char *path = temp_file ("profile = compat\nallow-no-userns = true\n", 0600);
  cleanup_free char *empty = temp_file ("# nothing\n", 0644);
  struct cinch_policy pol;
  cinch_error_t err = NULL;

  (void) state;
  if (cinch_policy_load (path, "strict", &pol, &err) < 0)
    fail_msg ("%s", cinch_error_msg (err));
  assert_int_equal (pol.profile, CINCH_PROFILE_STRICT);
  assert_true (pol.allow_no_userns); /* the rest of the file still applies */
  cinch_policy_clear (&pol);

  /* A weaker flag wins too: the admin who runs cinch chooses.  */
  if (cinch_policy_load (path, "hardened", &pol, &err) < 0)
    fail_msg ("%s", cinch_error_msg (err));
  assert_int_equal (pol.profile, CINCH_PROFILE_HARDENED);
  cinch_policy_clear (&pol);

  if (cinch_policy_load (path, NULL, &pol, &err) < 0)
    fail_msg ("%s", cinch_error_msg (err));
  assert_int_equal (pol.profile, CINCH_PROFILE_COMPAT);
  cinch_policy_clear (&pol);

  if (cinch_policy_load (empty, NULL, &pol, &err) < 0)
    fail_msg ("%s", cinch_error_msg (err));
  assert_defaults (&pol);
  assert_string_equal (pol.source, empty);
  cinch_policy_clear (&pol);

  LOAD_ERR (path, "lax", "--policy: unknown profile `lax`", "hardened, strict or compat");
  unlink (path);
  unlink (empty);
}

/* No file at CINCH_POLICY_FILE is fine: built-in defaults.  When a file is
 * installed there (make install on this machine), loading NULL must read
 * exactly that file.  */
static void
test_load_default_file (void **state)
{
  struct cinch_policy pol, want;
  cinch_error_t err = NULL;

  (void) state;
  if (access (CINCH_POLICY_FILE, F_OK) < 0 && errno == ENOENT)
    {
      if (cinch_policy_load (NULL, NULL, &pol, &err) < 0)
        fail_msg ("%s", cinch_error_msg (err));
      assert_defaults (&pol);
      assert_null (pol.source);
      cinch_policy_clear (&pol);

      if (cinch_policy_load (NULL, "compat", &pol, &err) < 0)
        fail_msg ("%s", cinch_error_msg (err));
      assert_int_equal (pol.profile, CINCH_PROFILE_COMPAT);
      cinch_policy_clear (&pol);

      /* An explicit path to the same missing file is an error.  */
      LOAD_ERR (CINCH_POLICY_FILE, NULL, "policy file `" CINCH_POLICY_FILE "`",
                "No such file or directory");
      return;
    }
  if (cinch_policy_load (CINCH_POLICY_FILE, NULL, &want, &err) < 0)
    fail_msg ("%s", cinch_error_msg (err));
  if (cinch_policy_load (NULL, NULL, &pol, &err) < 0)
    fail_msg ("%s", cinch_error_msg (err));
  assert_int_equal (pol.profile, want.profile);
  assert_int_equal (pol.default_caps, want.default_caps);
  assert_string_equal (pol.tmpfs_size, want.tmpfs_size);
  assert_int_equal (pol.unenforceable_limits_warn, want.unenforceable_limits_warn);
  assert_int_equal (pol.default_pids_limit, want.default_pids_limit);
  assert_string_equal (pol.source, CINCH_POLICY_FILE);
  cinch_policy_clear (&pol);
  cinch_policy_clear (&want);
}

static void
test_load_errors (void **state)
{
  cleanup_free char *bad = temp_file ("profile = strict\ntmpfs-size = lots\n", 0644);
  cleanup_free char *big = NULL;
  cleanup_free char *text = NULL;
  cleanup_free char *msg = NULL;
  cleanup_free char *dir = cinch_xstrdup ("/tmp/cinch-policy-dir-XXXXXX");

  (void) state;
  LOAD_ERR ("/nonexistent/cinch/policy.conf", NULL, "policy file `/nonexistent/cinch/policy.conf`",
            "No such file or directory");
  LOAD_ERR ("/nonexistent/cinch/policy.conf", "strict", "policy file `/nonexistent");

  /* The parse error names the file and line.  */
  msg = cinch_xasprintf ("%s:2: tmpfs-size: expected a size", bad);
  LOAD_ERR (bad, NULL, msg, "`lots`");
  unlink (bad);

  /* Not a regular file.  */
  if (mkdtemp (dir) == NULL)
    fail_msg ("mkdtemp: %s", strerror (errno));
  LOAD_ERR (dir, NULL, dir, "not a regular file");
  rmdir (dir);
  LOAD_ERR ("/dev/null", NULL, "policy file `/dev/null`: not a regular file");

  /* 64 KiB of comments is fine, one byte more is not.  */
  text = cinch_xmalloc (65536 + 1);
  memset (text, '#', 65536);
  text[65535] = '\n';
  text[65536] = '\0';
  big = temp_file (text, 0644);
  {
    struct cinch_policy pol;
    cinch_error_t err = NULL;
    if (cinch_policy_load (big, NULL, &pol, &err) < 0)
      fail_msg ("%s", cinch_error_msg (err));
    assert_defaults (&pol);
    cinch_policy_clear (&pol);
  }
  unlink (big);
  free (big);
  text[65535] = '#';
  text = cinch_xrealloc (text, 65538);
  text[65536] = '\n';
  text[65537] = '\0';
  big = temp_file (text, 0644);
  LOAD_ERR (big, NULL, big, "larger than 65536 bytes");
  unlink (big);
}

/* As root, the file must belong to root and be writable by root only.  */
static void
test_load_unsafe_permissions (void **state)
{
  cleanup_free char *path = temp_file ("profile = compat\n", 0644);
  cleanup_free char *want = NULL;
  struct cinch_policy pol;
  cinch_error_t err = NULL;

  (void) state;
  if (geteuid () != 0)
    {
      /* Not root: the checks are off (tests, unprivileged check runs).  */
      assert_int_equal (chmod (path, 0666), 0);
      if (cinch_policy_load (path, NULL, &pol, &err) < 0)
        fail_msg ("%s", cinch_error_msg (err));
      assert_int_equal (pol.profile, CINCH_PROFILE_COMPAT);
      cinch_policy_clear (&pol);
      unlink (path);
      return;
    }
  assert_int_equal (chmod (path, 0664), 0);
  LOAD_ERR (path, NULL, path, "writable by group or others (mode 0664)", "chmod go-w");
  assert_int_equal (chmod (path, 0646), 0);
  LOAD_ERR (path, NULL, path, "writable by group or others (mode 0646)");
  assert_int_equal (chmod (path, 0640), 0);
  if (cinch_policy_load (path, NULL, &pol, &err) < 0)
    fail_msg ("%s", cinch_error_msg (err));
  assert_int_equal (pol.profile, CINCH_PROFILE_COMPAT);
  cinch_policy_clear (&pol);

  assert_int_equal (chown (path, 65534, 0), 0);
  want = cinch_xasprintf ("policy file `%s`: owned by uid 65534, not by root", path);
  LOAD_ERR (path, NULL, want, "chown root");
  /* The flag does not bypass the check.  */
  LOAD_ERR (path, "strict", want);
  unlink (path);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_defaults),
    cmocka_unit_test (test_shipped_file_is_the_defaults),
    cmocka_unit_test (test_every_key),
    cmocka_unit_test (test_syntax),
    cmocka_unit_test (test_none_and_sizes),
    cmocka_unit_test (test_cgroup_keys),
    cmocka_unit_test (test_errors_syntax),
    cmocka_unit_test (test_errors_profile_pool),
    cmocka_unit_test (test_errors_cgroup_keys),
    cmocka_unit_test (test_errors_caps),
    cmocka_unit_test (test_errors_tmpfs_paths),
    cmocka_unit_test (test_load_explicit),
    cmocka_unit_test (test_load_profile_override),
    cmocka_unit_test (test_load_default_file),
    cmocka_unit_test (test_load_errors),
    cmocka_unit_test (test_load_unsafe_permissions),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
