/* Unit tests for the device cgroup program (cgroup_devices.c).
 *
 * Pure: the compiled program is checked for shape (every instruction
 * reachable, jumps forward and in range, as the verifier demands; the last
 * block the default deny) and run through a small interpreter of the few
 * instruction kinds the compiler emits, for the decision semantics; config
 * errors name their JSON path and leave the outputs alone.
 *
 * Real (root and a cgroup2 hierarchy, else skipped): a temporary cgroup
 * gets the program; a child moves itself into it and opens or mknods
 * device nodes, the parent checking what the kernel allowed (0) or refused
 * (EPERM).  Nodes are made in a temporary directory under /tmp, which must
 * not be mounted nodev.  */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <linux/magic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cgroup.h"
#include "cgroup_devices.h"
#include "util.h"

#define CHR BPF_DEVCG_DEV_CHAR
#define BLK BPF_DEVCG_DEV_BLOCK
#define M BPF_DEVCG_ACC_MKNOD
#define R BPF_DEVCG_ACC_READ
#define W BPF_DEVCG_ACC_WRITE
#define RW (R | W)

#define ALLOW(t, ma, mi, acc) ((struct cinch_device_rule){ true, (t), (ma), (mi), (char *) (acc) })
#define DENY(t, ma, mi, acc) ((struct cinch_device_rule){ false, (t), (ma), (mi), (char *) (acc) })
#define DEV(t, ma, mi)                                                                             \
  ((struct cinch_device){ (char *) "/dev/x", (t), (ma), (mi), false, 0, false, false, 0, 0 })

/* ------------------------------------------------------------------ */
/* The program's shape, and an interpreter for what the compiler emits.  */

static void
assert_well_formed (const struct bpf_insn *p, size_t n)
{
  cleanup_free bool *seen = cinch_xcalloc (n, sizeof (bool));

  assert_true (n > 0);
  seen[0] = true;
  for (size_t i = 0; i < n; i++)
    {
      uint8_t cls = BPF_CLASS (p[i].code);
      if (!seen[i])
        fail_msg ("instruction %zu is unreachable (the verifier refuses that)", i);
      if (p[i].code == (BPF_JMP | BPF_EXIT))
        continue;
      if (cls == BPF_JMP)
        {
          if (p[i].off < 0 || i + 1 + (size_t) p[i].off >= n)
            fail_msg ("instruction %zu jumps by %d out of 0..%zu", i, p[i].off, n - 1);
          seen[i + 1 + (size_t) p[i].off] = true;
        }
      if (i + 1 >= n)
        fail_msg ("the program falls off its end after instruction %zu", i);
      seen[i + 1] = true;
    }
  assert_int_equal (p[n - 1].code, BPF_JMP | BPF_EXIT);
}

/* Run the program on one request; 1 allow, 0 deny.  */
static int
run (const struct bpf_insn *p, size_t n, uint32_t type, uint32_t acc, uint32_t major,
     uint32_t minor)
{
  uint64_t r[MAX_BPF_REG] = { 0 };
  uint32_t ctx[3] = { (acc << 16) | type, major, minor };
  size_t pc = 0;

  while (pc < n)
    {
      const struct bpf_insn *i = &p[pc];
      uint64_t imm = (uint64_t) (int64_t) i->imm;

      switch (i->code)
        {
        case BPF_LDX | BPF_MEM | BPF_W:
          assert_int_equal (i->src_reg, BPF_REG_1);
          assert_true (i->off >= 0 && i->off % 4 == 0 && i->off / 4 < 3);
          r[i->dst_reg] = ctx[i->off / 4];
          break;
        case BPF_ALU | BPF_AND | BPF_K:
          r[i->dst_reg] = (uint32_t) r[i->dst_reg] & (uint32_t) i->imm;
          break;
        case BPF_ALU | BPF_RSH | BPF_K:
          r[i->dst_reg] = (uint32_t) r[i->dst_reg] >> i->imm;
          break;
        case BPF_ALU64 | BPF_MOV | BPF_X:
          r[i->dst_reg] = r[i->src_reg];
          break;
        case BPF_ALU64 | BPF_MOV | BPF_K:
          r[i->dst_reg] = imm;
          break;
        case BPF_JMP | BPF_JNE | BPF_K:
          if (r[i->dst_reg] != imm)
            pc += (size_t) i->off;
          break;
        case BPF_JMP | BPF_JEQ | BPF_K:
          if (r[i->dst_reg] == imm)
            pc += (size_t) i->off;
          break;
        case BPF_JMP | BPF_EXIT:
          assert_true (r[0] == 0 || r[0] == 1);
          return (int) r[0];
        default:
          fail_msg ("instruction %zu: opcode %#x not expected from the compiler", pc, i->code);
        }
      pc++;
    }
  fail_msg ("the program ran off its end");
  return -1;
}

struct prog
{
  struct bpf_insn *v;
  size_t n;
};

static void
prog_freep (struct prog *p)
{
  free (p->v);
}
#define cleanup_prog __attribute__ ((cleanup (prog_freep)))

static struct prog
compile (const struct cinch_device *devs, size_t n_devs, const struct cinch_device_rule *rules,
         size_t n_rules)
{
  struct prog p = { NULL, 0 };
  cleanup_error cinch_error_t err = NULL;

  if (cinch_devices_compile (devs, n_devs, rules, n_rules, &p.v, &p.n, &err) < 0)
    fail_msg ("compile: %s", cinch_error_msg (err));
  assert_well_formed (p.v, p.n);
  return p;
}

#define COMPILE_RULES(rules) compile (NULL, 0, rules, CINCH_ARRAY_SIZE (rules))

/* ------------------------------------------------------------------ */
/* Pure tests.  */

static void
test_default (void **state)
{
  (void) state;
  cleanup_prog struct prog p = compile (NULL, 0, NULL, 0);

  /* Loads, the standard blocks (at most 5 instructions each), the deny.  */
  assert_true (p.n >= 8 + 2 * cinch_devices_n_std && p.n <= 8 + 5 * cinch_devices_n_std + 2);
  assert_int_equal (p.v[p.n - 2].code, BPF_ALU64 | BPF_MOV | BPF_K);
  assert_int_equal (p.v[p.n - 2].dst_reg, BPF_REG_0);
  assert_int_equal (p.v[p.n - 2].imm, 0);

  for (size_t i = 0; i < cinch_devices_n_std; i++)
    {
      unsigned maj = cinch_devices_std[i].major;
      unsigned min = cinch_devices_std[i].minor < 0 ? 42 : (unsigned) cinch_devices_std[i].minor;
      assert_int_equal (run (p.v, p.n, CHR, M | R | W, maj, min), 1);
      assert_int_equal (run (p.v, p.n, CHR, M, maj, min), 1);
      assert_int_equal (run (p.v, p.n, BLK, R, maj, min), 0);
    }
  assert_int_equal (run (p.v, p.n, CHR, RW, 1, 3), 1);
  assert_int_equal (run (p.v, p.n, CHR, RW, 136, 0), 1);
  assert_int_equal (run (p.v, p.n, CHR, R, 1, 1), 0);    /* mem */
  assert_int_equal (run (p.v, p.n, CHR, M, 10, 200), 0); /* tun */
  assert_int_equal (run (p.v, p.n, CHR, R, 5, 1), 0);    /* console */
  assert_int_equal (run (p.v, p.n, BLK, R, 7, 0), 0);
}

static void
test_devices (void **state)
{
  (void) state;
  struct cinch_device devs[] = { DEV ('c', 10, 200), DEV ('u', 10, 229), DEV ('b', 7, 0),
                                 DEV ('p', 0, 0) };
  cleanup_prog struct prog p = compile (devs, CINCH_ARRAY_SIZE (devs), NULL, 0);
  cleanup_prog struct prog none = compile (NULL, 0, NULL, 0);
  cleanup_prog struct prog fifo = compile (&devs[3], 1, NULL, 0);
  cleanup_prog struct prog chr = compile (&devs[0], 1, NULL, 0);
  struct cinch_device u = DEV ('u', 10, 200);
  cleanup_prog struct prog unbuf = compile (&u, 1, NULL, 0);

  assert_int_equal (run (p.v, p.n, CHR, M | R | W, 10, 200), 1);
  assert_int_equal (run (p.v, p.n, CHR, RW, 10, 229), 1);
  assert_int_equal (run (p.v, p.n, BLK, R, 7, 0), 1);
  assert_int_equal (run (p.v, p.n, CHR, R, 7, 0), 0); /* type matters */
  assert_int_equal (run (p.v, p.n, BLK, R, 10, 200), 0);
  assert_int_equal (run (p.v, p.n, CHR, R, 10, 201), 0);
  assert_int_equal (run (p.v, p.n, CHR, R, 0, 0), 0); /* the fifo is no device rule */

  /* A fifo compiles to nothing; 'u' is a char device.  */
  assert_int_equal (fifo.n, none.n);
  assert_memory_equal (fifo.v, none.v, none.n * sizeof (*none.v));
  assert_int_equal (unbuf.n, chr.n);
  assert_memory_equal (unbuf.v, chr.v, chr.n * sizeof (*chr.v));
}

static void
test_rules_last_wins (void **state)
{
  (void) state;
  struct cinch_device_rule allow_then_deny[] = { ALLOW ('c', 10, 200, "rwm"),
                                                 DENY ('a', -1, -1, NULL) };
  struct cinch_device_rule deny_then_allow[] = { DENY ('a', -1, -1, NULL),
                                                 ALLOW ('c', 10, 200, NULL) };
  struct cinch_device_rule deny_std[] = { DENY ('c', 1, 3, "rwm"), DENY ('c', 136, -1, NULL) };
  cleanup_prog struct prog a = COMPILE_RULES (allow_then_deny);
  cleanup_prog struct prog b = COMPILE_RULES (deny_then_allow);
  cleanup_prog struct prog c = COMPILE_RULES (deny_std);

  assert_int_equal (run (a.v, a.n, CHR, M, 10, 200), 0);
  assert_int_equal (run (a.v, a.n, CHR, RW, 1, 3), 1); /* the standard list wins */
  assert_int_equal (run (a.v, a.n, CHR, RW, 5, 2), 1);
  assert_int_equal (run (b.v, b.n, CHR, M, 10, 200), 1);
  assert_int_equal (run (b.v, b.n, CHR, M, 10, 201), 0);
  assert_int_equal (run (c.v, c.n, CHR, RW, 1, 3), 1);
  assert_int_equal (run (c.v, c.n, CHR, RW, 136, 7), 1);

  /* A trailing deny-all decides everything: nothing follows it.  */
  assert_true (a.n < b.n);
}

static void
test_rules_over_devices (void **state)
{
  (void) state;
  struct cinch_device devs[] = { DEV ('c', 10, 200), DEV ('b', 8, 0) };
  struct cinch_device_rule rules[] = { DENY ('c', 10, 200, NULL), DENY ('b', 8, -1, "w") };
  cleanup_prog struct prog p = compile (devs, 2, rules, 2);

  assert_int_equal (run (p.v, p.n, CHR, R, 10, 200), 0);
  assert_int_equal (run (p.v, p.n, CHR, M, 10, 200), 0);
  assert_int_equal (run (p.v, p.n, BLK, R, 8, 0), 1);
  assert_int_equal (run (p.v, p.n, BLK, W, 8, 0), 0);
  assert_int_equal (run (p.v, p.n, BLK, RW, 8, 0), 0);
  assert_int_equal (run (p.v, p.n, BLK, M, 8, 0), 1);
}

/* Access bits are decided one by one (cgroup_devices.c).  */
static void
test_rules_access (void **state)
{
  (void) state;
  struct cinch_device_rule read_only[] = { ALLOW ('c', 10, 200, "r") };
  struct cinch_device_rule minus_w[] = { ALLOW ('c', 10, 200, "rwm"), DENY ('c', 10, 200, "w") };
  struct cinch_device_rule r_then_w[] = { ALLOW ('c', 10, 200, "r"), ALLOW ('c', 10, 200, "w") };
  struct cinch_device_rule deny_r_allow_r[] = { DENY ('c', 10, 200, "r"), ALLOW ('c', 10, 200, "r"),
                                                ALLOW ('c', 10, -1, "w") };
  struct cinch_device_rule empty[] = { ALLOW ('a', -1, -1, ""), DENY ('c', 1, 3, "") };
  cleanup_prog struct prog ro = COMPILE_RULES (read_only);
  cleanup_prog struct prog mw = COMPILE_RULES (minus_w);
  cleanup_prog struct prog rw = COMPILE_RULES (r_then_w);
  cleanup_prog struct prog dr = COMPILE_RULES (deny_r_allow_r);
  cleanup_prog struct prog e = COMPILE_RULES (empty);
  cleanup_prog struct prog none = compile (NULL, 0, NULL, 0);

  assert_int_equal (run (ro.v, ro.n, CHR, R, 10, 200), 1);
  assert_int_equal (run (ro.v, ro.n, CHR, W, 10, 200), 0);
  assert_int_equal (run (ro.v, ro.n, CHR, RW, 10, 200), 0);
  assert_int_equal (run (ro.v, ro.n, CHR, M, 10, 200), 0);

  assert_int_equal (run (mw.v, mw.n, CHR, R, 10, 200), 1);
  assert_int_equal (run (mw.v, mw.n, CHR, M, 10, 200), 1);
  assert_int_equal (run (mw.v, mw.n, CHR, W, 10, 200), 0);
  assert_int_equal (run (mw.v, mw.n, CHR, RW, 10, 200), 0);

  assert_int_equal (run (rw.v, rw.n, CHR, RW, 10, 200), 1);
  assert_int_equal (run (rw.v, rw.n, CHR, M, 10, 200), 0);

  /* r is re-allowed after its deny, w comes from the wildcard rule.  */
  assert_int_equal (run (dr.v, dr.n, CHR, RW, 10, 200), 1);
  assert_int_equal (run (dr.v, dr.n, CHR, RW, 10, 201), 0);
  assert_int_equal (run (dr.v, dr.n, CHR, W, 10, 201), 1);

  /* An empty access grants and refuses nothing.  */
  assert_int_equal (e.n, none.n);
  assert_memory_equal (e.v, none.v, none.n * sizeof (*none.v));
}

static void
test_rules_match (void **state)
{
  (void) state;
  struct cinch_device_rule rules[] = { ALLOW ('a', 7, -1, "m"), ALLOW ('b', -1, 3, "r"),
                                       ALLOW ('c', 4, 64, NULL) };
  struct cinch_device_rule all[] = { ALLOW ('a', -1, -1, NULL) };
  cleanup_prog struct prog p = COMPILE_RULES (rules);
  cleanup_prog struct prog a = COMPILE_RULES (all);

  assert_int_equal (run (p.v, p.n, BLK, M, 7, 0), 1);
  assert_int_equal (run (p.v, p.n, CHR, M, 7, 99), 1);
  assert_int_equal (run (p.v, p.n, CHR, R, 7, 0), 0);
  assert_int_equal (run (p.v, p.n, BLK, R, 8, 3), 1);
  assert_int_equal (run (p.v, p.n, CHR, R, 8, 3), 0);
  assert_int_equal (run (p.v, p.n, BLK, R, 8, 4), 0);
  assert_int_equal (run (p.v, p.n, CHR, RW, 4, 64), 1);
  assert_int_equal (run (p.v, p.n, CHR, RW, 4, 65), 0);
  assert_int_equal (run (p.v, p.n, CHR, RW, 0xfff, 0xfffff), 0);
  assert_int_equal (run (a.v, a.n, BLK, RW, 0xfff, 0xfffff), 1);
  assert_int_equal (run (a.v, a.n, CHR, M, 10, 200), 1);
}

/* Large numbers of rules stay within the jump range: every jump is local
 * to its block.  */
static void
test_many (void **state)
{
  (void) state;
  size_t n = 5000;
  cleanup_free struct cinch_device_rule *rules = cinch_xcalloc (n, sizeof (*rules));
  cleanup_free struct cinch_device *devs = cinch_xcalloc (n, sizeof (*devs));

  for (size_t i = 0; i < n; i++)
    {
      rules[i] = ALLOW ('c', 100, (int64_t) i, i % 2 ? "r" : NULL);
      devs[i] = DEV ('b', 200, (int64_t) i);
    }
  cleanup_prog struct prog p = compile (devs, n, rules, n);
  assert_true (p.n < 20 * n);
  assert_int_equal (run (p.v, p.n, CHR, M, 100, 4000), 1);
  assert_int_equal (run (p.v, p.n, CHR, M, 100, 4001), 0);
  assert_int_equal (run (p.v, p.n, BLK, RW, 200, 4999), 1);
  assert_int_equal (run (p.v, p.n, BLK, RW, 200, 5000), 0);
}

static void
expect_compile_error (const struct cinch_device *devs, size_t n_devs,
                      const struct cinch_device_rule *rules, size_t n_rules, const char *want)
{
  cleanup_error cinch_error_t err = NULL;
  struct bpf_insn sentinel;
  struct bpf_insn *prog = &sentinel;
  size_t n = 12345;

  assert_int_equal (cinch_devices_compile (devs, n_devs, rules, n_rules, &prog, &n, &err), -1);
  assert_non_null (err);
  if (strstr (cinch_error_msg (err), want) == NULL)
    fail_msg ("error \"%s\" does not say \"%s\"", cinch_error_msg (err), want);
  assert_ptr_equal (prog, &sentinel);
  assert_int_equal (n, 12345);
}

static void
test_errors (void **state)
{
  (void) state;
  struct cinch_device_rule good = ALLOW ('c', 1, 1, "r");
  struct cinch_device_rule bad_type[] = { good, ALLOW ('x', 1, 1, NULL) };
  struct cinch_device_rule bad_major[] = { good, good, ALLOW ('c', 4096, 1, NULL) };
  struct cinch_device_rule neg_minor[] = { DENY ('c', 1, -2, NULL) };
  struct cinch_device_rule bad_access[] = { good, ALLOW ('c', 1, 1, "rx") };
  struct cinch_device bad_dev[] = { DEV ('c', 1, 1), DEV ('z', 1, 1) };
  struct cinch_device big_minor[] = { DEV ('b', 1, 0x100000) };
  struct cinch_device neg_major[] = { DEV ('u', -1, 0) };

  expect_compile_error (NULL, 0, bad_type, 2, "linux.resources.devices[1].type");
  expect_compile_error (NULL, 0, bad_major, 3, "linux.resources.devices[2].major: 4096");
  expect_compile_error (NULL, 0, neg_minor, 1, "linux.resources.devices[0].minor: -2");
  expect_compile_error (NULL, 0, bad_access, 2, "linux.resources.devices[1].access: \"rx\"");
  expect_compile_error (bad_dev, 2, NULL, 0, "linux.devices[1].type");
  expect_compile_error (big_minor, 1, NULL, 0, "linux.devices[0].minor: 1048576");
  expect_compile_error (neg_major, 1, NULL, 0, "linux.devices[0].major: -1");
}

/* ------------------------------------------------------------------ */
/* On the kernel.  */

struct env
{
  char *mount;  /* the cgroup2 hierarchy */
  char *tmpdir; /* device nodes */
  char *cg;     /* the test cgroup, while it exists */
  int cgfd;
};

static struct env env = { NULL, NULL, NULL, -1 };

static bool
is_cgroup2 (const char *path)
{
  struct statfs st;
  return statfs (path, &st) == 0 && st.f_type == CGROUP2_SUPER_MAGIC;
}

static int
group_setup (void **state)
{
  char tmpl[] = "/tmp/cinch-test-devices.XXXXXX";

  (void) state;
  if (is_cgroup2 ("/sys/fs/cgroup"))
    env.mount = cinch_xstrdup ("/sys/fs/cgroup");
  else if (is_cgroup2 ("/sys/fs/cgroup/unified"))
    env.mount = cinch_xstrdup ("/sys/fs/cgroup/unified");
  if (geteuid () != 0 || env.mount == NULL)
    return 0;
  if (mkdtemp (tmpl) == NULL)
    return -1;
  env.tmpdir = cinch_xstrdup (tmpl);
  return 0;
}

static void
remove_nodes (void)
{
  static const char *const names[] = { "tun", "node", NULL };
  for (size_t i = 0; names[i]; i++)
    {
      cleanup_free char *p = cinch_xasprintf ("%s/%s", env.tmpdir, names[i]);
      unlink (p);
    }
}

static int
group_teardown (void **state)
{
  (void) state;
  if (env.tmpdir != NULL)
    {
      remove_nodes ();
      rmdir (env.tmpdir);
    }
  free (env.tmpdir);
  free (env.mount);
  return 0;
}

/* Make the test cgroup, with the tun node c 10:200 beside it.  */
static void
real_setup (void)
{
  cleanup_free char *tun = NULL;

  if (geteuid () != 0)
    skip ();
  if (env.mount == NULL)
    skip ();
  assert_non_null (env.tmpdir);
  env.cg = cinch_xasprintf ("%s/cinch-test-devices.%d", env.mount, (int) getpid ());
  if (mkdir (env.cg, 0755) < 0)
    fail_msg ("mkdir %s: %s", env.cg, strerror (errno));
  env.cgfd = open (env.cg, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  assert_true (env.cgfd >= 0);
  tun = cinch_xasprintf ("%s/tun", env.tmpdir);
  unlink (tun);
  if (mknod (tun, S_IFCHR | 0600, makedev (10, 200)) < 0)
    fail_msg ("mknod %s: %s", tun, strerror (errno));
}

/* Per-test teardown: even after a failed assertion the cgroup goes (its
 * children have been reaped; the kernel may take a moment to see it empty).  */
static int
real_teardown (void **state)
{
  (void) state;
  cinch_close (&env.cgfd);
  if (env.cg != NULL)
    {
      for (int i = 0; i < 200 && rmdir (env.cg) < 0 && errno == EBUSY; i++)
        nanosleep (&(struct timespec){ 0, 10 * 1000 * 1000 }, NULL);
      if (access (env.cg, F_OK) == 0)
        fprintf (stderr, "test_cgroup_devices: could not remove %s: %s\n", env.cg,
                 strerror (errno));
    }
  free (env.cg);
  env.cg = NULL;
  if (env.tmpdir != NULL)
    remove_nodes ();
  return 0;
}

static void
attach (const struct cinch_device *devs, size_t n_devs, const struct cinch_device_rule *rules,
        size_t n_rules)
{
  cleanup_error cinch_error_t err = NULL;

  if (cinch_cgroup_devices_attach (env.cgfd, devs, n_devs, rules, n_rules, &err) < 0)
    fail_msg ("attach: %s", cinch_error_msg (err));
}

static uint32_t
n_attached (void)
{
  uint32_t ids[64];
  union bpf_attr attr;

  memset (&attr, 0, sizeof (attr));
  attr.query.target_fd = (uint32_t) env.cgfd;
  attr.query.attach_type = BPF_CGROUP_DEVICE;
  attr.query.prog_ids = (uintptr_t) ids;
  attr.query.prog_cnt = 64;
  if (syscall (SYS_bpf, BPF_PROG_QUERY, &attr, sizeof (attr)) < 0)
    fail_msg ("BPF_PROG_QUERY: %s", strerror (errno));
  return attr.query.prog_cnt;
}

static size_t
count_fds (void)
{
  size_t n = 0;
  char path[32];

  for (int fd = 0; fd < 1024; fd++)
    {
      snprintf (path, sizeof (path), "/proc/self/fd/%d", fd);
      n += access (path, F_OK) == 0;
    }
  return n;
}

enum op_kind
{
  OPEN,
  MKNOD
};

struct op
{
  enum op_kind kind;
  const char *path; /* OPEN: absolute, or relative to the temporary directory */
  int flags;        /* OPEN */
  mode_t type;      /* MKNOD: S_IFCHR or S_IFBLK, made at tmpdir/node */
  unsigned major, minor;
  int want; /* 0 or the errno */
};

#define OPEN_OP(p, fl, want) ((struct op){ OPEN, (p), (fl), 0, 0, 0, (want) })
#define MKNOD_OP(t, ma, mi, want) ((struct op){ MKNOD, NULL, 0, (t), (ma), (mi), (want) })

/* In the child: join the cgroup, do the operation; the exit status is 0 or
 * the errno, 255 when the child could not even join.  */
static void __attribute__ ((noreturn)) child (const struct op *op)
{
  char pid[32];
  cleanup_free char *procs = cinch_xasprintf ("%s/cgroup.procs", env.cg);
  cleanup_free char *path = NULL;
  int fd = open (procs, O_WRONLY | O_CLOEXEC);
  int r;

  snprintf (pid, sizeof (pid), "%d", (int) getpid ());
  if (fd < 0 || write (fd, pid, strlen (pid)) < 0)
    _exit (255);
  close (fd);
  if (op->kind == OPEN)
    {
      path = op->path[0] == '/' ? cinch_xstrdup (op->path)
                                : cinch_xasprintf ("%s/%s", env.tmpdir, op->path);
      r = open (path, op->flags | O_CLOEXEC | O_NOCTTY);
    }
  else
    {
      path = cinch_xasprintf ("%s/node", env.tmpdir);
      r = mknod (path, op->type | 0600, makedev (op->major, op->minor));
    }
  _exit (r < 0 ? errno : 0);
}

static const char *
describe (const struct op *op, char *buf, size_t len)
{
  if (op->kind == OPEN)
    snprintf (buf, len, "open %s %s", op->path,
              (op->flags & O_ACCMODE) == O_RDONLY   ? "O_RDONLY"
              : (op->flags & O_ACCMODE) == O_WRONLY ? "O_WRONLY"
                                                    : "O_RDWR");
  else
    snprintf (buf, len, "mknod %c %u:%u", op->type == S_IFBLK ? 'b' : 'c', op->major, op->minor);
  return buf;
}

/* Run every operation in a child of the cgroup; report all mismatches.  */
static void
expect_ops (const char *what, const struct op *ops, size_t n)
{
  char report[4096] = "";
  size_t used = 0;

  for (size_t i = 0; i < n; i++)
    {
      char desc[128];
      cleanup_free char *node = cinch_xasprintf ("%s/node", env.tmpdir);
      int status, got;
      pid_t pid;

      unlink (node);
      pid = fork ();
      assert_true (pid >= 0);
      if (pid == 0)
        child (&ops[i]);
      assert_int_equal (waitpid (pid, &status, 0), pid);
      assert_true (WIFEXITED (status));
      got = WEXITSTATUS (status);
      if (got == 255)
        fail_msg ("%s: the child could not join %s", what, env.cg);
      if (got != ops[i].want && used < sizeof (report))
        used += (size_t) snprintf (report + used, sizeof (report) - used, "\n  %s: %s, expected %s",
                                   describe (&ops[i], desc, sizeof (desc)),
                                   got ? strerror (got) : "allowed",
                                   ops[i].want ? strerror (ops[i].want) : "allowed");
    }
  if (used > 0)
    fail_msg ("%s:%s", what, report);
}

#define EXPECT_OPS(what, ops) expect_ops (what, ops, CINCH_ARRAY_SIZE (ops))

static void
test_real_default (void **state)
{
  (void) state;
  struct op ops[] = {
    OPEN_OP ("/dev/null", O_RDWR, 0),   OPEN_OP ("/dev/zero", O_RDONLY, 0),
    MKNOD_OP (S_IFCHR, 1, 3, 0),        MKNOD_OP (S_IFCHR, 136, 9, 0),
    MKNOD_OP (S_IFCHR, 10, 200, EPERM), OPEN_OP ("tun", O_RDWR, EPERM),
    OPEN_OP ("tun", O_RDONLY, EPERM),   MKNOD_OP (S_IFBLK, 1, 3, EPERM),
    MKNOD_OP (S_IFBLK, 7, 0, EPERM),
  };

  real_setup ();
  size_t fds = count_fds ();
  attach (NULL, 0, NULL, 0);
  /* The attachment holds the program: its fd is closed.  */
  assert_int_equal (count_fds (), fds);
  assert_int_equal (n_attached (), 1);
  EXPECT_OPS ("no devices, no rules", ops);
}

static void
test_real_allow_rule (void **state)
{
  (void) state;
  struct cinch_device_rule rules[] = { ALLOW ('c', 10, 200, "rwm") };
  struct op ops[] = {
    MKNOD_OP (S_IFCHR, 10, 200, 0),     OPEN_OP ("tun", O_RDWR, 0),
    MKNOD_OP (S_IFCHR, 10, 201, EPERM), MKNOD_OP (S_IFBLK, 10, 200, EPERM),
    OPEN_OP ("/dev/null", O_RDWR, 0),
  };

  real_setup ();
  attach (NULL, 0, rules, CINCH_ARRAY_SIZE (rules));
  EXPECT_OPS ("allow c 10:200 rwm", ops);
}

static void
test_real_deny_all_after (void **state)
{
  (void) state;
  struct cinch_device_rule rules[] = { ALLOW ('c', 10, 200, "rwm"), DENY ('a', -1, -1, NULL) };
  struct op ops[] = {
    OPEN_OP ("/dev/null", O_RDWR, 0),
    MKNOD_OP (S_IFCHR, 1, 3, 0),
    MKNOD_OP (S_IFCHR, 10, 200, EPERM),
    OPEN_OP ("tun", O_RDONLY, EPERM),
  };

  real_setup ();
  attach (NULL, 0, rules, CINCH_ARRAY_SIZE (rules));
  EXPECT_OPS ("allow c 10:200, then deny a", ops);
}

static void
test_real_deny_standard (void **state)
{
  (void) state;
  struct cinch_device_rule rules[] = { DENY ('c', 1, 3, "rwm") };
  struct op ops[] = {
    OPEN_OP ("/dev/null", O_RDWR, 0),
    MKNOD_OP (S_IFCHR, 1, 3, 0),
  };

  real_setup ();
  attach (NULL, 0, rules, CINCH_ARRAY_SIZE (rules));
  EXPECT_OPS ("deny c 1:3 (the standard list wins)", ops);
}

static void
test_real_devices (void **state)
{
  (void) state;
  struct cinch_device devs[] = { DEV ('c', 10, 200), DEV ('p', 0, 0) };
  struct cinch_device_rule deny[] = { DENY ('c', 10, 200, NULL) };
  struct op allowed[] = {
    MKNOD_OP (S_IFCHR, 10, 200, 0),
    OPEN_OP ("tun", O_RDWR, 0),
    MKNOD_OP (S_IFCHR, 10, 201, EPERM),
  };
  struct op denied[] = {
    MKNOD_OP (S_IFCHR, 10, 200, EPERM),
    OPEN_OP ("tun", O_RDONLY, EPERM),
    OPEN_OP ("/dev/null", O_RDWR, 0),
  };

  real_setup ();
  attach (devs, CINCH_ARRAY_SIZE (devs), NULL, 0);
  EXPECT_OPS ("linux.devices c 10:200", allowed);
  /* Attached again, to the same cgroup: the earlier program goes.  */
  attach (devs, CINCH_ARRAY_SIZE (devs), deny, CINCH_ARRAY_SIZE (deny));
  assert_int_equal (n_attached (), 1);
  EXPECT_OPS ("linux.devices c 10:200, rule deny c 10:200", denied);
}

static void
test_real_access (void **state)
{
  (void) state;
  struct cinch_device_rule read_only[] = { ALLOW ('c', 10, 200, "r") };
  struct cinch_device_rule minus_w[] = { ALLOW ('c', 10, 200, "rwm"), DENY ('c', 10, 200, "w") };
  struct cinch_device_rule r_then_w[] = { ALLOW ('c', 10, 200, "r"), ALLOW ('c', 10, 200, "w") };
  struct op ro[] = {
    OPEN_OP ("tun", O_RDONLY, 0),
    OPEN_OP ("tun", O_WRONLY, EPERM),
    OPEN_OP ("tun", O_RDWR, EPERM),
    MKNOD_OP (S_IFCHR, 10, 200, EPERM),
  };
  struct op mw[] = {
    OPEN_OP ("tun", O_RDONLY, 0),
    OPEN_OP ("tun", O_WRONLY, EPERM),
    OPEN_OP ("tun", O_RDWR, EPERM),
    MKNOD_OP (S_IFCHR, 10, 200, 0),
  };
  struct op rw[] = {
    OPEN_OP ("tun", O_RDWR, 0),
    MKNOD_OP (S_IFCHR, 10, 200, EPERM),
  };

  real_setup ();
  attach (NULL, 0, read_only, CINCH_ARRAY_SIZE (read_only));
  EXPECT_OPS ("allow c 10:200 r", ro);
  attach (NULL, 0, minus_w, CINCH_ARRAY_SIZE (minus_w));
  EXPECT_OPS ("allow c 10:200 rwm, deny c 10:200 w", mw);
  attach (NULL, 0, r_then_w, CINCH_ARRAY_SIZE (r_then_w));
  EXPECT_OPS ("allow c 10:200 r, allow c 10:200 w", rw);
  assert_int_equal (n_attached (), 1);
}

static void
test_real_type_all (void **state)
{
  (void) state;
  struct cinch_device_rule rules[] = { ALLOW ('a', 7, -1, "m") };
  struct op ops[] = {
    MKNOD_OP (S_IFBLK, 7, 0, 0),
    MKNOD_OP (S_IFCHR, 7, 5, 0),
    MKNOD_OP (S_IFBLK, 8, 0, EPERM),
  };

  real_setup ();
  attach (NULL, 0, rules, CINCH_ARRAY_SIZE (rules));
  EXPECT_OPS ("allow a 7:* m", ops);
}

static void
test_real_errors (void **state)
{
  (void) state;
  struct cinch_device_rule bad[] = { ALLOW ('c', 1, 1, "r"), ALLOW ('c', 1, 1, "rq") };
  cleanup_error cinch_error_t err = NULL;
  cleanup_close int notcg = -1;

  real_setup ();
  assert_int_equal (cinch_cgroup_devices_attach (env.cgfd, NULL, 0, bad, 2, &err), -1);
  assert_non_null (strstr (cinch_error_msg (err), "linux.resources.devices[1].access"));
  assert_int_equal (n_attached (), 0);
  cinch_error_free (&err);

  /* Not a cgroup: the syscall and its errno are named.  */
  notcg = open (env.tmpdir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  assert_true (notcg >= 0);
  assert_int_equal (cinch_cgroup_devices_attach (notcg, NULL, 0, NULL, 0, &err), -1);
  assert_non_null (err);
  assert_true (err->errnum != 0);
  print_message ("not a cgroup: %s\n", cinch_error_msg (err));
  if (strstr (cinch_error_msg (err), "bpf(BPF_PROG_") == NULL)
    fail_msg ("error \"%s\" does not name the bpf command", cinch_error_msg (err));
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_default),
    cmocka_unit_test (test_devices),
    cmocka_unit_test (test_rules_last_wins),
    cmocka_unit_test (test_rules_over_devices),
    cmocka_unit_test (test_rules_access),
    cmocka_unit_test (test_rules_match),
    cmocka_unit_test (test_many),
    cmocka_unit_test (test_errors),
    cmocka_unit_test_teardown (test_real_default, real_teardown),
    cmocka_unit_test_teardown (test_real_allow_rule, real_teardown),
    cmocka_unit_test_teardown (test_real_deny_all_after, real_teardown),
    cmocka_unit_test_teardown (test_real_deny_standard, real_teardown),
    cmocka_unit_test_teardown (test_real_devices, real_teardown),
    cmocka_unit_test_teardown (test_real_access, real_teardown),
    cmocka_unit_test_teardown (test_real_type_all, real_teardown),
    cmocka_unit_test_teardown (test_real_errors, real_teardown),
  };
  return cmocka_run_group_tests (tests, group_setup, group_teardown);
}
