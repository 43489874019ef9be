/* cinch — device access for cgroup v2: an eBPF program of type
 * BPF_PROG_TYPE_CGROUP_DEVICE, compiled here from the plan and attached to
 * the container's cgroup (BPF_CGROUP_DEVICE).  cgroup v2 has no devices.allow
 * file: the kernel runs the program on every open/mknod of a device node by
 * a process of the cgroup, with struct bpf_cgroup_dev_ctx as its context, and
 * refuses the access (EPERM) unless it returns 1.
 *
 * No libbpf: the program is a handful of instruction kinds, assembled by the
 * macros below, loaded and attached with raw bpf(2).
 *
 * What the program decides (cgroup.h), checked in this order, the first
 * block that decides returning:
 *   1. the standard list (char 1:3 1:5 1:7 1:8 1:9 5:0 5:2 136:*, rwm):
 *      allow — it wins over every rule, as with runc;
 *   2. linux.resources.devices from last to first, so that the last rule
 *      matching a request wins;
 *   3. linux.devices (each char, block or 'u' device, rwm): allow — a
 *      device the config creates is usable unless a rule says otherwise
 *      ('p' fifos are not device-cgroup governed and are skipped);
 *   4. deny.
 *
 * A request carries a set of access bits: mknod is "m"; open() asks "r",
 * "w" or, for O_RDWR, both at once.  runc (and cgroup v1, which it emulates)
 * decides each bit on its own: runc's emulator folds the rules into one
 * allow list, subtracting a deny rule's bits from the matching allow
 * entries, and its filter then allows a request only when all its bits are
 * in a matching entry.  The program does the same without the folding, by
 * keeping in r6 the requested bits no rule has decided yet:
 *   - an allow rule matching the device decides its bits (r6 &= ~access);
 *     when no bit is left the request is allowed;
 *   - a deny rule matching the device refuses the request when it covers
 *     a bit still undecided (r6 & access), and is passed over otherwise;
 *   - bits no rule decides are allowed by a linux.devices entry for the
 *     device, else denied.
 * So after "allow c 10:200 rwm" then "deny c 10:200 w", O_RDONLY is allowed
 * and both O_WRONLY and O_RDWR are refused; after "allow r" then "allow w",
 * O_RDWR is allowed.  A plain first-match filter that tests a deny rule like
 * an allow one (request a subset of the rule) would let O_RDWR through the
 * first example.
 *
 * Two deliberate differences from runc's emulator, both never wider:
 *   - a deny rule may punch a hole in a wildcard allow ("allow c *:*" then
 *     "deny c 1:9" refuses c 1:9 here; cgroup v1 silently ignores that
 *     deny, runc refuses the config);
 *   - a type "a" rule with a major or minor matches that major or minor
 *     only (both types), where runc widens it to "a *:* rwm".
 * An empty access ("") grants or refuses nothing: the rule has no effect,
 * as in runc.  */
#include "cgroup_devices.h"
#include "cgroup.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "util.h"

#define RULES_PATH "linux.resources.devices"
#define DEVICES_PATH "linux.devices"

/* The kernel's dev_t: 12 bits of major, 20 of minor.  */
#define MAX_MAJOR 0xfff
#define MAX_MINOR 0xfffff

#define ACC_ALL (BPF_DEVCG_ACC_MKNOD | BPF_DEVCG_ACC_READ | BPF_DEVCG_ACC_WRITE)

/* The kernel keeps at most this many programs per cgroup and attach type
 * (BPF_CGROUP_MAX_PROGS, not in the uapi headers).  */
#define MAX_ATTACHED 64

/* The verifier's log, read only when a load fails.  */
#define LOG_SIZE (64 * 1024)
#define LOG_LINES 3

const struct cinch_devices_std cinch_devices_std[] = {
  { 1, 3 },    /* null */
  { 1, 5 },    /* zero */
  { 1, 7 },    /* full */
  { 1, 8 },    /* random */
  { 1, 9 },    /* urandom */
  { 5, 0 },    /* tty */
  { 5, 2 },    /* ptmx */
  { 136, -1 }, /* pts */
};
const size_t cinch_devices_n_std = CINCH_ARRAY_SIZE (cinch_devices_std);

/* ---- instructions ---------------------------------------------------- */

/* Registers: r1 holds the context on entry, r0 the verdict at exit; the
 * program calls no helper, so every other register is its own.  */
#define R_RET BPF_REG_0
#define R_CTX BPF_REG_1
#define R_TYPE BPF_REG_2 /* BPF_DEVCG_DEV_* */
#define R_ACC BPF_REG_3  /* BPF_DEVCG_ACC_* requested */
#define R_MAJOR BPF_REG_4
#define R_MINOR BPF_REG_5
#define R_LEFT BPF_REG_6 /* requested bits no rule has decided yet */
#define R_TMP BPF_REG_7

#define INSN(c, d, s, o, i)                                                                        \
  ((struct bpf_insn){ .code = (c), .dst_reg = (d), .src_reg = (s), .off = (o), .imm = (i) })
#define LDX_W(dst, src, off) INSN (BPF_LDX | BPF_MEM | BPF_W, dst, src, off, 0)
#define ALU32_IMM(op, dst, imm) INSN (BPF_ALU | (op) | BPF_K, dst, 0, 0, imm)
#define MOV64_REG(dst, src) INSN (BPF_ALU64 | BPF_MOV | BPF_X, dst, src, 0, 0)
#define MOV64_IMM(dst, imm) INSN (BPF_ALU64 | BPF_MOV | BPF_K, dst, 0, 0, imm)
#define JMP_IMM(op, dst, imm) INSN (BPF_JMP | (op) | BPF_K, dst, 0, 0, imm)
#define EXIT_INSN() INSN (BPF_JMP | BPF_EXIT, 0, 0, 0, 0)

/* The program is a sequence of blocks, each a few tests that jump past the
 * block ("skip") when the request does not match, then a return.  */
struct builder
{
  struct bpf_insn *v;
  size_t n, cap;
  size_t skips[4]; /* the open block's skip jumps, patched by block_end */
  size_t n_skips;
  bool done; /* a block returned unconditionally: the rest is unreachable */
};

static void
emit (struct builder *b, struct bpf_insn insn)
{
  if (b->n == b->cap)
    {
      b->cap = b->cap ? b->cap * 2 : 64;
      b->v = cinch_xrealloc (b->v, b->cap * sizeof (*b->v));
    }
  b->v[b->n++] = insn;
}

/* Jump past the block when reg <op> imm.  */
static void
skip_if (struct builder *b, uint8_t op, int reg, int32_t imm)
{
  if (b->n_skips == CINCH_ARRAY_SIZE (b->skips))
    abort (); /* a block tests at most type, major, minor and access */
  b->skips[b->n_skips++] = b->n;
  emit (b, JMP_IMM (op, reg, imm));
}

static void
block_return (struct builder *b, int verdict)
{
  emit (b, MOV64_IMM (R_RET, verdict));
  emit (b, EXIT_INSN ());
}

static void
block_end (struct builder *b)
{
  /* The verifier refuses unreachable instructions: after a block that
   * always returns, nothing may follow.  */
  if (b->n_skips == 0)
    b->done = true;
  for (size_t i = 0; i < b->n_skips; i++)
    b->v[b->skips[i]].off = (int16_t) (b->n - b->skips[i] - 1);
  b->n_skips = 0;
}

/* Skip unless the request is for a device of this type (0: either), major
 * and minor (-1: any).  */
static void
match_device (struct builder *b, uint32_t type, int64_t major, int64_t minor)
{
  if (type != 0)
    skip_if (b, BPF_JNE, R_TYPE, (int32_t) type);
  if (major >= 0)
    skip_if (b, BPF_JNE, R_MAJOR, (int32_t) major);
  if (minor >= 0)
    skip_if (b, BPF_JNE, R_MINOR, (int32_t) minor);
}

/* ---- compilation ----------------------------------------------------- */

static uint32_t
access_bits (const char *access)
{
  uint32_t bits = 0;

  if (access == NULL)
    return ACC_ALL;
  for (const char *p = access; *p; p++)
    bits |= *p == 'r' ? BPF_DEVCG_ACC_READ : *p == 'w' ? BPF_DEVCG_ACC_WRITE : BPF_DEVCG_ACC_MKNOD;
  return bits;
}

/* The parser checks all this too; the plan may come from elsewhere (an
 * update), and a wrong value must not become a wrong program.  */
static int
check_rule (const struct cinch_device_rule *r, size_t i, cinch_error_t *err)
{
  if (r->type != 'a' && r->type != 'c' && r->type != 'b')
    return cinch_fail_code (err, EINVAL,
                            RULES_PATH "[%zu].type: unknown device rule type '\\x%02x' (expected "
                                       "a, c or b)",
                            i, (unsigned char) r->type);
  if (r->major < -1 || r->major > MAX_MAJOR)
    return cinch_fail_code (err, EINVAL,
                            RULES_PATH "[%zu].major: %lld is not a device major (0 to %d, or "
                                       "absent for any)",
                            i, (long long) r->major, MAX_MAJOR);
  if (r->minor < -1 || r->minor > MAX_MINOR)
    return cinch_fail_code (err, EINVAL,
                            RULES_PATH "[%zu].minor: %lld is not a device minor (0 to %d, or "
                                       "absent for any)",
                            i, (long long) r->minor, MAX_MINOR);
  if (r->access != NULL && r->access[strspn (r->access, "rwm")] != '\0')
    {
      cleanup_free char *shown = cinch_printable (r->access, true);
      return cinch_fail_code (err, EINVAL,
                              RULES_PATH "[%zu].access: \"%s\": expected letters among r, w and m",
                              i, shown);
    }
  return 0;
}

static int
check_device (const struct cinch_device *d, size_t i, cinch_error_t *err)
{
  if (d->type != 'c' && d->type != 'u' && d->type != 'b' && d->type != 'p')
    return cinch_fail_code (err, EINVAL,
                            DEVICES_PATH "[%zu].type: unknown device type '\\x%02x' (expected c, "
                                         "b, u or p)",
                            i, (unsigned char) d->type);
  if (d->type == 'p')
    return 0;
  if (d->major < 0 || d->major > MAX_MAJOR)
    return cinch_fail_code (err, EINVAL,
                            DEVICES_PATH "[%zu].major: %lld is not a device major (0 to %d)", i,
                            (long long) d->major, MAX_MAJOR);
  if (d->minor < 0 || d->minor > MAX_MINOR)
    return cinch_fail_code (err, EINVAL,
                            DEVICES_PATH "[%zu].minor: %lld is not a device minor (0 to %d)", i,
                            (long long) d->minor, MAX_MINOR);
  return 0;
}

static void
emit_rule (struct builder *b, const struct cinch_device_rule *r)
{
  uint32_t acc = access_bits (r->access);
  uint32_t type = r->type == 'c' ? BPF_DEVCG_DEV_CHAR : r->type == 'b' ? BPF_DEVCG_DEV_BLOCK : 0;

  if (acc == 0)
    return;
  match_device (b, type, r->major, r->minor);
  if (r->allow)
    {
      if (acc != ACC_ALL)
        {
          emit (b, ALU32_IMM (BPF_AND, R_LEFT, (int32_t) ~acc));
          skip_if (b, BPF_JNE, R_LEFT, 0);
        }
      block_return (b, 1);
    }
  else
    {
      /* Refuse when a bit still undecided is one of this rule's: the
       * last rule matching that bit is this deny.  */
      if (acc != ACC_ALL)
        {
          emit (b, MOV64_REG (R_TMP, R_LEFT));
          emit (b, ALU32_IMM (BPF_AND, R_TMP, (int32_t) acc));
          skip_if (b, BPF_JEQ, R_TMP, 0);
        }
      block_return (b, 0);
    }
  block_end (b);
}

int
cinch_devices_compile (const struct cinch_device *devs, size_t n_devs,
                       const struct cinch_device_rule *rules, size_t n_rules,
                       struct bpf_insn **prog, size_t *n_insns, cinch_error_t *err)
{
  struct builder b = { 0 };

  for (size_t i = 0; i < n_rules; i++)
    if (check_rule (&rules[i], i, err) < 0)
      return -1;
  for (size_t i = 0; i < n_devs; i++)
    if (check_device (&devs[i], i, err) < 0)
      return -1;

  /* struct bpf_cgroup_dev_ctx: access_type (type in the low 16 bits, the
   * requested access in the high 16), major, minor; all u32.  */
  emit (&b, LDX_W (R_TYPE, R_CTX, offsetof (struct bpf_cgroup_dev_ctx, access_type)));
  emit (&b, ALU32_IMM (BPF_AND, R_TYPE, 0xffff));
  emit (&b, LDX_W (R_ACC, R_CTX, offsetof (struct bpf_cgroup_dev_ctx, access_type)));
  emit (&b, ALU32_IMM (BPF_RSH, R_ACC, 16));
  emit (&b, LDX_W (R_MAJOR, R_CTX, offsetof (struct bpf_cgroup_dev_ctx, major)));
  emit (&b, LDX_W (R_MINOR, R_CTX, offsetof (struct bpf_cgroup_dev_ctx, minor)));
  emit (&b, MOV64_REG (R_LEFT, R_ACC));

  for (size_t i = 0; i < cinch_devices_n_std; i++)
    {
      match_device (&b, BPF_DEVCG_DEV_CHAR, cinch_devices_std[i].major, cinch_devices_std[i].minor);
      block_return (&b, 1);
      block_end (&b);
    }
  for (size_t i = n_rules; i-- > 0 && !b.done;)
    emit_rule (&b, &rules[i]);
  for (size_t i = 0; i < n_devs && !b.done; i++)
    {
      if (devs[i].type == 'p')
        continue;
      match_device (&b, devs[i].type == 'b' ? BPF_DEVCG_DEV_BLOCK : BPF_DEVCG_DEV_CHAR,
                    devs[i].major, devs[i].minor);
      block_return (&b, 1);
      block_end (&b);
    }
  if (!b.done)
    block_return (&b, 0);

  *prog = b.v;
  *n_insns = b.n;
  return 0;
}

/* ---- loading and attaching ------------------------------------------- */

static int
bpf_call (int cmd, union bpf_attr *attr)
{
  return (int) syscall (SYS_bpf, cmd, attr, sizeof (*attr));
}

/* The last lines of the verifier's log, where it says what it refused,
 * joined with " | ".  Owned by the caller.  */
static char *
log_tail (char *log)
{
  size_t len = strnlen (log, LOG_SIZE - 1);
  size_t start, j = 0;
  int lines = 0;
  cleanup_free char *joined = NULL;

  while (len > 0 && (log[len - 1] == '\n' || log[len - 1] == ' '))
    len--;
  log[len] = '\0';
  for (start = len; start > 0; start--)
    if (log[start - 1] == '\n' && ++lines == LOG_LINES)
      break;
  joined = cinch_xmalloc (3 * (len - start) + 1);
  for (size_t i = start; i < len; i++)
    if (log[i] == '\n')
      {
        memcpy (joined + j, " | ", 3);
        j += 3;
      }
    else
      joined[j++] = log[i];
  joined[j] = '\0';
  return cinch_printable (joined, false);
}

static int
load_program (const struct bpf_insn *insns, size_t n, int *out, cinch_error_t *err)
{
  static const char license[] = "GPL";
  union bpf_attr attr;
  int fd, saved, flags;

  memset (&attr, 0, sizeof (attr));
  attr.prog_type = BPF_PROG_TYPE_CGROUP_DEVICE;
  attr.insns = (uintptr_t) insns;
  attr.insn_cnt = (uint32_t) n;
  attr.license = (uintptr_t) license;
  /* What `bpftool prog` shows.  */
  memcpy (attr.prog_name, "cinch_devices", sizeof ("cinch_devices"));
  fd = bpf_call (BPF_PROG_LOAD, &attr);
  if (fd < 0)
    {
      cleanup_free char *log = NULL;
      cleanup_free char *tail = NULL;

      saved = errno;
      /* The verifier says why only when asked for a log; a refusal is
       * EACCES or EINVAL, anything else (EPERM, ENOMEM) needs no log.  */
      if (saved != EACCES && saved != EINVAL)
        return cinch_fail (err, saved,
                           "bpf(BPF_PROG_LOAD) of the device program (%zu instructions)", n);
      log = cinch_xcalloc (LOG_SIZE, 1);
      attr.log_level = 1;
      attr.log_buf = (uintptr_t) log;
      attr.log_size = LOG_SIZE;
      fd = bpf_call (BPF_PROG_LOAD, &attr);
      if (fd < 0)
        {
          tail = log_tail (log);
          return cinch_fail (err, saved,
                             "bpf(BPF_PROG_LOAD) of the device program (%zu instructions)%s%s%s", n,
                             *tail ? ": verifier: \"" : "", tail, *tail ? "\"" : "");
        }
    }
  /* bpf(2) fds are close-on-exec since the first kernels that had them;
   * make sure of it all the same, since this one must not reach the
   * container.  */
  flags = fcntl (fd, F_GETFD);
  if (flags < 0 || (!(flags & FD_CLOEXEC) && fcntl (fd, F_SETFD, flags | FD_CLOEXEC) < 0))
    {
      saved = errno;
      close (fd);
      return cinch_fail (err, saved, "set FD_CLOEXEC on the device program's fd");
    }
  *out = fd;
  return 0;
}

/* The ids of the device programs attached to the cgroup itself (not
 * inherited).  */
static int
query_attached (int dirfd, uint32_t *ids, uint32_t *n, cinch_error_t *err)
{
  union bpf_attr attr;

  memset (&attr, 0, sizeof (attr));
  attr.query.target_fd = (uint32_t) dirfd;
  attr.query.attach_type = BPF_CGROUP_DEVICE;
  attr.query.prog_ids = (uintptr_t) ids;
  attr.query.prog_cnt = MAX_ATTACHED;
  if (bpf_call (BPF_PROG_QUERY, &attr) < 0)
    return cinch_fail (err, errno, "bpf(BPF_PROG_QUERY, BPF_CGROUP_DEVICE) on the cgroup");
  *n = attr.query.prog_cnt;
  return 0;
}

static int
detach (int dirfd, uint32_t id, cinch_error_t *err)
{
  union bpf_attr attr;
  cleanup_close int fd = -1;

  memset (&attr, 0, sizeof (attr));
  attr.prog_id = id;
  fd = bpf_call (BPF_PROG_GET_FD_BY_ID, &attr);
  if (fd < 0)
    {
      /* Gone already: detached and freed meanwhile.  */
      if (errno == ENOENT)
        return 0;
      return cinch_fail (err, errno, "bpf(BPF_PROG_GET_FD_BY_ID) of the earlier device program %u",
                         id);
    }
  memset (&attr, 0, sizeof (attr));
  attr.target_fd = (uint32_t) dirfd;
  attr.attach_bpf_fd = (uint32_t) fd;
  attr.attach_type = BPF_CGROUP_DEVICE;
  if (bpf_call (BPF_PROG_DETACH, &attr) < 0 && errno != ENOENT)
    return cinch_fail (
        err, errno, "bpf(BPF_PROG_DETACH, BPF_CGROUP_DEVICE) of the earlier device program %u", id);
  return 0;
}

int
cinch_cgroup_devices_attach (int dirfd, const struct cinch_device *devices, size_t n_devices,
                             const struct cinch_device_rule *rules, size_t n_rules,
                             cinch_error_t *err)
{
  cleanup_free struct bpf_insn *insns = NULL;
  cleanup_close int fd = -1;
  uint32_t old[MAX_ATTACHED];
  uint32_t n_old = 0;
  size_t n = 0;
  union bpf_attr attr;

  if (cinch_devices_compile (devices, n_devices, rules, n_rules, &insns, &n, err) < 0)
    return -1;
  /* A cgroup that is reused (cinch_cgroup_create takes an empty existing
   * one) or updated may carry an earlier program.  With several attached
   * programs a request needs all of them to allow it, so the earlier one
   * would go on refusing what this config allows: it is detached, but only
   * once the new one is in place, so that the cgroup is never without a
   * program.  */
  if (query_attached (dirfd, old, &n_old, err) < 0 || load_program (insns, n, &fd, err) < 0)
    return -1;

  memset (&attr, 0, sizeof (attr));
  attr.target_fd = (uint32_t) dirfd;
  attr.attach_bpf_fd = (uint32_t) fd;
  attr.attach_type = BPF_CGROUP_DEVICE;
  /* ALLOW_MULTI, as runc and systemd attach theirs: a cgroup below this
   * one may add programs of its own, which only narrow what is allowed.  */
  attr.attach_flags = BPF_F_ALLOW_MULTI;
  if (bpf_call (BPF_PROG_ATTACH, &attr) < 0)
    return cinch_fail (err, errno,
                       "bpf(BPF_PROG_ATTACH, BPF_CGROUP_DEVICE, BPF_F_ALLOW_MULTI) of the device "
                       "program to the cgroup");
  /* The attachment holds the program; fd is closed on return.  */
  for (uint32_t i = 0; i < n_old; i++)
    if (detach (dirfd, old[i], err) < 0)
      return -1;
  return 0;
}
