/* Unit tests: cgroup statistics read from fake cgroup directories (plain
 * files in /tmp), the `events` JSON, Go durations; update's flag values,
 * flags -> resources and the merge (update.c's pure part).  */
#include <dirent.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "cgroup_stats.h"
#include "update.h"
#include "util.h"

/* ---- fake cgroup directories ------------------------------------------------ */

struct fake
{
  char path[64];
  int fd;
};

static void
fake_open (struct fake *f)
{
  strcpy (f->path, "/tmp/cinch-test-cgstats.XXXXXX");
  assert_non_null (mkdtemp (f->path));
  f->fd = open (f->path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  assert_true (f->fd >= 0);
}

static void
fake_file (struct fake *f, const char *name, const char *content)
{
  int fd = openat (f->fd, name, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  assert_true (fd >= 0);
  assert_int_equal (cinch_write_all (fd, content, strlen (content)), (ssize_t) strlen (content));
  close (fd);
}

static void
fake_close (struct fake *f)
{
  DIR *d = fdopendir (f->fd);
  struct dirent *de;

  assert_non_null (d);
  while ((de = readdir (d)) != NULL)
    if (de->d_name[0] != '.')
      assert_int_equal (unlinkat (dirfd (d), de->d_name, 0), 0);
  closedir (d);
  assert_int_equal (rmdir (f->path), 0);
}

/* A host with every controller.  */
static void
fill_full (struct fake *f)
{
  fake_file (f, "cgroup.procs", "10\n11\n");
  fake_file (f, "cpu.stat",
             "usage_usec 1500\nuser_usec 1000\nsystem_usec 500\nnr_periods 7\n"
             "nr_throttled 3\nthrottled_usec 42\nnr_bursts 0\nburst_usec 0\n");
  fake_file (f, "memory.current", "1048576\n");
  fake_file (f, "memory.max", "max\n");
  fake_file (f, "memory.peak", "2097152\n");
  fake_file (f, "memory.swap.current", "4096\n");
  fake_file (f, "memory.swap.max", "max\n");
  fake_file (f, "memory.stat", "anon 700\nfile 300\nkernel 20\n");
  fake_file (f, "memory.events", "low 1\nhigh 3\nmax 5\noom 2\noom_kill 1\noom_group_kill 0\n");
  fake_file (f, "pids.current", "4\n");
  fake_file (f, "pids.max", "max\n");
  fake_file (f, "io.stat",
             "8:0 rbytes=100 wbytes=200 rios=3 wios=4 dbytes=0 dios=0\n"
             "253:1 rbytes=5 wbytes=0 rios=1 wios=0 dbytes=0 dios=0\n");
  fake_file (f, "hugetlb.2MB.current", "2097152\n");
  fake_file (f, "hugetlb.2MB.events", "max 9\n");
  fake_file (f, "hugetlb.2MB.max", "max\n");
  fake_file (f, "hugetlb.2MB.rsvd.current", "77\n");
  fake_file (f, "hugetlb.1GB.current", "0\n");
  fake_file (f, "hugetlb.1GB.events", "max 0\n");
}

static void
test_stats_full (void **state)
{
  struct fake f;
  struct cinch_cgroup_stats s;
  cinch_error_t err = NULL;
  (void) state;

  fake_open (&f);
  fill_full (&f);
  assert_int_equal (cinch_cgroup_stats_read (f.fd, &s, &err), 0);
  assert_true (s.cpu_total == 1500000);
  assert_true (s.cpu_user == 1000000);
  assert_true (s.cpu_kernel == 500000);
  assert_true (s.cpu_periods == 7);
  assert_true (s.cpu_throttled_periods == 3);
  assert_true (s.cpu_throttled_time == 42000);
  assert_true (s.mem_usage == 1048576);
  assert_true (s.mem_limit == UINT64_MAX); /* "max", as runc reports it */
  assert_true (s.mem_max_usage == 2097152);
  assert_true (s.mem_failcnt == 5);
  assert_true (s.oom == 2 && s.oom_kill == 1);
  /* swap as memory + swap; an unlimited swap stays unlimited */
  assert_true (s.swap_usage == 1048576 + 4096);
  assert_true (s.swap_limit == UINT64_MAX);
  assert_true (s.mem_cache == 300);
  assert_int_equal (s.n_mem_raw, 3);
  assert_string_equal (s.mem_raw[0].key, "anon"); /* sorted */
  assert_string_equal (s.mem_raw[1].key, "file");
  assert_string_equal (s.mem_raw[2].key, "kernel");
  assert_true (s.pids_current == 4);
  assert_true (s.pids_limit == 0);    /* "max": no limit */
  assert_int_equal (s.n_io_bytes, 4); /* wbytes=0 of 253:1 too */
  assert_true (s.io_bytes[0].major == 8 && s.io_bytes[0].minor == 0);
  assert_string_equal (s.io_bytes[0].op, "Read");
  assert_true (s.io_bytes[0].value == 100);
  assert_string_equal (s.io_bytes[1].op, "Write");
  assert_true (s.io_bytes[1].value == 200);
  assert_true (s.io_bytes[2].major == 253 && s.io_bytes[2].value == 5);
  assert_int_equal (s.n_io_ios, 4);
  assert_true (s.io_ios[1].value == 4);
  assert_int_equal (s.n_hugetlb, 2); /* not the .rsvd. one */
  assert_string_equal (s.hugetlb[0].page_size, "1GB");
  assert_string_equal (s.hugetlb[1].page_size, "2MB");
  assert_true (s.hugetlb[1].usage == 2097152 && s.hugetlb[1].failcnt == 9);

  {
    cleanup_free char *line = cinch_cgroup_event_json ("stats", "c1", &s);
    assert_string_equal (
        line,
        "{\"type\":\"stats\",\"id\":\"c1\",\"data\":{"
        "\"cpu\":{\"usage\":{\"total\":1500000,\"kernel\":500000,\"user\":1000000},"
        "\"throttling\":{\"periods\":7,\"throttledPeriods\":3,\"throttledTime\":42000}},"
        "\"memory\":{\"cache\":300,"
        "\"usage\":{\"limit\":18446744073709551615,\"usage\":1048576,\"max\":2097152,"
        "\"failcnt\":5},"
        "\"swap\":{\"limit\":18446744073709551615,\"usage\":1052672,\"failcnt\":0},"
        "\"kernel\":{\"limit\":0,\"failcnt\":0},\"kernelTCP\":{\"limit\":0,\"failcnt\":0},"
        "\"raw\":{\"anon\":700,\"file\":300,\"kernel\":20},"
        "\"event_count\":{\"low\":1,\"high\":3,\"max\":5,\"oom\":2,\"oom_kill\":1}},"
        "\"pids\":{\"current\":4},"
        "\"blkio\":{\"ioServiceBytesRecursive\":["
        "{\"major\":8,\"op\":\"Read\",\"value\":100},{\"major\":8,\"op\":\"Write\",\"value\":200},"
        "{\"major\":253,\"minor\":1,\"op\":\"Read\",\"value\":5},"
        "{\"major\":253,\"minor\":1,\"op\":\"Write\"}],"
        "\"ioServicedRecursive\":["
        "{\"major\":8,\"op\":\"Read\",\"value\":3},{\"major\":8,\"op\":\"Write\",\"value\":4},"
        "{\"major\":253,\"minor\":1,\"op\":\"Read\",\"value\":1},"
        "{\"major\":253,\"minor\":1,\"op\":\"Write\"}]},"
        "\"hugetlb\":{\"1GB\":{\"failcnt\":0},\"2MB\":{\"usage\":2097152,\"failcnt\":9}}}}");
  }
  cinch_cgroup_stats_clear (&s);
  fake_close (&f);
}

/* Limits and swap: a numeric swap.max adds the memory limit; no swap
 * accounting reports the memory figures; pids.max as a number.  */
static void
test_stats_limits (void **state)
{
  struct fake f;
  struct cinch_cgroup_stats s;
  cinch_error_t err = NULL;
  (void) state;

  fake_open (&f);
  fake_file (&f, "memory.current", "100\n");
  fake_file (&f, "memory.max", "1000\n");
  fake_file (&f, "memory.swap.current", "7\n");
  fake_file (&f, "memory.swap.max", "500\n");
  fake_file (&f, "pids.current", "2\n");
  fake_file (&f, "pids.max", "64\n");
  assert_int_equal (cinch_cgroup_stats_read (f.fd, &s, &err), 0);
  assert_true (s.mem_limit == 1000 && s.mem_usage == 100);
  assert_true (s.swap_usage == 107 && s.swap_limit == 1500);
  assert_true (s.pids_current == 2 && s.pids_limit == 64);
  cinch_cgroup_stats_clear (&s);

  assert_int_equal (unlinkat (f.fd, "memory.swap.current", 0), 0);
  assert_int_equal (unlinkat (f.fd, "memory.swap.max", 0), 0);
  assert_int_equal (cinch_cgroup_stats_read (f.fd, &s, &err), 0);
  assert_true (s.swap_usage == 100 && s.swap_limit == 1000);
  {
    cleanup_free char *line = cinch_cgroup_event_json ("stats", "c2", &s);
    assert_non_null (strstr (line, "\"pids\":{\"current\":2,\"limit\":64}"));
    assert_non_null (strstr (line, "\"swap\":{\"limit\":1000,\"usage\":100,\"failcnt\":0}"));
  }
  cinch_cgroup_stats_clear (&s);
  fake_close (&f);
}

/* This host's unified hierarchy: only core files, cpu.stat and hugetlb.
 * Missing files are skipped; pids come from cgroup.procs.  */
static void
test_stats_hybrid (void **state)
{
  struct fake f;
  struct cinch_cgroup_stats s;
  cinch_error_t err = NULL;
  uint64_t kills = 99;
  (void) state;

  fake_open (&f);
  fake_file (&f, "cgroup.procs", "100\n101\n102\n");
  fake_file (&f, "cpu.stat", "usage_usec 3\nuser_usec 2\nsystem_usec 1\n");
  fake_file (&f, "hugetlb.2MB.current", "0\n");
  fake_file (&f, "hugetlb.2MB.events", "max 0\n");
  assert_int_equal (cinch_cgroup_stats_read (f.fd, &s, &err), 0);
  assert_true (s.pids_current == 3 && s.pids_limit == 0);
  assert_true (s.mem_usage == 0 && s.mem_limit == 0 && s.swap_limit == 0 && s.n_mem_raw == 0);
  assert_int_equal (s.n_io_bytes + s.n_io_ios, 0);
  {
    cleanup_free char *line = cinch_cgroup_event_json ("stats", "h", &s);
    assert_string_equal (line, "{\"type\":\"stats\",\"id\":\"h\",\"data\":{"
                               "\"cpu\":{\"usage\":{\"total\":3000,\"kernel\":1000,\"user\":2000},"
                               "\"throttling\":{}},"
                               "\"memory\":{\"usage\":{\"limit\":0,\"failcnt\":0},"
                               "\"swap\":{\"limit\":0,\"failcnt\":0},"
                               "\"kernel\":{\"limit\":0,\"failcnt\":0},"
                               "\"kernelTCP\":{\"limit\":0,\"failcnt\":0},"
                               "\"event_count\":{}},"
                               "\"pids\":{\"current\":3},\"blkio\":{},"
                               "\"hugetlb\":{\"2MB\":{\"failcnt\":0}}}}");
  }
  cinch_cgroup_stats_clear (&s);
  assert_int_equal (cinch_cgroup_oom_kills (f.fd, &kills, &err), 0);
  assert_true (kills == 0);
  fake_file (&f, "memory.events", "oom 4\noom_kill 3\n");
  assert_int_equal (cinch_cgroup_oom_kills (f.fd, &kills, &err), 0);
  assert_true (kills == 3);
  fake_close (&f);
}

static void
expect_bad_file (const char *name, const char *content, const char *want)
{
  struct fake f;
  struct cinch_cgroup_stats s;
  cinch_error_t err = NULL;

  fake_open (&f);
  fake_file (&f, name, content);
  assert_int_equal (cinch_cgroup_stats_read (f.fd, &s, &err), -1);
  assert_non_null (err);
  if (strstr (cinch_error_msg (err), want) == NULL)
    fail_msg ("`%s`: message `%s` lacks `%s`", name, cinch_error_msg (err), want);
  cinch_error_free (&err);
  fake_close (&f);
}

static void
test_stats_bad_files (void **state)
{
  (void) state;
  expect_bad_file ("cpu.stat", "usage_usec abc\n", "cpu.stat: line 1");
  expect_bad_file ("cpu.stat", "usage_usec 1\nnoval\n", "cpu.stat: line 2");
  expect_bad_file ("memory.current", "lots\n", "memory.current: expected a number");
  expect_bad_file ("pids.current", "-1\n", "pids.current");
  expect_bad_file ("io.stat", "8:x rbytes=1\n", "io.stat: line 1");
  expect_bad_file ("io.stat", "8:0 rbytes=z\n", "rbytes");
  expect_bad_file ("hugetlb.2MB.current", "q\n", "hugetlb.2MB.current");
}

static void
test_event_oom (void **state)
{
  cleanup_free char *line = cinch_cgroup_event_json ("oom", "a.b-c", NULL);
  (void) state;
  assert_string_equal (line, "{\"type\":\"oom\",\"id\":\"a.b-c\"}");
}

/* ---- Go durations ------------------------------------------------------------ */

static void
test_go_duration (void **state)
{
  static const struct
  {
    const char *in;
    uint64_t ns;
  } good[] = {
    { "5s", 5000000000ULL },
    { "500ms", 500000000ULL },
    { "1m30s", 90000000000ULL },
    { "1.5h", 5400000000000ULL },
    { "2us", 2000ULL },
    { "3\xc2\xb5s", 3000ULL },
    { "1ns", 1ULL },
    { "+1s", 1000000000ULL },
    { ".5s", 500000000ULL },
    { "1.s", 1000000000ULL },
    { "1h1m1s1ms", 3661001000000ULL },
  };
  static const char *const bad[] = { "0",   "0s",  "-1s", "5",   "",
                                     "1x",  "s",   ".s",  "1.5", "99999999999999999999h",
                                     "1s ", "--1s" };
  cinch_error_t err = NULL;
  uint64_t ns;
  (void) state;

  for (size_t i = 0; i < CINCH_ARRAY_SIZE (good); i++)
    {
      ns = 0;
      if (cinch_parse_go_duration ("--interval", good[i].in, &ns, &err) < 0)
        fail_msg ("`%s`: %s", good[i].in, cinch_error_msg (err));
      if (ns != good[i].ns)
        fail_msg ("`%s`: %llu, expected %llu", good[i].in, (unsigned long long) ns,
                  (unsigned long long) good[i].ns);
    }
  for (size_t i = 0; i < CINCH_ARRAY_SIZE (bad); i++)
    {
      ns = 7;
      if (cinch_parse_go_duration ("--interval", bad[i], &ns, &err) == 0)
        fail_msg ("`%s` accepted", bad[i]);
      assert_true (ns == 7);
      assert_non_null (strstr (cinch_error_msg (err), "--interval"));
      cinch_error_free (&err);
    }
}

/* ---- update: memory sizes, flags, merge ----------------------------------- */

static void
test_memory_size (void **state)
{
  static const struct
  {
    const char *in;
    int64_t v;
  } good[] = {
    { "512m", 536870912LL },  { "1g", 1073741824LL },    { "1024k", 1048576LL }, { "4096", 4096LL },
    { "1.5g", 1610612736LL }, { "1KiB", 1024LL },        { "2 MB", 2097152LL },  { "-1", -1LL },
    { "10b", 10LL },          { "1T", 1099511627776LL }, { "0.5k", 512LL },      { "0", 0 },
  };
  static const char *const bad[] = { "",
                                     "abc",
                                     "-2",
                                     "1.",
                                     "1..2",
                                     "5x",
                                     "1.2.3",
                                     "m",
                                     "1kk",
                                     "99999999999999999999",
                                     "9000000000g",
                                     " 1g",
                                     "1g ",
                                     "-1g" };
  cinch_error_t err = NULL;
  int64_t v;
  (void) state;

  for (size_t i = 0; i < CINCH_ARRAY_SIZE (good); i++)
    {
      v = 12345;
      if (cinch_parse_memory_size ("--memory", good[i].in, &v, &err) < 0)
        fail_msg ("`%s`: %s", good[i].in, cinch_error_msg (err));
      if (v != good[i].v)
        fail_msg ("`%s`: %lld, expected %lld", good[i].in, (long long) v, (long long) good[i].v);
    }
  for (size_t i = 0; i < CINCH_ARRAY_SIZE (bad); i++)
    {
      v = 12345;
      if (cinch_parse_memory_size ("--memory-swap", bad[i], &v, &err) == 0)
        fail_msg ("`%s` accepted as %lld", bad[i], (long long) v);
      assert_true (v == 12345);
      assert_non_null (strstr (cinch_error_msg (err), "--memory-swap"));
      cinch_error_free (&err);
    }
}

static void
test_flags_parse (void **state)
{
  const struct cinch_update_flag flags[] = {
    { "--memory", "512m" },      { "--memory-swap", "1g" },    { "--memory-reservation", "0" },
    { "--pids-limit", "100" },   { "--cpu-quota", "-1" },      { "--cpu-period", "50000" },
    { "--cpu-share", "0" },      { "--cpuset-cpus", "0-1,3" }, { "--cpuset-mems", "" },
    { "--blkio-weight", "500" }, { "--cpu-idle", "1" },        { "--kernel-memory", "1m" },
    { "--pids-limit", "-1" }, /* a later flag wins */
  };
  struct cinch_resources r = { 0 };
  cleanup_strv char **warnings = NULL;
  cinch_error_t err = NULL;
  (void) state;

  assert_int_equal (cinch_update_flags_parse (flags, CINCH_ARRAY_SIZE (flags), &r, &warnings, &err),
                    0);
  assert_true (r.present);
  assert_true (r.has_memory_limit && r.memory_limit == 536870912LL);
  assert_true (r.has_memory_swap && r.memory_swap == 1073741824LL);
  assert_false (r.has_memory_reservation); /* 0: not set, as runc */
  assert_true (r.has_pids_limit && r.pids_limit == -1);
  assert_true (r.has_cpu_quota && r.cpu_quota == -1);
  assert_true (r.has_cpu_period && r.cpu_period == 50000);
  assert_false (r.has_cpu_shares);
  assert_string_equal (r.cpu_cpus, "0-1,3");
  assert_null (r.cpu_mems);
  assert_true (r.has_blkio_weight && r.blkio_weight == 500);
  assert_true (r.has_cpu_idle && r.cpu_idle == 1);
  assert_false (r.has_memory_kernel); /* ignored, with a warning */
  assert_non_null (warnings);
  assert_non_null (strstr (warnings[0], "--kernel-memory"));
  assert_null (warnings[1]);
  cinch_resources_clear (&r);

  assert_string_equal (cinch_update_flag_path ("--memory"), "memory.limit");
  assert_string_equal (cinch_update_flag_path ("--cpu-share"), "cpu.shares");
  assert_string_equal (cinch_update_flag_path ("--blkio-weight"), "blockIO.weight");
  assert_null (cinch_update_flag_path ("--nope"));
  assert_true (cinch_update_flag_known ("--cpuset-mems"));
  assert_false (cinch_update_flag_known ("memory"));
}

static void
expect_flag_error (const char *flag, const char *value, const char *want)
{
  struct cinch_update_flag f[2] = { { "--memory", "1g" }, { flag, value } };
  struct cinch_resources r = { 0 };
  cleanup_strv char **warnings = NULL;
  cinch_error_t err = NULL;

  r.memory_limit = 77;
  if (cinch_update_flags_parse (f, 2, &r, &warnings, &err) == 0)
    fail_msg ("%s %s accepted", flag, value);
  assert_true (r.memory_limit == 77 && !r.has_memory_limit); /* output untouched */
  if (strstr (cinch_error_msg (err), flag) == NULL || strstr (cinch_error_msg (err), want) == NULL)
    fail_msg ("%s %s: message `%s` lacks the flag or `%s`", flag, value, cinch_error_msg (err),
              want);
  cinch_error_free (&err);
}

static void
test_flags_errors (void **state)
{
  (void) state;
  expect_flag_error ("--memory", "lots", "`lots`");
  expect_flag_error ("--memory-reservation", "1q", "`1q`");
  expect_flag_error ("--cpu-period", "abc", "`abc`");
  expect_flag_error ("--cpu-period", "-5", "`-5`");
  expect_flag_error ("--cpu-quota", "1.5", "`1.5`");
  expect_flag_error ("--cpu-share", "", "``");
  expect_flag_error ("--pids-limit", "many", "`many`");
  expect_flag_error ("--blkio-weight", "5", "10 to 1000");
  expect_flag_error ("--blkio-weight", "1001", "10 to 1000");
  expect_flag_error ("--cpu-idle", "2", "0 or 1");
  expect_flag_error ("--cpuset-cpus", "0-", "`0-`");
  expect_flag_error ("--cpuset-mems", "a,b", "`a,b`");
  expect_flag_error ("--cpuset-cpus", "1,,2", "`1,,2`");
  expect_flag_error ("--kernel-memory-tcp", "x", "`x`");
  expect_flag_error ("--cpu-rt-runtime", "9223372036854775808", "9223372036854775808");
}

static void
test_merge (void **state)
{
  struct cinch_resources dst = { 0 }, src = { 0 };
  struct cinch_device_rule rule = { .allow = false, .type = 'a', .major = -1, .minor = -1 };
  (void) state;

  dst.present = true;
  dst.has_memory_limit = true;
  dst.memory_limit = 100;
  dst.has_pids_limit = true;
  dst.pids_limit = 50;
  dst.cpu_cpus = cinch_xstrdup ("0");
  dst.device_rules = cinch_xmalloc (sizeof (rule));
  dst.device_rules[0] = rule;
  dst.n_device_rules = 1;

  src.present = true;
  src.has_memory_swap = true;
  src.memory_swap = 300;
  src.has_pids_limit = true;
  src.pids_limit = 70;
  src.cpu_cpus = cinch_xstrdup ("1-2");
  src.n_unified = 1;
  src.unified = cinch_xmalloc (sizeof (struct cinch_kv));
  src.unified[0].key = cinch_xstrdup ("memory.high");
  src.unified[0].value = cinch_xstrdup ("1000");

  cinch_update_merge (&dst, &src);
  assert_true (dst.has_memory_limit && dst.memory_limit == 100); /* kept */
  assert_true (dst.has_memory_swap && dst.memory_swap == 300);   /* added */
  assert_true (dst.pids_limit == 70);                            /* replaced */
  assert_string_equal (dst.cpu_cpus, "1-2");
  assert_int_equal (dst.n_unified, 1);
  assert_string_equal (dst.unified[0].key, "memory.high");
  assert_int_equal (dst.n_device_rules, 1); /* never changed by update */
  /* what dst had went to src, so that clearing src frees it */
  assert_string_equal (src.cpu_cpus, "0");
  assert_null (src.unified);

  /* the zero values engines send for "unset" change nothing */
  {
    struct cinch_resources zero = { 0 };
    zero.present = true;
    zero.has_memory_limit = zero.has_cpu_shares = zero.has_pids_limit = true;
    zero.has_blkio_weight = zero.has_cpu_period = zero.has_memory_swap = true;
    zero.has_cpu_idle = true; /* 0 is a value here: not SCHED_IDLE */
    zero.cpu_cpus = cinch_xstrdup ("");
    cinch_update_merge (&dst, &zero);
    assert_true (dst.memory_limit == 100 && dst.pids_limit == 70 && dst.memory_swap == 300);
    assert_false (dst.has_cpu_shares || dst.has_blkio_weight || dst.has_cpu_period);
    assert_true (dst.has_cpu_idle && dst.cpu_idle == 0);
    assert_string_equal (dst.cpu_cpus, "1-2");
    cinch_resources_clear (&zero);
  }
  /* nothing set: nothing changes */
  {
    struct cinch_resources none = { 0 };
    cinch_update_merge (&dst, &none);
    assert_true (dst.memory_limit == 100 && dst.pids_limit == 70);
  }
  cinch_resources_clear (&src);
  cinch_resources_clear (&dst);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_stats_full),   cmocka_unit_test (test_stats_limits),
    cmocka_unit_test (test_stats_hybrid), cmocka_unit_test (test_stats_bad_files),
    cmocka_unit_test (test_event_oom),    cmocka_unit_test (test_go_duration),
    cmocka_unit_test (test_memory_size),  cmocka_unit_test (test_flags_parse),
    cmocka_unit_test (test_flags_errors), cmocka_unit_test (test_merge),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
