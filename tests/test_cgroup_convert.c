/* Unit tests for runtime/cgroup_convert.c: every linux.resources field and
 * the cgroup v2 file, value and JSON path it becomes (or the error or
 * warning it gives), the zero values engines send for "unset", unified
 * key validation, the order of the writes, the JSON prefix, the
 * controller mask; and where cinch_cgroup_resolve_path puts the cgroup
 * for each cgroup manager.  The resources are built in C, so nothing here
 * depends on the parser.  */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cgroup.h"
#include "plan.h"
#include "util.h"

#define P "linux.resources."

/* An expected write.  */
struct ew
{
  enum cinch_cgroup_controller ctl;
  const char *file, *value, *json_path;
};

#define EW(...) ((const struct ew[]){ __VA_ARGS__ })
#define N_EW(...) (sizeof ((const struct ew[]){ __VA_ARGS__ }) / sizeof (struct ew))

static void
assert_writes_n (const struct cinch_cgroup_writes *w, const struct ew *e, size_t n)
{
  for (size_t i = 0; i < n && i < w->n; i++)
    {
      if (strcmp (w->v[i].file, e[i].file) != 0 || strcmp (w->v[i].value, e[i].value) != 0
          || strcmp (w->v[i].json_path, e[i].json_path) != 0 || w->v[i].controller != e[i].ctl)
        fail_msg ("write %zu: got %s=\"%s\" (%s, controller %d), expected %s=\"%s\" (%s, "
                  "controller %d)",
                  i, w->v[i].file, w->v[i].value, w->v[i].json_path, (int) w->v[i].controller,
                  e[i].file, e[i].value, e[i].json_path, (int) e[i].ctl);
    }
  if (w->n != n)
    {
      for (size_t i = 0; i < w->n; i++)
        print_message ("  got %s=\"%s\" (%s)\n", w->v[i].file, w->v[i].value, w->v[i].json_path);
      fail_msg ("%zu writes, expected %zu", w->n, n);
    }
}

#define assert_writes(w, ...) assert_writes_n ((w), EW (__VA_ARGS__), N_EW (__VA_ARGS__))

static void
convert_ok (const struct cinch_resources *r, const char *prefix, struct cinch_cgroup_writes *w)
{
  cinch_error_t err = NULL;
  memset (w, 0, sizeof (*w));
  if (cinch_cgroup_convert (r, prefix, w, &err) != 0)
    fail_msg ("convert failed: %s", cinch_error_msg (err));
  assert_null (err);
}

/* Conversion fails with exactly msg, and out is left alone.  */
static void
convert_fails (const struct cinch_resources *r, const char *msg)
{
  cinch_error_t err = NULL;
  struct cinch_cgroup_writes w = { (struct cinch_cgroup_write *) &w, 77, (char **) &w };

  assert_int_equal (cinch_cgroup_convert (r, "linux.resources", &w, &err), -1);
  assert_non_null (err);
  assert_int_equal (err->errnum, EINVAL);
  assert_string_equal (cinch_error_msg (err), msg);
  assert_ptr_equal (w.v, (struct cinch_cgroup_write *) &w);
  assert_int_equal (w.n, 77);
  assert_ptr_equal (w.warnings, (char **) &w);
  cinch_error_free (&err);
}

static void
assert_no_warnings (const struct cinch_cgroup_writes *w)
{
  if (w->warnings && w->warnings[0])
    fail_msg ("unexpected warning: %s", w->warnings[0]);
}

static void
assert_warnings_n (const struct cinch_cgroup_writes *w, const char *const *e)
{
  size_t n = 0;
  while (e[n])
    n++;
  assert_non_null (w->warnings);
  for (size_t i = 0; i < n; i++)
    {
      assert_non_null (w->warnings[i]);
      assert_string_equal (w->warnings[i], e[i]);
    }
  assert_null (w->warnings[n]);
}

#define assert_warnings(w, ...) assert_warnings_n ((w), (const char *const[]){ __VA_ARGS__, NULL })

#define IGN ": ignored: cgroup v2 has no such setting"

/* ------------------------------------------------------------------ */

static void
test_controller_names (void **state)
{
  static const char *const names[] = { "cpuset",  "cpu",  "io",   "memory",
                                       "hugetlb", "pids", "rdma", "misc" };
  (void) state;
  assert_int_equal (CINCH_ARRAY_SIZE (names), CINCH_CG_COUNT);
  for (int i = 0; i < CINCH_CG_COUNT; i++)
    {
      assert_int_equal (cinch_cgroup_controller_from_name (names[i]), i);
      assert_string_equal (cinch_cgroup_controller_name ((enum cinch_cgroup_controller) i),
                           names[i]);
    }
  assert_int_equal (cinch_cgroup_controller_from_name ("memory"), CINCH_CG_MEMORY);
  assert_int_equal (cinch_cgroup_controller_from_name ("cgroup"), CINCH_CG_CORE);
  assert_string_equal (cinch_cgroup_controller_name (CINCH_CG_CORE), "cgroup");
  assert_int_equal (cinch_cgroup_controller_from_name ("devices"), -1);
  assert_int_equal (cinch_cgroup_controller_from_name ("Memory"), -1);
  assert_int_equal (cinch_cgroup_controller_from_name (""), -1);
  assert_int_equal (cinch_cgroup_controller_from_name (NULL), -1);
  assert_null (cinch_cgroup_controller_name ((enum cinch_cgroup_controller) (CINCH_CG_CORE + 1)));
}

static void
test_empty (void **state)
{
  struct cinch_resources r = { 0 };
  struct cinch_cgroup_writes w;
  (void) state;
  convert_ok (&r, "linux.resources", &w);
  assert_int_equal (w.n, 0);
  assert_null (w.warnings);
  assert_int_equal (cinch_cgroup_writes_controllers (&w), 0);
  cinch_cgroup_writes_clear (&w);
  cinch_cgroup_writes_clear (&w); /* twice is safe */
}

/* ---- memory -------------------------------------------------------- */

static void
test_memory_limit (void **state)
{
  struct cinch_resources r = { 0 };
  struct cinch_cgroup_writes w;
  (void) state;

  r.has_memory_limit = true;
  r.memory_limit = 1048576;
  r.has_memory_reservation = true;
  r.memory_reservation = 524288;
  convert_ok (&r, "linux.resources", &w);
  assert_writes (&w, { CINCH_CG_MEMORY, "memory.max", "1048576", P "memory.limit" },
                 { CINCH_CG_MEMORY, "memory.low", "524288", P "memory.reservation" });
  assert_no_warnings (&w);
  cinch_cgroup_writes_clear (&w);

  r.memory_limit = -1;
  r.memory_reservation = -1;
  convert_ok (&r, "linux.resources", &w);
  assert_writes (&w, { CINCH_CG_MEMORY, "memory.max", "max", P "memory.limit" },
                 { CINCH_CG_MEMORY, "memory.low", "max", P "memory.reservation" });
  cinch_cgroup_writes_clear (&w);

  /* Docker's "unset" */
  r.memory_limit = 0;
  r.memory_reservation = 0;
  convert_ok (&r, "linux.resources", &w);
  assert_int_equal (w.n, 0);
  cinch_cgroup_writes_clear (&w);

  r.memory_limit = -2;
  convert_fails (&r, P "memory.limit: -2: expected a byte count, or -1 for unlimited");
  r.memory_limit = 0;
  r.memory_reservation = -7;
  convert_fails (&r, P "memory.reservation: -7: expected a byte count, or -1 for unlimited");
}

static void
swap_case (int64_t limit, bool has_limit, int64_t swap, const char *value)
{
  struct cinch_resources r = { 0 };
  struct cinch_cgroup_writes w;

  r.has_memory_limit = has_limit;
  r.memory_limit = limit;
  r.has_memory_swap = true;
  r.memory_swap = swap;
  convert_ok (&r, "linux.resources", &w);
  if (value == NULL)
    {
      for (size_t i = 0; i < w.n; i++)
        assert_string_not_equal (w.v[i].file, "memory.swap.max");
    }
  else
    {
      size_t i;
      for (i = 0; i < w.n; i++)
        if (strcmp (w.v[i].file, "memory.swap.max") == 0)
          break;
      assert_true (i < w.n);
      assert_string_equal (w.v[i].value, value);
      assert_string_equal (w.v[i].json_path, P "memory.swap");
      assert_int_equal (w.v[i].controller, CINCH_CG_MEMORY);
    }
  cinch_cgroup_writes_clear (&w);
}

static void
test_memory_swap (void **state)
{
  struct cinch_resources r = { 0 };
  struct cinch_cgroup_writes w;
  (void) state;

  swap_case (100, true, 300, "200");
  swap_case (1073741824, true, 2147483648, "1073741824");
  swap_case (100, true, 100, "0"); /* swap == limit: no swap at all */
  swap_case (100, true, -1, "max");
  swap_case (0, false, -1, "max");
  swap_case (-1, true, -1, "max");
  swap_case (100, true, 0, NULL); /* 0: unset */
  swap_case (-1, true, 0, NULL);

  /* limit first, then swap, then low */
  r.has_memory_limit = r.has_memory_swap = r.has_memory_reservation = true;
  r.memory_limit = 1000;
  r.memory_swap = 3000;
  r.memory_reservation = 500;
  convert_ok (&r, "linux.resources", &w);
  assert_writes (&w, { CINCH_CG_MEMORY, "memory.max", "1000", P "memory.limit" },
                 { CINCH_CG_MEMORY, "memory.swap.max", "2000", P "memory.swap" },
                 { CINCH_CG_MEMORY, "memory.low", "500", P "memory.reservation" });
  cinch_cgroup_writes_clear (&w);

  memset (&r, 0, sizeof (r));
  r.has_memory_swap = true;
  r.memory_swap = 4096;
  convert_fails (&r, P "memory.swap: 4096 needs a memory limit in " P "memory.limit, which is "
                       "not set or -1 (on cgroup v2 the swap limit is memory.swap - "
                       "memory.limit); set one, or set memory.swap to -1");
  r.has_memory_limit = true;
  r.memory_limit = 0;
  convert_fails (&r, P "memory.swap: 4096 needs a memory limit in " P "memory.limit, which is "
                       "not set or -1 (on cgroup v2 the swap limit is memory.swap - "
                       "memory.limit); set one, or set memory.swap to -1");
  r.memory_limit = -1;
  convert_fails (&r, P "memory.swap: 4096 needs a memory limit in " P "memory.limit, which is "
                       "not set or -1 (on cgroup v2 the swap limit is memory.swap - "
                       "memory.limit); set one, or set memory.swap to -1");
  r.memory_limit = 8192;
  convert_fails (&r, P "memory.swap: 4096 is less than " P "memory.limit (8192): memory.swap "
                       "counts memory plus swap, so it must be at least the memory limit");
  r.memory_swap = -3;
  convert_fails (&r, P "memory.swap: -3: expected a byte count, or -1 for unlimited");
}

static void
test_memory_warnings (void **state)
{
  struct cinch_resources r = { 0 };
  struct cinch_cgroup_writes w;
  (void) state;

  /* set to values that mean nothing: no warning, no write */
  r.has_disable_oom_killer = r.has_memory_kernel = r.has_memory_kernel_tcp = true;
  r.has_use_hierarchy = r.has_check_before_update = true;
  r.use_hierarchy = r.check_before_update = true;
  convert_ok (&r, "linux.resources", &w);
  assert_int_equal (w.n, 0);
  assert_null (w.warnings);
  cinch_cgroup_writes_clear (&w);

  r.has_memory_swappiness = true;
  r.memory_swappiness = 0;
  r.disable_oom_killer = true;
  r.memory_kernel = 1 << 20;
  r.memory_kernel_tcp = 1 << 20;
  convert_ok (&r, "linux.resources", &w);
  assert_int_equal (w.n, 0);
  assert_warnings (&w, P "memory.swappiness" IGN, P "memory.disableOOMKiller" IGN,
                   P "memory.kernel" IGN, P "memory.kernelTCP" IGN);
  cinch_cgroup_writes_clear (&w);
}

/* ---- cpu ----------------------------------------------------------- */

static void
shares_case (uint64_t shares, const char *weight)
{
  struct cinch_resources r = { 0 };
  struct cinch_cgroup_writes w;

  r.has_cpu_shares = true;
  r.cpu_shares = shares;
  convert_ok (&r, "linux.resources", &w);
  if (weight == NULL)
    assert_int_equal (w.n, 0);
  else
    assert_writes (&w, { CINCH_CG_CPU, "cpu.weight", weight, P "cpu.shares" });
  cinch_cgroup_writes_clear (&w);
}

static void
test_cpu_shares (void **state)
{
  (void) state;
  shares_case (0, NULL); /* Docker's "unset" */
  shares_case (1, "1");  /* clamped to 2 */
  shares_case (2, "1");
  shares_case (1024, "39"); /* 1 + 1022 * 9999 / 262142 */
  shares_case (512, "20");
  shares_case (262144, "10000");
  shares_case (1000000, "10000");
  shares_case (UINT64_MAX, "10000");
}

static void
cpumax_case (bool has_q, int64_t q, bool has_p, uint64_t p, const char *value, const char *path)
{
  struct cinch_resources r = { 0 };
  struct cinch_cgroup_writes w;

  r.has_cpu_quota = has_q;
  r.cpu_quota = q;
  r.has_cpu_period = has_p;
  r.cpu_period = p;
  convert_ok (&r, "linux.resources", &w);
  if (value == NULL)
    assert_int_equal (w.n, 0);
  else
    assert_writes_n (&w, &(struct ew){ CINCH_CG_CPU, "cpu.max", value, path }, 1);
  cinch_cgroup_writes_clear (&w);
}

static void
test_cpu_max (void **state)
{
  (void) state;
  cpumax_case (true, 50000, true, 100000, "50000 100000", P "cpu.quota");
  cpumax_case (true, 20000, true, 50000, "20000 50000", P "cpu.quota");
  cpumax_case (true, 50000, false, 0, "50000 100000", P "cpu.quota");
  cpumax_case (true, 50000, true, 0, "50000 100000", P "cpu.quota");
  cpumax_case (true, -1, false, 0, "max 100000", P "cpu.quota");
  cpumax_case (true, -5, true, 250000, "max 250000", P "cpu.quota");
  cpumax_case (false, 0, true, 250000, "max 250000", P "cpu.period");
  cpumax_case (true, 0, true, 250000, "max 250000", P "cpu.period");
  cpumax_case (true, 0, true, 0, NULL, NULL); /* Docker's "unset" */
  cpumax_case (true, 0, false, 0, NULL, NULL);
  cpumax_case (false, 0, false, 0, NULL, NULL);
}

static void
test_cpu_other (void **state)
{
  struct cinch_resources r = { 0 };
  struct cinch_cgroup_writes w;
  (void) state;

  r.has_cpu_shares = r.has_cpu_quota = r.has_cpu_burst = r.has_cpu_idle = true;
  r.cpu_shares = 2;
  r.cpu_quota = 30000;
  r.cpu_burst = 10000;
  r.cpu_idle = 1;
  r.cpu_cpus = "0-1,3";
  r.cpu_mems = "0";
  convert_ok (&r, "linux.resources", &w);
  assert_writes (&w, { CINCH_CG_CPUSET, "cpuset.cpus", "0-1,3", P "cpu.cpus" },
                 { CINCH_CG_CPUSET, "cpuset.mems", "0", P "cpu.mems" },
                 { CINCH_CG_CPU, "cpu.weight", "1", P "cpu.shares" },
                 { CINCH_CG_CPU, "cpu.max", "30000 100000", P "cpu.quota" },
                 { CINCH_CG_CPU, "cpu.max.burst", "10000", P "cpu.burst" },
                 { CINCH_CG_CPU, "cpu.idle", "1", P "cpu.idle" });
  cinch_cgroup_writes_clear (&w);

  /* empty cpus/mems: unset; an explicit burst or idle of 0 is written */
  memset (&r, 0, sizeof (r));
  r.cpu_cpus = "";
  r.cpu_mems = "";
  r.has_cpu_burst = r.has_cpu_idle = true;
  r.has_cpu_realtime_runtime = r.has_cpu_realtime_period = true; /* both 0: fine */
  convert_ok (&r, "linux.resources", &w);
  assert_writes (&w, { CINCH_CG_CPU, "cpu.max.burst", "0", P "cpu.burst" },
                 { CINCH_CG_CPU, "cpu.idle", "0", P "cpu.idle" });
  cinch_cgroup_writes_clear (&w);
}

static void
test_cpu_realtime (void **state)
{
  struct cinch_resources r = { 0 };
  (void) state;

  r.has_cpu_realtime_runtime = true;
  r.cpu_realtime_runtime = 950000;
  convert_fails (&r, P "cpu.realtimeRuntime: cgroup v2 has no real-time CPU bandwidth (cgroup "
                       "v1's cpu.rt_runtime_us); remove it");
  r.has_cpu_realtime_runtime = false;
  r.has_cpu_realtime_period = true;
  r.cpu_realtime_period = 1000000;
  convert_fails (&r, P "cpu.realtimePeriod: cgroup v2 has no real-time CPU bandwidth (cgroup "
                       "v1's cpu.rt_period_us); remove it");
  /* both at once: both named */
  r.has_cpu_realtime_runtime = true;
  convert_fails (&r, P "cpu.realtimeRuntime: cgroup v2 has no real-time CPU bandwidth (cgroup "
                       "v1's cpu.rt_runtime_us); remove it\n" P
                       "cpu.realtimePeriod: cgroup v2 has no real-time CPU bandwidth (cgroup "
                       "v1's cpu.rt_period_us); remove it");
}

/* ---- pids ---------------------------------------------------------- */

static void
test_pids (void **state)
{
  struct cinch_resources r = { 0 };
  struct cinch_cgroup_writes w;
  (void) state;

  r.has_pids_limit = true;
  r.pids_limit = 2048;
  convert_ok (&r, "linux.resources", &w);
  assert_writes (&w, { CINCH_CG_PIDS, "pids.max", "2048", P "pids.limit" });
  cinch_cgroup_writes_clear (&w);

  r.pids_limit = -1;
  convert_ok (&r, "linux.resources", &w);
  assert_writes (&w, { CINCH_CG_PIDS, "pids.max", "max", P "pids.limit" });
  cinch_cgroup_writes_clear (&w);

  r.pids_limit = 0;
  convert_ok (&r, "linux.resources", &w);
  assert_int_equal (w.n, 0);
  cinch_cgroup_writes_clear (&w);
}

/* ---- io ------------------------------------------------------------ */

static void
blkio_case (uint16_t weight, const char *value)
{
  struct cinch_resources r = { 0 };
  struct cinch_cgroup_writes w;

  r.has_blkio_weight = true;
  r.blkio_weight = weight;
  convert_ok (&r, "linux.resources", &w);
  if (value == NULL)
    assert_int_equal (w.n, 0);
  else
    assert_writes (&w, { CINCH_CG_IO, "io.weight", value, P "blockIO.weight" });
  cinch_cgroup_writes_clear (&w);
}

static void
test_io_weight (void **state)
{
  struct cinch_resources r = { 0 };
  struct cinch_cgroup_writes w;
  struct cinch_weight_device wd[3] = {
    { 8, 0, true, false, 100, 0 },
    { 8, 16, false, true, 0, 300 },
    { 253, 1, true, false, 0, 0 }, /* weight 0: unset */
  };
  (void) state;

  blkio_case (0, NULL); /* Docker's "unset" */
  blkio_case (10, "default 1");
  blkio_case (500, "default 4950");
  blkio_case (1000, "default 10000");
  blkio_case (5, "default 1");
  blkio_case (2000, "default 10000");

  r.weight_devices = wd;
  r.n_weight_devices = 3;
  r.has_blkio_leaf_weight = true;
  r.blkio_leaf_weight = 200;
  convert_ok (&r, "linux.resources", &w);
  assert_writes (&w, { CINCH_CG_IO, "io.weight", "8:0 910", P "blockIO.weightDevice[0].weight" });
  assert_warnings (&w, P "blockIO.leafWeight" IGN, P "blockIO.weightDevice[1].leafWeight" IGN);
  cinch_cgroup_writes_clear (&w);

  wd[0].major = -1;
  convert_fails (&r, P "blockIO.weightDevice[0]: device -1:0: expected major:minor numbers");
}

static void
test_io_throttle (void **state)
{
  struct cinch_resources r = { 0 };
  struct cinch_cgroup_writes w;
  struct cinch_throttle_device rb[2] = { { 8, 0, 1048576 }, { 8, 16, 0 } };
  struct cinch_throttle_device wb[1] = { { 8, 0, 2097152 } };
  struct cinch_throttle_device ri[1] = { { 259, 3, 100 } };
  struct cinch_throttle_device wi[1] = { { 8, 0, 0 } };
  (void) state;

  r.throttle[CINCH_THROTTLE_READ_BPS] = rb;
  r.n_throttle[CINCH_THROTTLE_READ_BPS] = 2;
  r.throttle[CINCH_THROTTLE_WRITE_BPS] = wb;
  r.n_throttle[CINCH_THROTTLE_WRITE_BPS] = 1;
  r.throttle[CINCH_THROTTLE_READ_IOPS] = ri;
  r.n_throttle[CINCH_THROTTLE_READ_IOPS] = 1;
  r.throttle[CINCH_THROTTLE_WRITE_IOPS] = wi;
  r.n_throttle[CINCH_THROTTLE_WRITE_IOPS] = 1;
  convert_ok (&r, "linux.resources", &w);
  assert_writes (
      &w, { CINCH_CG_IO, "io.max", "8:0 rbps=1048576", P "blockIO.throttleReadBpsDevice[0]" },
      { CINCH_CG_IO, "io.max", "8:16 rbps=max", P "blockIO.throttleReadBpsDevice[1]" },
      { CINCH_CG_IO, "io.max", "8:0 wbps=2097152", P "blockIO.throttleWriteBpsDevice[0]" },
      { CINCH_CG_IO, "io.max", "259:3 riops=100", P "blockIO.throttleReadIOPSDevice[0]" },
      { CINCH_CG_IO, "io.max", "8:0 wiops=max", P "blockIO.throttleWriteIOPSDevice[0]" });
  assert_no_warnings (&w);
  cinch_cgroup_writes_clear (&w);

  ri[0].minor = -4;
  convert_fails (&r, P "blockIO.throttleReadIOPSDevice[0]: device 259:-4: expected major:minor "
                       "numbers");
}

/* ---- hugetlb, rdma, network ---------------------------------------- */

static void
test_hugetlb (void **state)
{
  struct cinch_resources r = { 0 };
  struct cinch_cgroup_writes w;
  struct cinch_hugepage_limit h[3] = { { "2MB", 209715200 }, { "1GB", 0 }, { "64KB", 65536 } };
  (void) state;

  r.hugepage_limits = h;
  r.n_hugepage_limits = 3;
  convert_ok (&r, "linux.resources", &w);
  assert_writes (&w, { CINCH_CG_HUGETLB, "hugetlb.2MB.max", "209715200", P "hugepageLimits[0]" },
                 { CINCH_CG_HUGETLB, "hugetlb.1GB.max", "0", P "hugepageLimits[1]" },
                 { CINCH_CG_HUGETLB, "hugetlb.64KB.max", "65536", P "hugepageLimits[2]" });
  cinch_cgroup_writes_clear (&w);

  h[1].page_size = "../../memory";
  convert_fails (&r, P "hugepageLimits[1].pageSize: \"../../memory\": expected a huge page size "
                       "such as \"2MB\" or \"1GB\"");
  h[1].page_size = "2mb";
  convert_fails (&r, P "hugepageLimits[1].pageSize: \"2mb\": expected a huge page size such as "
                       "\"2MB\" or \"1GB\"");
  h[1].page_size = "MB";
  convert_fails (&r, P "hugepageLimits[1].pageSize: \"MB\": expected a huge page size such as "
                       "\"2MB\" or \"1GB\"");
}

static void
test_rdma (void **state)
{
  struct cinch_resources r = { 0 };
  struct cinch_cgroup_writes w;
  struct cinch_rdma_limit d[3] = {
    { "mlx4_0", true, true, 2, 2000 },
    { "mlx5_1", false, true, 0, 10 },
    { "hfi1_0", true, false, 4, 0 },
  };
  (void) state;

  r.rdma = d;
  r.n_rdma = 3;
  convert_ok (&r, "linux.resources", &w);
  assert_writes (
      &w, { CINCH_CG_RDMA, "rdma.max", "mlx4_0 hca_handle=2 hca_object=2000", P "rdma.mlx4_0" },
      { CINCH_CG_RDMA, "rdma.max", "mlx5_1 hca_handle=max hca_object=10", P "rdma.mlx5_1" },
      { CINCH_CG_RDMA, "rdma.max", "hfi1_0 hca_handle=4 hca_object=max", P "rdma.hfi1_0" });
  cinch_cgroup_writes_clear (&w);

  d[1].device = "mlx5_1\nmlx4_0";
  convert_fails (&r, P "rdma.mlx5_1\\x0amlx4_0: \"mlx5_1\\x0amlx4_0\": not an RDMA device name");
  d[1].device = "a b";
  convert_fails (&r, P "rdma.a b: \"a b\": not an RDMA device name");
}

static void
test_network (void **state)
{
  struct cinch_resources r = { 0 };
  struct cinch_cgroup_writes w;
  struct cinch_kv prio[1] = { { "eth0", "5" } };
  (void) state;

  /* classID 0 is "unset" */
  r.has_net_class_id = true;
  convert_ok (&r, "linux.resources", &w);
  assert_int_equal (w.n, 0);
  cinch_cgroup_writes_clear (&w);

  r.net_class_id = 0x100001;
  convert_fails (&r, P "network.classID: cgroup v2 has no net_cls controller to tag the "
                       "container's packets; remove it (match the container's traffic by cgroup "
                       "path instead, e.g. nftables \"socket cgroupv2\")");
  r.has_net_class_id = false;
  r.net_priorities = prio;
  r.n_net_priorities = 1;
  convert_fails (&r, P "network.priorities: cgroup v2 has no net_prio controller; remove it (set "
                       "priorities with tc or SO_PRIORITY instead)");
}

/* ---- unified ------------------------------------------------------- */

static void
test_unified_ok (void **state)
{
  struct cinch_resources r = { 0 };
  struct cinch_cgroup_writes w;
  struct cinch_kv u[4] = {
    { "memory.high", "1073741824" },
    { "cgroup.max.depth", "3" },
    { "misc.max", "res_a 1" },
    { "io.max", "8:0 rbps=5" },
  };
  (void) state;

  r.unified = u;
  r.n_unified = 4;
  convert_ok (&r, "linux.resources", &w);
  assert_writes (&w, { CINCH_CG_MEMORY, "memory.high", "1073741824", P "unified.memory.high" },
                 { CINCH_CG_CORE, "cgroup.max.depth", "3", P "unified.cgroup.max.depth" },
                 { CINCH_CG_MISC, "misc.max", "res_a 1", P "unified.misc.max" },
                 { CINCH_CG_IO, "io.max", "8:0 rbps=5", P "unified.io.max" });
  assert_int_equal (cinch_cgroup_writes_controllers (&w), CINCH_CG_BIT (CINCH_CG_MEMORY)
                                                              | CINCH_CG_BIT (CINCH_CG_MISC)
                                                              | CINCH_CG_BIT (CINCH_CG_IO));
  cinch_cgroup_writes_clear (&w);
}

static void
unified_bad (const char *key, const char *msg)
{
  struct cinch_resources r = { 0 };
  struct cinch_kv u[1] = { { (char *) key, "1" } };

  r.unified = u;
  r.n_unified = 1;
  convert_fails (&r, msg);
}

#define NOT_A_FILE ": not a cgroup file name (\"<controller>.<file>\", e.g. \"memory.high\")"
#define MANAGED ": cinch manages this file itself; remove the entry"

static void
test_unified_bad (void **state)
{
  static const char *const managed[] = {
    "cgroup.procs", "cgroup.threads",         "cgroup.kill",   "cgroup.freeze",
    "cgroup.type",  "cgroup.subtree_control", "cgroup.events", "cgroup.controllers",
  };
  (void) state;

  unified_bad ("memory/high", P "unified.memory/high" NOT_A_FILE);
  unified_bad ("../../memory.max", P "unified.../../memory.max" NOT_A_FILE);
  unified_bad ("..", P "unified..." NOT_A_FILE);
  unified_bad (".", P "unified.." NOT_A_FILE);
  unified_bad ("", P "unified." NOT_A_FILE);
  unified_bad ("memory", P "unified.memory" NOT_A_FILE);
  unified_bad ("memory.", P "unified.memory." NOT_A_FILE);
  unified_bad (".high", P "unified..high" NOT_A_FILE);
  unified_bad ("memory.hi gh", P "unified.memory.hi gh" NOT_A_FILE);
  unified_bad ("memory.high\n", P "unified.memory.high\\x0a" NOT_A_FILE);
  unified_bad ("devices.allow", P "unified.devices.allow: \"devices\" is not a cgroup v2 "
                                  "controller cinch knows (cpuset, cpu, io, memory, hugetlb, "
                                  "pids, rdma, misc, or cgroup)");
  unified_bad ("net_cls.classid", P "unified.net_cls.classid: \"net_cls\" is not a cgroup v2 "
                                    "controller cinch knows (cpuset, cpu, io, memory, hugetlb, "
                                    "pids, rdma, misc, or cgroup)");
  for (size_t i = 0; i < CINCH_ARRAY_SIZE (managed); i++)
    {
      char msg[256];
      snprintf (msg, sizeof (msg), P "unified.%s" MANAGED, managed[i]);
      unified_bad (managed[i], msg);
    }
  /* only the exact names: other cgroup.* files are fine */
  {
    struct cinch_resources r = { 0 };
    struct cinch_cgroup_writes w;
    struct cinch_kv u[2] = { { "cgroup.max.descendants", "10" }, { "cgroup.procsx", "1" } };
    r.unified = u;
    r.n_unified = 2;
    convert_ok (&r, "linux.resources", &w);
    assert_int_equal (w.n, 2);
    assert_int_equal (cinch_cgroup_writes_controllers (&w), 0);
    cinch_cgroup_writes_clear (&w);
  }
}

/* All the errors of one config, in one message.  */
static void
test_all_errors (void **state)
{
  struct cinch_resources r = { 0 };
  struct cinch_kv u[2] = { { "cgroup.kill", "1" }, { "foo.bar", "1" } };
  (void) state;

  r.has_memory_limit = r.has_memory_swap = r.has_cpu_realtime_runtime = true;
  r.memory_limit = 200;
  r.memory_swap = 100;
  r.cpu_realtime_runtime = 5;
  r.unified = u;
  r.n_unified = 2;
  convert_fails (&r,
                 P "cpu.realtimeRuntime: cgroup v2 has no real-time CPU bandwidth (cgroup v1's "
                   "cpu.rt_runtime_us); remove it\n" P "memory.swap: 100 is less than " P
                   "memory.limit (200): memory.swap counts "
                   "memory plus swap, so it must be at least the memory limit\n" P
                   "unified.cgroup.kill" MANAGED "\n" P
                   "unified.foo.bar: \"foo\" is not a cgroup v2 controller cinch knows (cpuset, "
                   "cpu, io, memory, hugetlb, pids, rdma, misc, or cgroup)");
}

/* A hostile config cannot make the message unbounded.  */
static void
test_error_cap (void **state)
{
  struct cinch_resources r = { 0 };
  struct cinch_kv u[100];
  struct cinch_cgroup_writes w = { 0 };
  cinch_error_t err = NULL;
  size_t lines = 1;
  (void) state;

  for (size_t i = 0; i < 100; i++)
    u[i] = (struct cinch_kv){ "x.y", "1" };
  r.unified = u;
  r.n_unified = 100;
  assert_int_equal (cinch_cgroup_convert (&r, "linux.resources", &w, &err), -1);
  for (const char *s = cinch_error_msg (err); *s; s++)
    lines += *s == '\n';
  assert_int_equal (lines, 33);
  assert_non_null (strstr (cinch_error_msg (err), "\nfurther errors suppressed"));
  cinch_error_free (&err);
}

/* ---- order, prefix, mask ------------------------------------------- */

static void
fill_everything (struct cinch_resources *r, struct cinch_kv *u, struct cinch_hugepage_limit *h,
                 struct cinch_rdma_limit *d, struct cinch_throttle_device *t,
                 struct cinch_weight_device *wd)
{
  memset (r, 0, sizeof (*r));
  /* set in an order unlike the output's */
  r->unified = u;
  r->n_unified = 1;
  r->rdma = d;
  r->n_rdma = 1;
  r->hugepage_limits = h;
  r->n_hugepage_limits = 1;
  r->throttle[CINCH_THROTTLE_WRITE_BPS] = t;
  r->n_throttle[CINCH_THROTTLE_WRITE_BPS] = 1;
  r->weight_devices = wd;
  r->n_weight_devices = 1;
  r->has_blkio_weight = true;
  r->blkio_weight = 1000;
  r->has_pids_limit = true;
  r->pids_limit = 10;
  r->has_memory_limit = true;
  r->memory_limit = 4096;
  r->has_cpu_shares = true;
  r->cpu_shares = 262144;
  r->cpu_mems = "0";
}

static void
test_order (void **state)
{
  struct cinch_resources r;
  struct cinch_cgroup_writes w;
  struct cinch_kv u[1] = { { "memory.max", "8192" } };
  struct cinch_hugepage_limit h[1] = { { "2MB", 0 } };
  struct cinch_rdma_limit d[1] = { { "mlx4_0", true, true, 1, 1 } };
  struct cinch_throttle_device t[1] = { { 8, 0, 1 } };
  struct cinch_weight_device wd[1] = { { 8, 0, true, false, 10, 0 } };
  (void) state;

  fill_everything (&r, u, h, d, t, wd);
  convert_ok (&r, "linux.resources", &w);
  assert_writes (&w, { CINCH_CG_CPUSET, "cpuset.mems", "0", P "cpu.mems" },
                 { CINCH_CG_CPU, "cpu.weight", "10000", P "cpu.shares" },
                 { CINCH_CG_MEMORY, "memory.max", "4096", P "memory.limit" },
                 { CINCH_CG_PIDS, "pids.max", "10", P "pids.limit" },
                 { CINCH_CG_IO, "io.weight", "default 10000", P "blockIO.weight" },
                 { CINCH_CG_IO, "io.weight", "8:0 1", P "blockIO.weightDevice[0].weight" },
                 { CINCH_CG_IO, "io.max", "8:0 wbps=1", P "blockIO.throttleWriteBpsDevice[0]" },
                 { CINCH_CG_HUGETLB, "hugetlb.2MB.max", "0", P "hugepageLimits[0]" },
                 { CINCH_CG_RDMA, "rdma.max", "mlx4_0 hca_handle=1 hca_object=1", P "rdma.mlx4_0" },
                 /* unified last: it overrides the converted memory.max */
                 { CINCH_CG_MEMORY, "memory.max", "8192", P "unified.memory.max" });
  assert_int_equal (cinch_cgroup_writes_controllers (&w),
                    CINCH_CG_BIT (CINCH_CG_CPUSET) | CINCH_CG_BIT (CINCH_CG_CPU)
                        | CINCH_CG_BIT (CINCH_CG_MEMORY) | CINCH_CG_BIT (CINCH_CG_PIDS)
                        | CINCH_CG_BIT (CINCH_CG_IO) | CINCH_CG_BIT (CINCH_CG_HUGETLB)
                        | CINCH_CG_BIT (CINCH_CG_RDMA));
  cinch_cgroup_writes_clear (&w);
}

static void
test_prefix (void **state)
{
  struct cinch_resources r;
  struct cinch_cgroup_writes w;
  struct cinch_kv u[1] = { { "memory.max", "8192" } };
  struct cinch_hugepage_limit h[1] = { { "2MB", 0 } };
  struct cinch_rdma_limit d[1] = { { "mlx4_0", true, true, 1, 1 } };
  struct cinch_throttle_device t[1] = { { 8, 0, 1 } };
  struct cinch_weight_device wd[1] = { { 8, 0, true, false, 10, 0 } };
  cinch_error_t err = NULL;
  (void) state;

  fill_everything (&r, u, h, d, t, wd);
  r.has_memory_swappiness = true;
  for (int pass = 0; pass < 2; pass++)
    {
      convert_ok (&r, pass == 0 ? "" : NULL, &w);
      assert_writes (
          &w, { CINCH_CG_CPUSET, "cpuset.mems", "0", "cpu.mems" },
          { CINCH_CG_CPU, "cpu.weight", "10000", "cpu.shares" },
          { CINCH_CG_MEMORY, "memory.max", "4096", "memory.limit" },
          { CINCH_CG_PIDS, "pids.max", "10", "pids.limit" },
          { CINCH_CG_IO, "io.weight", "default 10000", "blockIO.weight" },
          { CINCH_CG_IO, "io.weight", "8:0 1", "blockIO.weightDevice[0].weight" },
          { CINCH_CG_IO, "io.max", "8:0 wbps=1", "blockIO.throttleWriteBpsDevice[0]" },
          { CINCH_CG_HUGETLB, "hugetlb.2MB.max", "0", "hugepageLimits[0]" },
          { CINCH_CG_RDMA, "rdma.max", "mlx4_0 hca_handle=1 hca_object=1", "rdma.mlx4_0" },
          { CINCH_CG_MEMORY, "memory.max", "8192", "unified.memory.max" });
      assert_warnings (&w, "memory.swappiness" IGN);
      cinch_cgroup_writes_clear (&w);
    }

  r.has_pids_limit = false;
  r.has_memory_swap = true;
  r.memory_swap = 10;
  memset (&w, 0, sizeof (w));
  assert_int_equal (cinch_cgroup_convert (&r, "", &w, &err), -1);
  assert_string_equal (cinch_error_msg (err),
                       "memory.swap: 10 is less than memory.limit (4096): memory.swap counts "
                       "memory plus swap, so it must be at least the memory limit");
  cinch_error_free (&err);
}

static void
test_controllers_mask (void **state)
{
  struct cinch_cgroup_write v[3] = {
    { CINCH_CG_PIDS, NULL, NULL, NULL },
    { CINCH_CG_CORE, NULL, NULL, NULL },
    { CINCH_CG_PIDS, NULL, NULL, NULL },
  };
  struct cinch_cgroup_writes w = { v, 3, NULL };
  (void) state;

  assert_int_equal (cinch_cgroup_writes_controllers (&w), CINCH_CG_BIT (CINCH_CG_PIDS));
  w.n = 0;
  assert_int_equal (cinch_cgroup_writes_controllers (&w), 0);
  v[0].controller = CINCH_CG_MISC;
  w.n = 1;
  assert_int_equal (cinch_cgroup_writes_controllers (&w), 1u << 7);
}

/* ---- resolve_path -------------------------------------------------- */

static void
resolves (const char *cp, enum cinch_cgroup_manager mgr, const char *id, const char *self,
          const char *expected)
{
  cinch_error_t err = NULL;
  char *out = (char *) "untouched";

  if (cinch_cgroup_resolve_path (cp, mgr, id, self, &out, &err) != 0)
    fail_msg ("resolve \"%s\": %s", cp ? cp : "(null)", cinch_error_msg (err));
  if (expected == NULL)
    assert_null (out);
  else
    {
      assert_non_null (out);
      assert_string_equal (out, expected);
      free (out);
    }
}

static void
refuses (const char *cp, enum cinch_cgroup_manager mgr, const char *id, const char *self,
         const char *msg)
{
  cinch_error_t err = NULL;
  char *out = (char *) "untouched";

  assert_int_equal (cinch_cgroup_resolve_path (cp, mgr, id, self, &out, &err), -1);
  assert_string_equal (out, "untouched");
  assert_non_null (err);
  assert_int_equal (err->errnum, EINVAL);
  assert_string_equal (cinch_error_msg (err), msg);
  cinch_error_free (&err);
}

static void
test_resolve_cgroupfs (void **state)
{
  const enum cinch_cgroup_manager fs = CINCH_CGROUP_CGROUPFS;
  (void) state;

  /* absolute: as written, cleaned (what Docker and Podman send) */
  resolves ("/docker/abc", fs, "abc", "/user.slice/session-1.scope", "/docker/abc");
  resolves ("/libpod_parent/libpod-abc", fs, "abc", "/", "/libpod_parent/libpod-abc");
  resolves ("//a/./b//c/", fs, "x", "/", "/a/b/c");
  /* relative: next to cinch's own cgroup */
  resolves ("foo/bar", fs, "x", "/user.slice/session-1.scope", "/user.slice/foo/bar");
  resolves ("./foo", fs, "x", "/a/b/c", "/a/b/foo");
  resolves ("foo", fs, "x", "/", "/foo");
  resolves ("foo", fs, "x", "/top", "/foo");
  resolves ("foo", fs, "x", NULL, "/foo");
  /* absent */
  resolves (NULL, fs, "ctr1", "/user.slice/session-1.scope", "/user.slice/cinch/ctr1");
  resolves ("", fs, "ctr1", "/user.slice/session-1.scope", "/user.slice/cinch/ctr1");
  resolves (NULL, fs, "ctr1", "/", "/cinch/ctr1");
  resolves (NULL, fs, "ctr1", "", "/cinch/ctr1");
  resolves (NULL, fs, "ctr1", NULL, "/cinch/ctr1");
  resolves (NULL, fs, "ctr1", "/a//b/", "/a/cinch/ctr1");

  refuses ("/a/../b", fs, "x", "/",
           "linux.cgroupsPath: \"/a/../b\": \"..\" is not allowed: the cgroup must stay where it "
           "is named");
  refuses ("../escape", fs, "x", "/a/b",
           "linux.cgroupsPath: \"../escape\": \"..\" is not allowed: the cgroup must stay where "
           "it is named");
  refuses ("/a/..", fs, "x", "/",
           "linux.cgroupsPath: \"/a/..\": \"..\" is not allowed: the cgroup must stay where it "
           "is named");
  refuses ("/", fs, "x", "/",
           "linux.cgroupsPath: \"/\": that is the root cgroup; name a cgroup below it");
  refuses ("//./", fs, "x", "/",
           "linux.cgroupsPath: \"//./\": that is the root cgroup; name a cgroup below it");
  refuses (".", fs, "x", "/a",
           "linux.cgroupsPath: \".\": that is the root cgroup; name a cgroup below it");
  refuses ("/a\nb", fs, "x", "/",
           "linux.cgroupsPath: \"/a\\x0ab\": control characters are not allowed in a cgroup path");
  refuses ("foo", fs, "x", "/../../init.scope",
           "linux.cgroupsPath: cinch's own cgroup \"/../../init.scope\" is outside its cgroup "
           "namespace; give an absolute cgroupsPath");
  /* an absolute path does not need our own cgroup */
  resolves ("/ok", fs, "x", "/../../init.scope", "/ok");
  refuses (NULL, fs, "a/b", "/",
           "container id \"a/b\" cannot name a cgroup (it must be a plain file name)");
  refuses (NULL, fs, "..", "/",
           "container id \"..\" cannot name a cgroup (it must be a plain file name)");
  refuses (NULL, fs, "", "/",
           "container id \"\" cannot name a cgroup (it must be a plain file name)");
}

#define SYSTEMD_FORM                                                                               \
  "with the systemd cgroup manager it must be \"slice:prefix:name\" (e.g. "                        \
  "\"system.slice:docker:ID\")"
#define BAD_SLICE                                                                                  \
  "the slice is not a systemd slice name (\"NAME.slice\", letters, digits, \"_.\\@\" and single "  \
  "inner dashes; \"-.slice\" is the root)"

static void
test_resolve_systemd (void **state)
{
  const enum cinch_cgroup_manager sd = CINCH_CGROUP_SYSTEMD;
  (void) state;

  resolves ("system.slice:docker:abc", sd, "abc", "/", "/system.slice/docker-abc.scope");
  resolves ("machine.slice:libpod:abc", sd, "abc", "/x", "/machine.slice/libpod-abc.scope");
  resolves ("a-b-c.slice:p:n", sd, "x", "/", "/a.slice/a-b.slice/a-b-c.slice/p-n.scope");
  resolves ("kubepods-besteffort-pod1_2.slice:cri-containerd:abc", sd, "x", "/",
            "/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod1_2.slice/"
            "cri-containerd-abc.scope");
  resolves ("-.slice:p:n", sd, "x", "/", "/p-n.scope");
  resolves (":p:n", sd, "x", "/", "/system.slice/p-n.scope");
  resolves ("machine.slice::n", sd, "x", "/", "/machine.slice/n.scope");
  resolves ("::n", sd, "x", "/", "/system.slice/n.scope");
  /* a name that is a slice: nested in the parent slice, prefix ignored */
  resolves ("system.slice:p:my-x.slice", sd, "x", "/", "/system.slice/my-x.slice");
  resolves ("-.slice::top.slice", sd, "x", "/", "/top.slice");
  /* absent */
  resolves (NULL, sd, "ctr1", "/", "/system.slice/cinch-ctr1.scope");
  resolves ("", sd, "ctr1", "/whatever", "/system.slice/cinch-ctr1.scope");

  refuses ("/docker/abc", sd, "x", "/", "linux.cgroupsPath: \"/docker/abc\": " SYSTEMD_FORM);
  refuses ("a.slice:b", sd, "x", "/", "linux.cgroupsPath: \"a.slice:b\": " SYSTEMD_FORM);
  refuses ("a.slice:b:c:d", sd, "x", "/", "linux.cgroupsPath: \"a.slice:b:c:d\": " SYSTEMD_FORM);
  refuses ("foo:p:n", sd, "x", "/", "linux.cgroupsPath: \"foo:p:n\": " BAD_SLICE);
  refuses (".slice:p:n", sd, "x", "/", "linux.cgroupsPath: \".slice:p:n\": " BAD_SLICE);
  refuses ("-foo.slice:p:n", sd, "x", "/", "linux.cgroupsPath: \"-foo.slice:p:n\": " BAD_SLICE);
  refuses ("foo-.slice:p:n", sd, "x", "/", "linux.cgroupsPath: \"foo-.slice:p:n\": " BAD_SLICE);
  refuses ("a--b.slice:p:n", sd, "x", "/", "linux.cgroupsPath: \"a--b.slice:p:n\": " BAD_SLICE);
  refuses ("a/b.slice:p:n", sd, "x", "/", "linux.cgroupsPath: \"a/b.slice:p:n\": " BAD_SLICE);
  refuses ("../x.slice:p:n", sd, "x", "/", "linux.cgroupsPath: \"../x.slice:p:n\": " BAD_SLICE);
  refuses ("system.slice:p:", sd, "x", "/",
           "linux.cgroupsPath: \"system.slice:p:\": the name (after the second ':') is empty");
  refuses ("system.slice:p/q:n", sd, "x", "/",
           "linux.cgroupsPath: \"system.slice:p/q:n\": the prefix and the name may hold only "
           "letters, digits and \"-_.\\@\"");
  refuses ("system.slice:p:../../n", sd, "x", "/",
           "linux.cgroupsPath: \"system.slice:p:../../n\": the prefix and the name may hold only "
           "letters, digits and \"-_.\\@\"");
  refuses ("system.slice:p:a b", sd, "x", "/",
           "linux.cgroupsPath: \"system.slice:p:a b\": the prefix and the name may hold only "
           "letters, digits and \"-_.\\@\"");
  refuses ("system.slice:p:a--b.slice", sd, "x", "/",
           "linux.cgroupsPath: \"system.slice:p:a--b.slice\": the name ends in \".slice\" but is "
           "not a slice name");
  refuses ("system.slice:p:-.slice", sd, "x", "/",
           "linux.cgroupsPath: \"system.slice:p:-.slice\": \"-.slice\" (the root slice) cannot "
           "be the container's unit");
  refuses (NULL, sd, "a/b", "/",
           "container id \"a/b\" cannot name a cgroup (it must be a plain file name)");
}

static void
test_resolve_disabled (void **state)
{
  (void) state;
  resolves (NULL, CINCH_CGROUP_DISABLED, "x", "/", NULL);
  resolves ("/docker/abc", CINCH_CGROUP_DISABLED, "x", "/", NULL);
  resolves ("not:even:valid:here", CINCH_CGROUP_DISABLED, "x", "/", NULL);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_controller_names), cmocka_unit_test (test_empty),
    cmocka_unit_test (test_memory_limit),     cmocka_unit_test (test_memory_swap),
    cmocka_unit_test (test_memory_warnings),  cmocka_unit_test (test_cpu_shares),
    cmocka_unit_test (test_cpu_max),          cmocka_unit_test (test_cpu_other),
    cmocka_unit_test (test_cpu_realtime),     cmocka_unit_test (test_pids),
    cmocka_unit_test (test_io_weight),        cmocka_unit_test (test_io_throttle),
    cmocka_unit_test (test_hugetlb),          cmocka_unit_test (test_rdma),
    cmocka_unit_test (test_network),          cmocka_unit_test (test_unified_ok),
    cmocka_unit_test (test_unified_bad),      cmocka_unit_test (test_all_errors),
    cmocka_unit_test (test_error_cap),        cmocka_unit_test (test_order),
    cmocka_unit_test (test_prefix),           cmocka_unit_test (test_controllers_mask),
    cmocka_unit_test (test_resolve_cgroupfs), cmocka_unit_test (test_resolve_systemd),
    cmocka_unit_test (test_resolve_disabled),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
