/* Tests for seccomp.c (compile: pure; load: in forked children; the built-in
 * profile of config/seccomp-default.json, loaded in forked children), caps.c and
 * netlink.c (forked children: as real root, or in a user namespace of their
 * own where that suffices; skipped otherwise).  A child reports through its exit
 * status (0 = as expected, 77 = cannot run here) and, where its filter lets
 * it write, through a pipe whose text the parent asserts on.  */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <linux/capability.h>
#include <linux/seccomp.h>
#include <net/if.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "caps.h"
#include "netlink.h"
#include "seccomp.h"
#include "util.h"

#define EXIT_SKIP 77
/* Larger than PID_MAX_LIMIT: getpriority () on it fails with ESRCH.  */
#define NO_PID 0x7ffffff0L

/* ---- helpers ------------------------------------------------------------ */

typedef int (*child_fn) (void *arg, int out_fd);

/* Run fn (arg, out_fd) in a forked child; what it writes to out_fd lands in
 * out.  Returns its exit status, or 128 + signal.  */
static int
run_child (child_fn fn, void *arg, char *out, size_t out_len)
{
  int p[2];
  pid_t pid;
  ssize_t n;
  int status;

  assert_int_equal (pipe2 (p, O_CLOEXEC), 0);
  pid = fork ();
  assert_true (pid >= 0);
  if (pid == 0)
    {
      close (p[0]);
      _exit (fn (arg, p[1]));
    }
  close (p[1]);
  n = cinch_read_all (p[0], out, out_len - 1);
  out[n > 0 ? n : 0] = '\0';
  close (p[0]);
  assert_int_equal (waitpid (pid, &status, 0), pid);
  if (WIFSIGNALED (status))
    return 128 + WTERMSIG (status);
  return WEXITSTATUS (status);
}

static void
assert_child_ok (int rc, const char *out)
{
  if (rc == EXIT_SKIP)
    skip ();
  if (rc != 0)
    print_error ("child exited %d: %s\n", rc, out);
  assert_int_equal (rc, 0);
}

static void
compile_ok (const struct cinch_seccomp *s, struct cinch_seccomp_prog *prog, char ***warnings)
{
  cinch_error_t err = NULL;
  int r = cinch_seccomp_compile (s, prog, warnings, &err);
  if (r < 0)
    print_error ("compile: %s\n", cinch_error_msg (err));
  assert_int_equal (r, 0);
  assert_null (err);
  assert_non_null (prog->filter);
  assert_true (prog->len > 0);
}

/* Compile s, expecting exactly the error message want; the outputs must
 * stay untouched.  */
static void
compile_fails (const struct cinch_seccomp *s, const char *want)
{
  struct cinch_seccomp_prog prog = { .filter = (void *) 0x1, .len = 7 };
  char **warnings = NULL;
  cinch_error_t err = NULL;

  assert_int_equal (cinch_seccomp_compile (s, &prog, &warnings, &err), -1);
  assert_non_null (err);
  assert_string_equal (cinch_error_msg (err), want);
  assert_ptr_equal (prog.filter, (void *) 0x1);
  assert_int_equal (prog.len, 7);
  assert_null (warnings);
  cinch_error_free (&err);
}

/* One syscall the child makes after loading a filter, and what it expects:
 * want_errno 0 means success.  */
struct sys_expect
{
  long nr;
  long a0, a1;
  int want_errno;
};

struct load_case
{
  const struct cinch_seccomp_prog *prog;
  const struct sys_expect *expect;
  size_t n_expect;
  bool close_listener; /* expect a listener fd, check and close it */
};

static int
child_load_and_check (void *arg, int out)
{
  const struct load_case *c = arg;
  cinch_error_t err = NULL;
  int lfd = -1;

  if (prctl (PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
    return dprintf (out, "no_new_privs: %s", strerror (errno)), 100;
  if (cinch_seccomp_load (c->prog, &lfd, &err) < 0)
    return dprintf (out, "load: %s", cinch_error_msg (err)), 101;
  if (c->close_listener)
    {
      int fl = fcntl (lfd, F_GETFD);
      if (lfd < 0 || fl < 0 || !(fl & FD_CLOEXEC))
        return dprintf (out, "listener fd %d flags %d", lfd, fl), 102;
      close (lfd);
    }
  else if (lfd != -1)
    return dprintf (out, "unexpected listener fd %d", lfd), 103;

  for (size_t i = 0; i < c->n_expect; i++)
    {
      const struct sys_expect *e = &c->expect[i];
      long r;

      errno = 0;
      r = syscall (e->nr, e->a0, e->a1);
      if (e->want_errno == 0 ? r == -1 : (r != -1 || errno != e->want_errno))
        {
          /* May be filtered too: the exit status says which.  */
          dprintf (out, "expectation %zu (syscall %ld): r=%ld errno=%d, want errno %d", i, e->nr, r,
                   errno, e->want_errno);
          return (int) i + 1;
        }
    }
  return 0;
}

static void
load_and_check (const struct cinch_seccomp_prog *prog, const struct sys_expect *expect,
                size_t n_expect, bool listener)
{
  struct load_case c = { prog, expect, n_expect, listener };
  char out[1024];
  assert_child_ok (run_child (child_load_and_check, &c, out, sizeof (out)), out);
}

/* ---- seccomp: pure compile ------------------------------------------------ */

static char *n_getpid[] = { "getpid", NULL };
static char *n_getppid[] = { "getppid", NULL };
static char *n_getpriority[] = { "getpriority", NULL };
/* What a child needs to report and exit, sanitizer runtimes included.  */
static char *n_exit_write[] = { "exit",        "exit_group",   "write",          "mmap",
                                "munmap",      "mprotect",     "madvise",        "brk",
                                "sigaltstack", "rt_sigaction", "rt_sigprocmask", "rt_sigreturn",
                                "futex",       "sched_yield",  "gettid",         "tgkill",
                                NULL };

static void
t_compile_basic (void **state)
{
  struct cinch_seccomp_syscall rules[] = {
    { .names = n_exit_write, .action = CINCH_SECCOMP_ALLOW },
    { .names = n_getpid, .action = CINCH_SECCOMP_ALLOW },
  };
  struct cinch_seccomp s = { .default_action = CINCH_SECCOMP_ERRNO,
                             .syscalls = rules,
                             .n_syscalls = 2 };
  struct cinch_seccomp_prog prog = { 0 };
  char **warnings = NULL;

  compile_ok (&s, &prog, &warnings);
  assert_null (warnings);
  assert_int_equal (prog.filter_flags, 0);
  assert_false (prog.wants_listener);
  cinch_seccomp_prog_clear (&prog);
  assert_null (prog.filter);
  assert_int_equal (prog.len, 0);
  cinch_seccomp_prog_clear (&prog);
}

static void
t_unknown_syscall_warns (void **state)
{
  char *names[] = { "getpid", "cinch_no_such_syscall", NULL };
  struct cinch_seccomp_syscall rules[] = {
    { .names = n_getppid, .action = CINCH_SECCOMP_ERRNO },
    { .names = names, .action = CINCH_SECCOMP_ERRNO },
  };
  struct cinch_seccomp s = { .default_action = CINCH_SECCOMP_ALLOW,
                             .syscalls = rules,
                             .n_syscalls = 2 };
  struct cinch_seccomp_prog prog = { 0 };
  char **warnings = cinch_xcalloc (2, sizeof (char *));

  warnings[0] = cinch_xstrdup ("an earlier warning");
  compile_ok (&s, &prog, &warnings);
  assert_int_equal (cinch_strv_len (warnings), 2);
  assert_string_equal (warnings[0], "an earlier warning");
  assert_string_equal (warnings[1], "linux.seccomp.syscalls[1].names[1]: unknown syscall "
                                    "`cinch_no_such_syscall`, skipped");
  cinch_strv_free (warnings);
  cinch_seccomp_prog_clear (&prog);
}

static void
t_unknown_architecture (void **state)
{
  char *arches[] = { "SCMP_ARCH_X86_64", "SCMP_ARCH_FOO", NULL };
  char *unprefixed[] = { "x86_64", NULL };
  struct cinch_seccomp s = { .default_action = CINCH_SECCOMP_ALLOW, .architectures = arches };

  compile_fails (&s, "linux.seccomp.architectures[1]: unknown architecture \"SCMP_ARCH_FOO\"");
  s.architectures = unprefixed;
  compile_fails (&s, "linux.seccomp.architectures[0]: unknown architecture \"x86_64\"");
}

static void
t_architectures (void **state)
{
#if defined(__x86_64__)
  char *arches[] = { "SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32", NULL };
#elif defined(__aarch64__)
  char *arches[] = { "SCMP_ARCH_AARCH64", "SCMP_ARCH_ARM", NULL };
#else
  char *arches[] = { NULL };
#endif
  struct cinch_seccomp_syscall rules[] = {
    { .names = n_getpid, .action = CINCH_SECCOMP_ERRNO, .has_errno_ret = true, .errno_ret = 42 },
  };
  struct cinch_seccomp s = { .default_action = CINCH_SECCOMP_ALLOW,
                             .syscalls = rules,
                             .n_syscalls = 1 };
  struct cinch_seccomp_prog native = { 0 }, multi = { 0 };
  struct sys_expect expect[] = { { SYS_getpid, 0, 0, 42 }, { SYS_getppid, 0, 0, 0 } };
  char **warnings = NULL;

  compile_ok (&s, &native, &warnings);
  s.architectures = arches;
  compile_ok (&s, &multi, &warnings);
  assert_null (warnings);
  if (arches[0] != NULL)
    assert_true (multi.len > native.len);
  load_and_check (&multi, expect, 2, false);
  cinch_seccomp_prog_clear (&native);
  cinch_seccomp_prog_clear (&multi);
}

static void
t_action_values (void **state)
{
  static const struct
  {
    enum cinch_seccomp_action a;
    bool has_errno;
    uint32_t errno_ret;
    int rc;
    uint32_t want;
  } cases[] = {
    { CINCH_SECCOMP_KILL, false, 0, 0, SECCOMP_RET_KILL_THREAD },
    { CINCH_SECCOMP_KILL_THREAD, false, 0, 0, SECCOMP_RET_KILL_THREAD },
    { CINCH_SECCOMP_KILL_PROCESS, false, 0, 0, SECCOMP_RET_KILL_PROCESS },
    { CINCH_SECCOMP_TRAP, false, 0, 0, SECCOMP_RET_TRAP },
    { CINCH_SECCOMP_ERRNO, false, 0, 0, SECCOMP_RET_ERRNO | EPERM },
    { CINCH_SECCOMP_ERRNO, true, 38, 0, SECCOMP_RET_ERRNO | 38 },
    { CINCH_SECCOMP_ERRNO, true, 0, 0, SECCOMP_RET_ERRNO | 0 },
    { CINCH_SECCOMP_ERRNO, true, 4095, 0, SECCOMP_RET_ERRNO | 4095 },
    { CINCH_SECCOMP_ERRNO, true, 4096, -1, 0 },
    { CINCH_SECCOMP_ERRNO, true, 65536 + 1, -1, 0 },
    { CINCH_SECCOMP_TRACE, false, 0, 0, SECCOMP_RET_TRACE | EPERM },
    { CINCH_SECCOMP_TRACE, true, 1234, 0, SECCOMP_RET_TRACE | 1234 },
    { CINCH_SECCOMP_TRACE, true, 65536, -1, 0 },
    { CINCH_SECCOMP_ALLOW, false, 0, 0, SECCOMP_RET_ALLOW },
    { CINCH_SECCOMP_ALLOW, true, 1, -1, 0 },
    { CINCH_SECCOMP_LOG, false, 0, 0, SECCOMP_RET_LOG },
    { CINCH_SECCOMP_KILL, true, 1, -1, 0 },
    { CINCH_SECCOMP_NOTIFY, false, 0, 0, SECCOMP_RET_USER_NOTIF },
    { (enum cinch_seccomp_action) 99, false, 0, -1, 0 },
  };

  for (size_t i = 0; i < CINCH_ARRAY_SIZE (cases); i++)
    {
      uint32_t v = 0xdeadbeef;
      int rc = cinch_seccomp_action_value (cases[i].a, cases[i].has_errno, cases[i].errno_ret, &v);
      if (rc != cases[i].rc)
        print_error ("case %zu\n", i);
      assert_int_equal (rc, cases[i].rc);
      assert_int_equal (v, rc == 0 ? cases[i].want : 0xdeadbeef);
    }
}

static void
t_errno_ret_errors (void **state)
{
  struct cinch_seccomp_syscall rules[] = {
    { .names = n_getpid,
      .action = CINCH_SECCOMP_KILL_PROCESS,
      .has_errno_ret = true,
      .errno_ret = 3 },
  };
  struct cinch_seccomp s = { .default_action = CINCH_SECCOMP_ALLOW,
                             .syscalls = rules,
                             .n_syscalls = 1 };

  compile_fails (&s, "linux.seccomp.syscalls[0].errnoRet: errnoRet is only valid with "
                     "SCMP_ACT_ERRNO or SCMP_ACT_TRACE, not SCMP_ACT_KILL_PROCESS; remove it");
  rules[0].action = CINCH_SECCOMP_ERRNO;
  rules[0].errno_ret = 70000;
  compile_fails (&s, "linux.seccomp.syscalls[0].errnoRet: 70000 is not an errno value (0..4095)");
  s.n_syscalls = 0;
  s.has_default_errno_ret = true;
  s.default_errno_ret = 1;
  compile_fails (&s, "linux.seccomp.defaultErrnoRet: errnoRet is only valid with SCMP_ACT_ERRNO "
                     "or SCMP_ACT_TRACE, not SCMP_ACT_ALLOW; remove it");
}

static void
t_bad_args (void **state)
{
  struct cinch_seccomp_arg args[] = {
    { .index = 0, .value = 1, .op = CINCH_SECCOMP_OP_EQ },
    { .index = 6, .value = 1, .op = CINCH_SECCOMP_OP_EQ },
  };
  struct cinch_seccomp_syscall rules[] = {
    { .names = n_getpid, .action = CINCH_SECCOMP_ERRNO, .args = args, .n_args = 2 },
  };
  struct cinch_seccomp s = { .default_action = CINCH_SECCOMP_ALLOW,
                             .syscalls = rules,
                             .n_syscalls = 1 };

  compile_fails (&s, "linux.seccomp.syscalls[0].args[1].index: 6 is out of range (0..5)");
  args[1].index = 1;
  args[1].op = (enum cinch_seccomp_op) 42;
  compile_fails (&s, "linux.seccomp.syscalls[0].args[1].op: unknown operator 42");
}

static void
t_notify_rules (void **state)
{
  struct cinch_seccomp_syscall rules[] = {
    { .names = n_getppid, .action = CINCH_SECCOMP_NOTIFY },
  };
  struct cinch_seccomp s = { .default_action = CINCH_SECCOMP_NOTIFY };
  struct cinch_seccomp_prog prog = { 0 };
  struct sys_expect expect[] = {
    /* No one listens any more: the kernel answers ENOSYS.  */
    { SYS_getppid, 0, 0, ENOSYS },
    { SYS_getpid, 0, 0, 0 },
  };
  char **warnings = NULL;

  compile_fails (&s, "linux.seccomp.defaultAction: SCMP_ACT_NOTIFY cannot be the default action: "
                     "the container could not even execve");
  s.default_action = CINCH_SECCOMP_ALLOW;
  s.syscalls = rules;
  s.n_syscalls = 1;
  compile_fails (&s, "linux.seccomp.listenerPath: required when a rule uses SCMP_ACT_NOTIFY "
                     "(runtime-spec, seccomp); without a listener those syscalls fail with ENOSYS");
  s.listener_path = "/run/cinch-test-listener.sock";
  s.flags = CINCH_SECCOMP_FLAG_WAIT_KILLABLE_RECV;
  compile_ok (&s, &prog, &warnings);
  assert_null (warnings);
  assert_true (prog.wants_listener);
  assert_int_equal (prog.filter_flags,
                    SECCOMP_FILTER_FLAG_NEW_LISTENER | SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV);
  load_and_check (&prog, expect, CINCH_ARRAY_SIZE (expect), true);
  cinch_seccomp_prog_clear (&prog);
}

static void
t_flags (void **state)
{
  struct cinch_seccomp_syscall rules[] = {
    { .names = n_getpid, .action = CINCH_SECCOMP_ERRNO, .has_errno_ret = true, .errno_ret = 5 },
  };
  struct cinch_seccomp s = { .default_action = CINCH_SECCOMP_ALLOW,
                             .flags = CINCH_SECCOMP_FLAG_LOG | CINCH_SECCOMP_FLAG_SPEC_ALLOW,
                             .syscalls = rules,
                             .n_syscalls = 1 };
  struct cinch_seccomp_prog prog = { 0 };
  struct sys_expect expect[] = { { SYS_getpid, 0, 0, 5 } };
  char **warnings = NULL;

  compile_ok (&s, &prog, &warnings);
  assert_null (warnings);
  assert_int_equal (prog.filter_flags, SECCOMP_FILTER_FLAG_LOG | SECCOMP_FILTER_FLAG_SPEC_ALLOW);
  load_and_check (&prog, expect, 1, false);
  cinch_seccomp_prog_clear (&prog);

  /* Meaningless without a notify rule (the kernel would refuse it).  */
  s.flags = CINCH_SECCOMP_FLAG_WAIT_KILLABLE_RECV;
  compile_ok (&s, &prog, &warnings);
  assert_int_equal (prog.filter_flags, 0);
  assert_int_equal (cinch_strv_len (warnings), 1);
  assert_string_equal (warnings[0], "linux.seccomp.flags: SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV "
                                    "has no effect without an SCMP_ACT_NOTIFY rule, ignored");
  cinch_strv_free (warnings);
  cinch_seccomp_prog_clear (&prog);

  s.flags = 1u << 7;
  compile_fails (&s, "linux.seccomp.flags: unknown flag bits 0x80");
}

static int
child_load_bad_flag (void *arg, int out)
{
  struct cinch_seccomp_prog *prog = arg;
  cinch_error_t err = NULL;
  int lfd;

  prctl (PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
  prog->filter_flags |= 1u << 30;
  if (cinch_seccomp_load (prog, &lfd, &err) == 0)
    return 1;
  dprintf (out, "%s", cinch_error_msg (err));
  return 0;
}

static void
t_load_unsupported_flag (void **state)
{
  struct cinch_seccomp s = { .default_action = CINCH_SECCOMP_ERRNO };
  struct cinch_seccomp_prog prog = { 0 };
  char **warnings = NULL;
  char out[1024];

  compile_ok (&s, &prog, &warnings);
  assert_child_ok (run_child (child_load_bad_flag, &prog, out, sizeof (out)), out);
  assert_string_equal (out, "seccomp: the running kernel does not support an unknown flag (flag "
                            "0x40000000, from linux.seccomp.flags or SCMP_ACT_NOTIFY rules)");
  cinch_seccomp_prog_clear (&prog);
}

/* ---- seccomp: behaviour in a child ---------------------------------------- */

static void
t_load_errno_rule (void **state)
{
  struct cinch_seccomp_syscall rules[] = {
    { .names = n_getpid, .action = CINCH_SECCOMP_ERRNO, .has_errno_ret = true, .errno_ret = 42 },
  };
  struct cinch_seccomp s = { .default_action = CINCH_SECCOMP_ALLOW,
                             .syscalls = rules,
                             .n_syscalls = 1 };
  struct cinch_seccomp_prog prog = { 0 };
  struct sys_expect expect[] = { { SYS_getpid, 0, 0, 42 }, { SYS_getppid, 0, 0, 0 } };
  char **warnings = NULL;

  compile_ok (&s, &prog, &warnings);
  load_and_check (&prog, expect, 2, false);
  cinch_seccomp_prog_clear (&prog);
}

static void
t_load_default_errno (void **state)
{
  struct cinch_seccomp_syscall rules[] = {
    { .names = n_exit_write, .action = CINCH_SECCOMP_ALLOW },
  };
  struct cinch_seccomp s = { .default_action = CINCH_SECCOMP_ERRNO,
                             .syscalls = rules,
                             .n_syscalls = 1 };
  struct cinch_seccomp_prog prog = { 0 };
  struct sys_expect eperm[] = { { SYS_getppid, 0, 0, EPERM }, { SYS_getpid, 0, 0, EPERM } };
  struct sys_expect enosys[] = { { SYS_getppid, 0, 0, ENOSYS } };
  char **warnings = NULL;

  compile_ok (&s, &prog, &warnings);
  load_and_check (&prog, eperm, 2, false);
  cinch_seccomp_prog_clear (&prog);

  s.has_default_errno_ret = true;
  s.default_errno_ret = ENOSYS;
  compile_ok (&s, &prog, &warnings);
  load_and_check (&prog, enosys, 1, false);
  cinch_seccomp_prog_clear (&prog);
  assert_null (warnings);
}

static void
t_rule_equal_to_default_skipped (void **state)
{
  struct cinch_seccomp_syscall rules[] = {
    { .names = n_exit_write, .action = CINCH_SECCOMP_ALLOW },
    /* ERRNO with errnoRet EPERM is the default action: libseccomp would
     * refuse it, runc skips it.  */
    { .names = n_getpid, .action = CINCH_SECCOMP_ERRNO, .has_errno_ret = true, .errno_ret = EPERM },
  };
  struct cinch_seccomp s = { .default_action = CINCH_SECCOMP_ERRNO,
                             .syscalls = rules,
                             .n_syscalls = 2 };
  struct cinch_seccomp_prog with = { 0 }, without = { 0 };
  char **warnings = NULL;

  compile_ok (&s, &with, &warnings);
  s.n_syscalls = 1;
  compile_ok (&s, &without, &warnings);
  assert_null (warnings);
  assert_int_equal (with.len, without.len);
  assert_memory_equal (with.filter, without.filter, with.len * sizeof (struct sock_filter));
  cinch_seccomp_prog_clear (&with);
  cinch_seccomp_prog_clear (&without);
}

static void
t_load_allow_rule_under_allow_default (void **state)
{
  struct cinch_seccomp_syscall rules[] = {
    { .names = n_getpid, .action = CINCH_SECCOMP_ALLOW },
    { .names = n_getppid, .action = CINCH_SECCOMP_ERRNO, .has_errno_ret = true, .errno_ret = 9 },
  };
  struct cinch_seccomp s = { .default_action = CINCH_SECCOMP_ALLOW,
                             .syscalls = rules,
                             .n_syscalls = 2 };
  struct cinch_seccomp_prog prog = { 0 };
  struct sys_expect expect[] = { { SYS_getpid, 0, 0, 0 }, { SYS_getppid, 0, 0, 9 } };
  char **warnings = NULL;

  compile_ok (&s, &prog, &warnings);
  load_and_check (&prog, expect, 2, false);
  cinch_seccomp_prog_clear (&prog);
}

/* Conditions on different indexes: one rule, ANDed.  */
static void
t_load_args_and (void **state)
{
  struct cinch_seccomp_arg args[] = {
    { .index = 0, .value = PRIO_PROCESS, .op = CINCH_SECCOMP_OP_EQ },
    { .index = 1, .value = NO_PID, .op = CINCH_SECCOMP_OP_EQ },
  };
  struct cinch_seccomp_syscall rules[] = {
    { .names = n_getpriority,
      .action = CINCH_SECCOMP_ERRNO,
      .has_errno_ret = true,
      .errno_ret = 7,
      .args = args,
      .n_args = 2 },
  };
  struct cinch_seccomp s = { .default_action = CINCH_SECCOMP_ALLOW,
                             .syscalls = rules,
                             .n_syscalls = 1 };
  struct cinch_seccomp_prog prog = { 0 };
  struct sys_expect expect[] = {
    { SYS_getpriority, PRIO_PROCESS, NO_PID, 7 },
    { SYS_getpriority, PRIO_PGRP, NO_PID, ESRCH },
    { SYS_getpriority, PRIO_PROCESS, NO_PID + 1, ESRCH },
    { SYS_getpriority, PRIO_PROCESS, 0, 0 },
  };
  char **warnings = NULL;

  compile_ok (&s, &prog, &warnings);
  load_and_check (&prog, expect, CINCH_ARRAY_SIZE (expect), false);
  cinch_seccomp_prog_clear (&prog);
}

/* Several conditions on one index: libseccomp cannot AND them, so (runc's
 * semantics) every condition of the rule becomes a rule: OR of all.  */
static void
t_load_args_same_index_or (void **state)
{
  struct cinch_seccomp_arg args[] = {
    { .index = 1, .value = NO_PID, .op = CINCH_SECCOMP_OP_EQ },
    { .index = 1, .value = NO_PID + 1, .op = CINCH_SECCOMP_OP_EQ },
    { .index = 0, .value = PRIO_USER, .op = CINCH_SECCOMP_OP_EQ },
  };
  struct cinch_seccomp_syscall rules[] = {
    { .names = n_getpriority,
      .action = CINCH_SECCOMP_ERRNO,
      .has_errno_ret = true,
      .errno_ret = 7,
      .args = args,
      .n_args = 3 },
  };
  struct cinch_seccomp s = { .default_action = CINCH_SECCOMP_ALLOW,
                             .syscalls = rules,
                             .n_syscalls = 1 };
  struct cinch_seccomp_prog prog = { 0 };
  struct sys_expect expect[] = {
    { SYS_getpriority, PRIO_PROCESS, NO_PID, 7 },
    { SYS_getpriority, PRIO_PGRP, NO_PID + 1, 7 },
    { SYS_getpriority, PRIO_PROCESS, NO_PID + 2, ESRCH },
    { SYS_getpriority, PRIO_USER, NO_PID + 2, 7 },
    { SYS_getpriority, PRIO_PROCESS, 0, 0 },
  };
  char **warnings = NULL;

  compile_ok (&s, &prog, &warnings);
  load_and_check (&prog, expect, CINCH_ARRAY_SIZE (expect), false);
  cinch_seccomp_prog_clear (&prog);
}

/* SCMP_CMP_MASKED_EQ: value is the mask, valueTwo the datum.  */
static void
t_load_masked_eq (void **state)
{
  struct cinch_seccomp_arg args[] = {
    { .index = 1, .value = 0xff00, .value_two = 0x1200, .op = CINCH_SECCOMP_OP_MASKED_EQ },
  };
  struct cinch_seccomp_syscall rules[] = {
    { .names = n_getpriority,
      .action = CINCH_SECCOMP_ERRNO,
      .has_errno_ret = true,
      .errno_ret = 7,
      .args = args,
      .n_args = 1 },
  };
  struct cinch_seccomp s = { .default_action = CINCH_SECCOMP_ALLOW,
                             .syscalls = rules,
                             .n_syscalls = 1 };
  struct cinch_seccomp_prog prog = { 0 };
  struct sys_expect expect[] = {
    { SYS_getpriority, PRIO_PROCESS, 0x7fff1234, 7 },
    { SYS_getpriority, PRIO_PROCESS, 0x7fff12ff, 7 },
    { SYS_getpriority, PRIO_PROCESS, 0x7fff3412, ESRCH },
    /* Would match with mask and datum swapped.  */
    { SYS_getpriority, PRIO_PROCESS, 0x7fff3300, ESRCH },
    { SYS_getpriority, PRIO_PROCESS, 0, 0 },
  };
  char **warnings = NULL;

  compile_ok (&s, &prog, &warnings);
  load_and_check (&prog, expect, CINCH_ARRAY_SIZE (expect), false);
  cinch_seccomp_prog_clear (&prog);
}

/* ---- seccomp: the built-in profile (config/seccomp-default.json) ---------- */

/* CINCH_SRCDIR: the source tree, from the Makefile.  */
#define PROFILE_JSON CINCH_SRCDIR "/config/seccomp-default.json"
#define PROFILE_MAN CINCH_SRCDIR "/man/cinch-seccomp.7"

static void
t_default_prog_view (void **state)
{
  struct cinch_seccomp_prog a = { 0 }, b = { 0 };

  cinch_seccomp_default_prog (&a);
  cinch_seccomp_default_prog (&b);
  /* A view of one static program: nothing allocated per call.  */
  assert_non_null (a.filter);
  assert_ptr_equal (a.filter, b.filter);
  assert_true (a.len > 0 && a.len <= BPF_MAXINSNS);
  assert_int_equal (a.len, b.len);
  assert_true (a.borrowed);
  assert_false (a.wants_listener);
  assert_int_equal (a.filter_flags, 0);
  /* Must not free the static array (glibc or ASan would abort here).  */
  cinch_seccomp_prog_clear (&a);
  assert_null (a.filter);
  assert_int_equal (a.len, 0);
  assert_false (a.borrowed);
}

/* The program built into the binary is what the profile in the source tree
 * compiles to now: the build-time data cannot drift from the JSON.  */
static void
t_default_matches_profile (void **state)
{
  cleanup_free char *text = NULL;
  struct cinch_seccomp_prog built = { 0 }, now = { 0 };
  cinch_error_t err = NULL;
  size_t len = 0;

  if (cinch_read_file (PROFILE_JSON, 1 << 20, &text, &len, &err) < 0
      || cinch_seccomp_profile_compile (text, len, PROFILE_JSON, &now, &err) < 0)
    print_error ("%s\n", cinch_error_msg (err));
  assert_null (err);
  cinch_seccomp_default_prog (&built);
  assert_false (now.borrowed);
  assert_int_equal (now.len, built.len);
  assert_int_equal (now.filter_flags, built.filter_flags);
  assert_int_equal (now.wants_listener, built.wants_listener);
  assert_memory_equal (now.filter, built.filter, now.len * sizeof (struct sock_filter));
  cinch_seccomp_prog_clear (&now);
}

static void
profile_fails (const char *text, const char *want)
{
  struct cinch_seccomp_prog prog = { .filter = (void *) 0x1, .len = 7 };
  cinch_error_t err = NULL;

  assert_int_equal (cinch_seccomp_profile_compile (text, strlen (text), "p.json", &prog, &err), -1);
  assert_non_null (err);
  assert_string_equal (cinch_error_msg (err), want);
  assert_ptr_equal (prog.filter, (void *) 0x1);
  assert_int_equal (prog.len, 7);
  cinch_error_free (&err);
}

static void
t_profile_compile_strict (void **state)
{
  struct cinch_seccomp_prog prog = { 0 };
  const char *ok = "{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"architectures\":[\"SCMP_ARCH_X86_64\"],"
                   "\"syscalls\":[{\"names\":[\"getpid\"],\"action\":\"SCMP_ACT_ALLOW\"}]}";
  cinch_error_t err = NULL;

#ifndef __x86_64__
  skip ();
#endif
  assert_int_equal (cinch_seccomp_profile_compile (ok, strlen (ok), "p.json", &prog, &err), 0);
  assert_true (prog.len > 0);
  cinch_seccomp_prog_clear (&prog);

  profile_fails ("{\"defaultAction\":",
                 "p.json: invalid JSON at line 1 column 17: unexpected token near end of file");
  /* What the wrapper would accept after the profile must not get in.  */
  profile_fails ("{\"defaultAction\":\"SCMP_ACT_ALLOW\"}},\"process\":{\"x\":1",
                 "p.json: invalid JSON at line 1 column 35: end of file expected near '}'");
  profile_fails ("[]", "p.json: expected a JSON object (a linux.seccomp profile)");
  profile_fails ("{\"defaultAction\":\"SCMP_ACT_NOPE\",\"architectures\":[\"SCMP_ARCH_X86_64\"]}",
                 "p.json: linux.seccomp.defaultAction: unknown seccomp action \"SCMP_ACT_NOPE\"");
  /* cinch_seccomp_compile would only warn and skip these.  */
  profile_fails ("{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"architectures\":[\"SCMP_ARCH_X86_64\"],"
                 "\"syscalls\":[{\"names\":[\"getpid\",\"no_such_call\"],"
                 "\"action\":\"SCMP_ACT_ALLOW\"}]}",
                 "p.json: linux.seccomp.syscalls[0].names[1]: `no_such_call` is not a syscall "
                 "libseccomp knows (too old a libseccomp, or a typo)");
  profile_fails ("{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"architectures\":[\"SCMP_ARCH_X86_64\"],"
                 "\"syscalls\":[{\"names\":[\"chown32\"],\"action\":\"SCMP_ACT_ALLOW\"}]}",
                 "p.json: linux.seccomp.syscalls[0].names[0]: `chown32` is not a syscall of the "
                 "build machine's architecture");
  profile_fails ("{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"architectures\":[\"SCMP_ARCH_AARCH64\"]}",
                 "p.json: linux.seccomp.architectures: does not list this machine's architecture "
                 "(x86_64): the profile is not written for it");
  profile_fails ("{\"defaultAction\":\"SCMP_ACT_ERRNO\"}",
                 "p.json: linux.seccomp.architectures: does not list this machine's architecture "
                 "(x86_64): the profile is not written for it");
}

/* cinch-seccomp(7) documents the profile syscall by syscall: every name of
 * config/seccomp-default.json is in the section its action belongs to, and
 * nothing the page lists as unlisted is in the profile.  */
static char *
man_section (const char *page, const char *title)
{
  cleanup_free char *head = cinch_xasprintf ("\n.SH %s\n", title);
  const char *start = strstr (page, head), *end;

  if (start == NULL)
    fail_msg ("cinch-seccomp.7: no section %s", title);
  start += strlen (head);
  end = strstr (start, "\n.SH ");
  return strndup (start, end ? (size_t) (end - start) : strlen (start));
}

static bool
has_word (const char *text, const char *word)
{
  size_t n = strlen (word);

  for (const char *p = strstr (text, word); p != NULL; p = strstr (p + 1, word))
    {
      bool before = p > text && (isalnum ((unsigned char) p[-1]) || p[-1] == '_');
      bool after = isalnum ((unsigned char) p[n]) || p[n] == '_';
      if (!before && !after)
        return true;
    }
  return false;
}

static void
t_default_documented (void **state)
{
  cleanup_free char *page = NULL;
  cleanup_free char *allowed = NULL, *conditions = NULL, *refused = NULL, *unlisted = NULL;
  cinch_error_t err = NULL;
  json_error_t je;
  json_t *profile, *syscalls, *sc;
  size_t len, i, checked = 0;

  if (cinch_read_file (PROFILE_MAN, 1 << 20, &page, &len, &err) < 0)
    fail_msg ("%s", cinch_error_msg (err));
  allowed = man_section (page, "ALLOWED SYSTEM CALLS");
  conditions = man_section (page, "ARGUMENT CONDITIONS");
  refused = man_section (page, "REFUSED WITH EPERM");
  unlisted = man_section (page, "NOT LISTED: ENOSYS");
  profile = json_load_file (PROFILE_JSON, 0, &je);
  if (profile == NULL)
    fail_msg ("%s: %s", PROFILE_JSON, je.text);
  syscalls = json_object_get (profile, "syscalls");
  json_array_foreach (syscalls, i, sc)
  {
    const char *action = json_string_value (json_object_get (sc, "action"));
    json_t *errno_ret = json_object_get (sc, "errnoRet");
    size_t n_args = json_array_size (json_object_get (sc, "args"));
    const char *section = NULL, *where;
    size_t j;
    json_t *name;

    if (n_args > 0 || (errno_ret != NULL && json_integer_value (errno_ret) == ENOSYS))
      section = conditions, where = "ARGUMENT CONDITIONS";
    else if (strcmp (action, "SCMP_ACT_ALLOW") == 0)
      section = allowed, where = "ALLOWED SYSTEM CALLS";
    else if (strcmp (action, "SCMP_ACT_ERRNO") == 0 && json_integer_value (errno_ret) == EPERM)
      section = refused, where = "REFUSED WITH EPERM";
    else
      fail_msg ("syscalls[%zu]: an action cinch-seccomp.7 has no section for", i);
    json_array_foreach (json_object_get (sc, "names"), j, name)
    {
      const char *s = json_string_value (name);
      if (!has_word (section, s))
        fail_msg ("syscalls[%zu]: `%s` is not in the %s section of cinch-seccomp.7", i, s, where);
      if (has_word (unlisted, s))
        fail_msg ("`%s` is in the profile but cinch-seccomp.7 says it is not listed", s);
      checked++;
    }
  }
  json_decref (profile);
  assert_true (checked > 300);
}

/* One syscall under the built-in profile and its expected outcome: 0 for
 * success, else the errno.  Each denied call is chosen so that it fails
 * differently (or succeeds harmlessly) without the filter.  */
struct dflt_expect
{
  const char *what;
  long nr;
  long a[6];
  int want;
};

#define X32_BIT 0x40000000L
#define NS_FLAGS 0x7e020000L
#define TIOCLINUX_REQ 0x541cL
#define AF_VSOCK_NUM 40L

static int
child_default_checks (void *arg, int out)
{
  const struct dflt_expect *e = arg;
  struct cinch_seccomp_prog prog;
  cinch_error_t err = NULL;

  cinch_seccomp_default_prog (&prog);
  if (prctl (PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
    return dprintf (out, "no_new_privs: %s", strerror (errno)), 100;
  if (cinch_seccomp_load (&prog, NULL, &err) < 0)
    return dprintf (out, "load: %s", cinch_error_msg (err)), 101;
  for (int i = 0; e[i].what != NULL; i++)
    {
      long r;
      errno = 0;
      r = syscall (e[i].nr, e[i].a[0], e[i].a[1], e[i].a[2], e[i].a[3], e[i].a[4], e[i].a[5]);
      if (e[i].want == 0 ? r == -1 : (r != -1 || errno != e[i].want))
        dprintf (out, "%s: r=%ld errno=%s, want %s\n", e[i].what, r, strerror (errno),
                 e[i].want ? strerror (e[i].want) : "success");
    }
  return 0;
}

static void
t_default_syscalls (void **state)
{
  static const char *const ns_names[] = { "NEWNS",   "NEWCGROUP", "NEWUTS", "NEWIPC",
                                          "NEWUSER", "NEWPID",    "NEWNET" };
  static const long ns_flags[] = { CLONE_NEWNS,   CLONE_NEWCGROUP, CLONE_NEWUTS, CLONE_NEWIPC,
                                   CLONE_NEWUSER, CLONE_NEWPID,    CLONE_NEWNET };
  struct utsname u;
  char buf[64], out[4096];
  const long bad = -1;
  struct dflt_expect e[64] = {
    /* allowed: reach the kernel */
    { "getpid", SYS_getpid, { 0 }, 0 },
    { "uname", SYS_uname, { (long) &u }, 0 },
    { "getrandom", SYS_getrandom, { (long) buf, 8 }, 0 },
    { "socket(AF_UNIX)", SYS_socket, { AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC }, 0 },
    { "ioctl(TIOCGWINSZ)", SYS_ioctl, { bad, TIOCGWINSZ, (long) buf }, EBADF },
    { "personality(query)", SYS_personality, { 0xffffffffL }, 0 },
    { "personality(PER_LINUX)", SYS_personality, { 0 }, 0 },
    /* CLONE_SIGHAND without CLONE_VM: the kernel says EINVAL, no child.  */
    { "clone(no namespace)", SYS_clone, { CLONE_SIGHAND }, EINVAL },
    /* EPERM */
    { "keyctl", SYS_keyctl, { 0 /* KEYCTL_GET_KEYRING_ID */, -3 /* session */ }, EPERM },
    { "add_key", SYS_add_key, { 0 }, EPERM },
    { "request_key", SYS_request_key, { 0 }, EPERM },
    { "bpf", SYS_bpf, { 0, 0, 0 }, EPERM },
    { "perf_event_open", SYS_perf_event_open, { 0, 0, -1, -1, 0 }, EPERM },
    { "userfaultfd", SYS_userfaultfd, { O_CLOEXEC }, EPERM },
    { "io_uring_setup", SYS_io_uring_setup, { 0, 0 }, EPERM },
    { "open_by_handle_at", SYS_open_by_handle_at, { bad, 0, 0 }, EPERM },
    { "kexec_load", SYS_kexec_load, { 0, 0, 0, 0xdead0000L }, EPERM },
    { "init_module", SYS_init_module, { 0, 0, 0 }, EPERM },
    { "finit_module", SYS_finit_module, { bad, 0, 0 }, EPERM },
    { "delete_module", SYS_delete_module, { 0, 0 }, EPERM },
    { "unshare(CLONE_NEWNS)", SYS_unshare, { CLONE_NEWNS }, EPERM },
    { "unshare(CLONE_NEWUSER)", SYS_unshare, { CLONE_NEWUSER }, EPERM },
    { "setns", SYS_setns, { bad, 0 }, EPERM },
    { "mount", SYS_mount, { 0, 0, 0, 0, 0 }, EPERM },
    { "umount2", SYS_umount2, { 0, 0 }, EPERM },
    { "pivot_root", SYS_pivot_root, { 0, 0 }, EPERM },
    { "fsopen", SYS_fsopen, { 0, 0 }, EPERM },
    { "open_tree", SYS_open_tree, { bad, 0, 0 }, EPERM },
    { "ptrace", SYS_ptrace, { 2 /* PTRACE_PEEKDATA */, 1, 0, 0 }, EPERM },
    { "process_vm_readv", SYS_process_vm_readv, { 1, 0, 0, 0, 0, 0 }, EPERM },
    { "pidfd_getfd", SYS_pidfd_getfd, { bad, 0, 0 }, EPERM },
    { "reboot", SYS_reboot, { 0, 0, 0, 0 }, EPERM },
    { "syslog", SYS_syslog, { 10 /* SYSLOG_ACTION_SIZE_BUFFER */, 0, 0 }, EPERM },
    { "settimeofday", SYS_settimeofday, { 0, 0 }, EPERM },
    { "clock_settime", SYS_clock_settime, { CLOCK_REALTIME, 0 }, EPERM },
    { "modify_ldt", SYS_modify_ldt, { 0, 0, 0 }, EPERM },
    { "socket(AF_VSOCK)", SYS_socket, { AF_VSOCK_NUM, SOCK_STREAM }, EPERM },
    /* The kernel reads an int: the upper half must not hide AF_VSOCK.  */
    { "socket(AF_VSOCK | 1 << 32)", SYS_socket, { (1L << 32) | AF_VSOCK_NUM, SOCK_STREAM }, EPERM },
    { "ioctl(TIOCSTI)", SYS_ioctl, { bad, TIOCSTI, (long) buf }, EPERM },
    { "ioctl(TIOCSTI | 1 << 32)", SYS_ioctl, { bad, (1L << 32) | TIOCSTI, (long) buf }, EPERM },
    { "ioctl(TIOCLINUX)", SYS_ioctl, { bad, TIOCLINUX_REQ, (long) buf }, EPERM },
    { "personality(ADDR_NO_RANDOMIZE)", SYS_personality, { 0x0040000L }, EPERM },
    { "personality(1 << 32)", SYS_personality, { 1L << 32 }, EPERM },
    /* ENOSYS: clone3, unlisted and unknown syscalls */
    { "clone3", 435, { 0, 0 }, ENOSYS },
    { "migrate_pages", SYS_migrate_pages, { 0, 0, 0, 0 }, ENOSYS },
    { "futex_waitv (Linux 5.16, not listed)", 449, { 0, 0, 0, 0, 0 }, ENOSYS },
    { "fchmodat2 (Linux 6.6, not listed)", 452, { bad, 0, 0, 0 }, ENOSYS },
    { "syscall 1000", 1000, { 0 }, ENOSYS },
  };
  size_t n = 0;

#ifndef __x86_64__
  skip ();
#endif
  while (e[n].what != NULL)
    n++;
  /* clone with each namespace flag (and CLONE_SIGHAND, so that a filter
   * letting it through gets EINVAL, not a child).  */
  for (size_t i = 0; i < CINCH_ARRAY_SIZE (ns_flags); i++)
    {
      assert_true (n + 1 < CINCH_ARRAY_SIZE (e));
      assert_true ((ns_flags[i] & ~NS_FLAGS) == 0);
      e[n++] =
          (struct dflt_expect){ ns_names[i], SYS_clone, { CLONE_SIGHAND | ns_flags[i] }, EPERM };
    }
  assert_child_ok (run_child (child_default_checks, e, out, sizeof (out)), out);
  assert_string_equal (out, "");
}

/* Threads and processes under the profile: glibc's pthread_create tries
 * clone3 first and must fall back to clone on ENOSYS; fork is clone.  */
static void *
thread_fn (void *arg)
{
  return arg;
}

static int
child_default_threads (void *arg, int out)
{
  struct cinch_seccomp_prog prog;
  cinch_error_t err = NULL;
  pthread_t t;
  void *ret = NULL;
  pid_t pid;
  int status, r;

  cinch_seccomp_default_prog (&prog);
  if (prctl (PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 || cinch_seccomp_load (&prog, NULL, &err) < 0)
    return dprintf (out, "load: %s", cinch_error_msg (err)), 1;
  if ((r = pthread_create (&t, NULL, thread_fn, &prog)) != 0)
    return dprintf (out, "pthread_create: %s", strerror (r)), 2;
  if (pthread_join (t, &ret) != 0 || ret != &prog)
    return dprintf (out, "pthread_join"), 3;
  pid = fork ();
  if (pid < 0)
    return dprintf (out, "fork: %s", strerror (errno)), 4;
  if (pid == 0)
    _exit (42);
  if (waitpid (pid, &status, 0) != pid || !WIFEXITED (status) || WEXITSTATUS (status) != 42)
    return dprintf (out, "wait: status %#x", status), 5;
  return 0;
}

static void
t_default_threads_fork (void **state)
{
  char out[1024];
  assert_child_ok (run_child (child_default_threads, NULL, out, sizeof (out)), out);
}

/* x32 (syscall number | 0x40000000) and the 32-bit entry (int 0x80)
 * share nothing with the x86_64 table the profile allows: libseccomp
 * sends both to the "bad architecture" action, which kills the thread
 * (SIGSYS).  */
#ifdef __x86_64__
static long
int80_getpid (void)
{
  long r;
  /* i386 getpid is 20; the 32-bit entry clobbers r8-r11 on some kernels.  */
  __asm__ volatile("int $0x80" : "=a"(r) : "a"(20L) : "memory", "r8", "r9", "r10", "r11");
  return r;
}

static int
child_int80 (void *arg, int out)
{
  struct cinch_seccomp_prog prog;
  struct rlimit no_core = { 0, 0 };
  cinch_error_t err = NULL;
  bool filtered = arg != NULL;
  long r;

  setrlimit (RLIMIT_CORE, &no_core);
  cinch_seccomp_default_prog (&prog);
  if (filtered
      && (prctl (PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0
          || cinch_seccomp_load (&prog, NULL, &err) < 0))
    return dprintf (out, "load: %s", cinch_error_msg (err)), 1;
  r = int80_getpid ();
  dprintf (out, "%ld", r);
  return r == getpid () ? 0 : 2;
}

static int
child_x32 (void *arg, int out)
{
  struct cinch_seccomp_prog prog;
  struct rlimit no_core = { 0, 0 };
  cinch_error_t err = NULL;
  long r;

  setrlimit (RLIMIT_CORE, &no_core);
  cinch_seccomp_default_prog (&prog);
  if (prctl (PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 || cinch_seccomp_load (&prog, NULL, &err) < 0)
    return dprintf (out, "load: %s", cinch_error_msg (err)), 1;
  r = syscall (X32_BIT | SYS_getpid);
  return dprintf (out, "x32 getpid returned %ld (%s)", r, strerror (errno)), 2;
}
#endif

static void
t_default_foreign_abi_killed (void **state)
{
#ifdef __x86_64__
  char out[256];
  int rc;

  assert_int_equal (run_child (child_x32, NULL, out, sizeof (out)), 128 + SIGSYS);
  /* Without the filter, int 0x80 must work here for the test to mean
   * anything (kernels without IA32 emulation fault instead).  */
  rc = run_child (child_int80, NULL, out, sizeof (out));
  if (rc != 0)
    skip ();
  assert_int_equal (run_child (child_int80, (void *) 1, out, sizeof (out)), 128 + SIGSYS);
#else
  skip ();
#endif
}

/* A shell and dynamic glibc programs run under the profile.  */
static int
child_default_sh (void *arg, int out)
{
  static const char script[] = "echo ok; echo \"$(echo sub)\"; /bin/ls -d / && "
                               "/bin/dash -c 'echo dash' && /bin/busybox wc -l </proc/self/status "
                               ">/dev/null && echo done";
  char *argv[] = { "sh", "-c", (char *) script, NULL };
  char *envp[] = { "PATH=/usr/sbin:/usr/bin:/sbin:/bin", NULL };
  struct cinch_seccomp_prog prog;
  cinch_error_t err = NULL;

  cinch_seccomp_default_prog (&prog);
  if (dup2 (out, 1) < 0 || dup2 (out, 2) < 0)
    return 1;
  if (prctl (PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 || cinch_seccomp_load (&prog, NULL, &err) < 0)
    return dprintf (out, "load: %s", cinch_error_msg (err)), 2;
  execve ("/bin/busybox", argv, envp);
  return dprintf (out, "execve /bin/busybox: %s", strerror (errno)), 3;
}

static void
t_default_busybox_sh (void **state)
{
  char out[1024];

  if (access ("/bin/busybox", X_OK) < 0 || access ("/bin/dash", X_OK) < 0
      || access ("/bin/ls", X_OK) < 0)
    skip ();
  assert_child_ok (run_child (child_default_sh, NULL, out, sizeof (out)), out);
  assert_string_equal (out, "ok\nsub\n/\ndash\ndone\n");
}

/* ---- caps ----------------------------------------------------------------- */

#define BIT(c) (UINT64_C (1) << (c))

static void
t_caps_kernel_last_cap (void **state)
{
  char *text = NULL;
  size_t len;
  cinch_error_t err = NULL;

  if (cinch_read_file ("/proc/sys/kernel/cap_last_cap", 64, &text, &len, &err) < 0)
    {
      cinch_error_free (&err);
      skip ();
    }
  assert_int_equal (cinch_caps_kernel_last_cap (), atoi (text));
  free (text);
}

static void
t_caps_check (void **state)
{
  struct cinch_process p = { .has_capabilities = true };
  char **warnings = NULL;
  cinch_error_t err = NULL;

  p.caps[CINCH_CAP_BOUNDING] = BIT (CAP_CHOWN) | BIT (CAP_KILL) | BIT (62);
  p.caps[CINCH_CAP_PERMITTED] = BIT (CAP_CHOWN) | BIT (CAP_KILL);
  p.caps[CINCH_CAP_EFFECTIVE] = BIT (CAP_CHOWN) | BIT (CAP_KILL);
  p.caps[CINCH_CAP_INHERITABLE] = BIT (CAP_CHOWN);
  p.caps[CINCH_CAP_AMBIENT] = BIT (CAP_CHOWN) | BIT (CAP_KILL);
  assert_int_equal (cinch_caps_check (&p, 40, &warnings, &err), 0);
  /* Ambient CAP_KILL cannot be raised (not inheritable): skipped without a
   * warning, as runc does.  */
  assert_int_equal (cinch_strv_len (warnings), 1);
  assert_string_equal (warnings[0], "process.capabilities.bounding: capability 62 is not known "
                                    "to the running kernel (last is 40), ignored");
  cinch_strv_free (warnings);
  warnings = NULL;

  p.caps[CINCH_CAP_EFFECTIVE] |= BIT (CAP_SYS_ADMIN);
  assert_int_equal (cinch_caps_check (&p, 40, &warnings, &err), -1);
  assert_string_equal (cinch_error_msg (err),
                       "process.capabilities.effective: CAP_SYS_ADMIN is not in "
                       "process.capabilities.permitted; the kernel cannot make a capability "
                       "effective that is not permitted: add it to permitted or remove it");
  assert_null (warnings);
  cinch_error_free (&err);

  p.caps[CINCH_CAP_EFFECTIVE] = 0;
  p.caps[CINCH_CAP_INHERITABLE] |= BIT (CAP_NET_RAW);
  assert_int_equal (cinch_caps_check (&p, 40, &warnings, &err), -1);
  assert_string_equal (cinch_error_msg (err),
                       "process.capabilities.inheritable: CAP_NET_RAW is not in "
                       "process.capabilities.bounding; the kernel refuses inheritable "
                       "capabilities outside the bounding set: add it to bounding or remove it");
  cinch_error_free (&err);

  p.has_capabilities = false;
  assert_int_equal (cinch_caps_check (&p, 40, &warnings, &err), 0);
  assert_null (warnings);
}

/* Write the credential lines of /proc/self/status, whitespace collapsed:
 * "Uid: 0 0 0 0\n..." */
static void
dump_creds (int out)
{
  static const char *const keys[] = { "Uid:",    "Gid:",    "Groups:", "CapInh:",
                                      "CapPrm:", "CapEff:", "CapBnd:", "CapAmb:" };
  cleanup_free char *text = NULL;
  size_t len;
  cinch_error_t err = NULL;

  if (cinch_read_file ("/proc/self/status", 1 << 16, &text, &len, &err) < 0)
    {
      dprintf (out, "%s", cinch_error_msg (err));
      return;
    }
  for (size_t k = 0; k < CINCH_ARRAY_SIZE (keys); k++)
    {
      const char *line = strstr (text, keys[k]);
      bool space = false;

      if (line == NULL)
        continue;
      dprintf (out, "%s", keys[k]);
      for (const char *c = line + strlen (keys[k]); *c != '\0' && *c != '\n'; c++)
        if (*c == ' ' || *c == '\t')
          space = true;
        else
          {
            dprintf (out, "%s%c", space ? " " : "", *c);
            space = false;
          }
      dprintf (out, "\n");
    }
}

struct caps_case
{
  struct cinch_process p;
  /* Give the child leftovers the plan must clear: inheritable and ambient
   * CAP_SYS_ADMIN and CAP_CHOWN (CVE-2022-29162).  */
  bool leftovers;
};

static int
child_caps (void *arg, int out)
{
  struct caps_case *c = arg;
  cinch_error_t err = NULL;

  if (c->leftovers)
    {
      struct __user_cap_header_struct hdr = { _LINUX_CAPABILITY_VERSION_3, 0 };
      struct __user_cap_data_struct data[2];
      if (syscall (SYS_capget, &hdr, data) < 0)
        return dprintf (out, "capget: %s", strerror (errno)), 1;
      data[0].inheritable |= 1u << CAP_SYS_ADMIN | 1u << CAP_CHOWN;
      if (syscall (SYS_capset, &hdr, data) < 0
          || prctl (PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, CAP_SYS_ADMIN, 0, 0) < 0
          || prctl (PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, CAP_CHOWN, 0, 0) < 0)
        return dprintf (out, "leftovers: %s", strerror (errno)), 1;
    }
  if (cinch_caps_drop_bounding (&c->p, &err) < 0)
    return dprintf (out, "drop_bounding: %s", cinch_error_msg (err)), 1;
  if (cinch_caps_change_user (&c->p, &err) < 0)
    return dprintf (out, "change_user: %s", cinch_error_msg (err)), 1;
  dump_creds (out);
  return 0;
}

/* Root in the initial user namespace, with a full identity uid map: the
 * tests switch to uid 1000 and need CAP_SETPCAP & co for real.  */
static bool
real_root (void)
{
  cleanup_free char *map = NULL;
  size_t len;
  cinch_error_t err = NULL;
  unsigned long a, b, n;

  if (geteuid () != 0)
    return false;
  if (cinch_read_file ("/proc/self/uid_map", 4096, &map, &len, &err) < 0)
    {
      cinch_error_free (&err);
      return false;
    }
  return sscanf (map, "%lu %lu %lu", &a, &b, &n) == 3 && a == 0 && b == 0 && n == 4294967295UL;
}

static void
run_caps_case (struct caps_case *c, const char *want)
{
  char out[2048];
  uint64_t needed = BIT (CAP_SETUID) | BIT (CAP_SETGID) | BIT (CAP_SETPCAP) | BIT (CAP_SYS_ADMIN)
                    | c->p.caps[CINCH_CAP_BOUNDING] | c->p.caps[CINCH_CAP_PERMITTED];
  struct __user_cap_header_struct hdr = { _LINUX_CAPABILITY_VERSION_3, 0 };
  struct __user_cap_data_struct data[2];

  if (!real_root ())
    skip ();
  assert_int_equal (syscall (SYS_capget, &hdr, data), 0);
  if ((needed & ~(data[0].effective | (uint64_t) data[1].effective << 32)) != 0)
    skip ();
  assert_child_ok (run_child (child_caps, c, out, sizeof (out)), out);
  assert_string_equal (out, want);
}

static void
t_caps_root_chown_only (void **state)
{
  struct caps_case c = { .p = { .uid = 0, .gid = 0, .has_capabilities = true } };
  for (int s = 0; s < CINCH_CAP_SET_COUNT; s++)
    c.p.caps[s] = BIT (CAP_CHOWN);
  run_caps_case (&c, "Uid: 0 0 0 0\nGid: 0 0 0 0\nGroups:\n"
                     "CapInh: 0000000000000001\nCapPrm: 0000000000000001\n"
                     "CapEff: 0000000000000001\nCapBnd: 0000000000000001\n"
                     "CapAmb: 0000000000000001\n");
}

static void
t_caps_non_root (void **state)
{
  uint32_t gids[] = { 1001, 1002 };
  struct caps_case c = { .p = { .uid = 1000,
                                .gid = 1000,
                                .additional_gids = gids,
                                .n_additional_gids = 2,
                                .has_capabilities = true },
                         .leftovers = true };
  c.p.caps[CINCH_CAP_BOUNDING] = BIT (CAP_CHOWN) | BIT (CAP_KILL) | BIT (CAP_NET_BIND_SERVICE);
  c.p.caps[CINCH_CAP_PERMITTED] = BIT (CAP_KILL) | BIT (CAP_NET_BIND_SERVICE);
  c.p.caps[CINCH_CAP_EFFECTIVE] = BIT (CAP_KILL) | BIT (CAP_NET_BIND_SERVICE);
  c.p.caps[CINCH_CAP_INHERITABLE] = BIT (CAP_NET_BIND_SERVICE);
  /* CAP_KILL is not inheritable: skipped, as runc does.  */
  c.p.caps[CINCH_CAP_AMBIENT] = BIT (CAP_KILL) | BIT (CAP_NET_BIND_SERVICE);
  run_caps_case (&c, "Uid: 1000 1000 1000 1000\nGid: 1000 1000 1000 1000\nGroups: 1001 1002\n"
                     "CapInh: 0000000000000400\nCapPrm: 0000000000000420\n"
                     "CapEff: 0000000000000420\nCapBnd: 0000000000000421\n"
                     "CapAmb: 0000000000000400\n");
}

static void
t_caps_root_leftovers_cleared (void **state)
{
  struct caps_case c = { .p = { .uid = 0, .gid = 0, .has_capabilities = true }, .leftovers = true };
  c.p.caps[CINCH_CAP_BOUNDING] = BIT (CAP_CHOWN) | BIT (CAP_SYS_ADMIN);
  c.p.caps[CINCH_CAP_PERMITTED] = BIT (CAP_CHOWN);
  c.p.caps[CINCH_CAP_EFFECTIVE] = BIT (CAP_CHOWN);
  /* The kernel drops leftover ambient SYS_ADMIN with inheritable; ambient
   * CHOWN stays raisable and must be cleared explicitly.  */
  c.p.caps[CINCH_CAP_INHERITABLE] = BIT (CAP_CHOWN);
  run_caps_case (&c, "Uid: 0 0 0 0\nGid: 0 0 0 0\nGroups:\n"
                     "CapInh: 0000000000000001\nCapPrm: 0000000000000001\n"
                     "CapEff: 0000000000000001\nCapBnd: 0000000000200001\n"
                     "CapAmb: 0000000000000000\n");
}

static void
t_caps_none (void **state)
{
  struct caps_case c = { .p = { .uid = 1000, .gid = 1000 }, .leftovers = true };
  run_caps_case (&c, "Uid: 1000 1000 1000 1000\nGid: 1000 1000 1000 1000\nGroups:\n"
                     "CapInh: 0000000000000000\nCapPrm: 0000000000000000\n"
                     "CapEff: 0000000000000000\nCapBnd: 0000000000000000\n"
                     "CapAmb: 0000000000000000\n");
}

static int
write_proc (const char *path, const char *text)
{
  cleanup_close int fd = open (path, O_WRONLY | O_CLOEXEC);
  return fd >= 0 && write (fd, text, strlen (text)) == (ssize_t) strlen (text) ? 0 : -1;
}

/* Become root of a new user namespace mapping only our uid and gid, with
 * setgroups "deny" (what an unprivileged user may do).  */
static int
enter_userns (int out)
{
  char map[64];
  uid_t uid = geteuid ();
  gid_t gid = getegid ();

  if (unshare (CLONE_NEWUSER) < 0)
    return dprintf (out, "unshare user: %s", strerror (errno)), -1;
  snprintf (map, sizeof (map), "0 %u 1", (unsigned) uid);
  if (write_proc ("/proc/self/setgroups", "deny") < 0 || write_proc ("/proc/self/uid_map", map) < 0)
    return dprintf (out, "uid_map: %s", strerror (errno)), -1;
  snprintf (map, sizeof (map), "0 %u 1", (unsigned) gid);
  if (write_proc ("/proc/self/gid_map", map) < 0)
    return dprintf (out, "gid_map: %s", strerror (errno)), -1;
  return 0;
}

/* In a user namespace whose setgroups is "deny": asking for supplementary
 * groups fails, asking for none is fine.  Runs unprivileged too.  */
static int
child_setgroups_denied (void *arg, int out)
{
  uint32_t gids[] = { 0 };
  struct cinch_process p = {
    .uid = 0, .gid = 0, .has_capabilities = true, .additional_gids = gids, .n_additional_gids = 1
  };
  cinch_error_t err = NULL;

  if (enter_userns (out) < 0)
    return EXIT_SKIP;
  for (int s = 0; s < CINCH_CAP_SET_COUNT; s++)
    p.caps[s] = BIT (CAP_CHOWN);

  if (cinch_caps_change_user (&p, &err) == 0)
    return dprintf (out, "additional gids accepted"), 2;
  dprintf (out, "%s\n", cinch_error_msg (err));
  cinch_error_free (&err);
  p.n_additional_gids = 0;
  if (cinch_caps_drop_bounding (&p, &err) < 0 || cinch_caps_change_user (&p, &err) < 0)
    return dprintf (out, "%s", cinch_error_msg (err)), 3;
  dump_creds (out);
  return 0;
}

static int
cmp_gid (const void *a, const void *b)
{
  gid_t x = *(const gid_t *) a, y = *(const gid_t *) b;
  return x < y ? -1 : x > y;
}

/* The "Groups:" line (as dump_creds prints it) of a child that entered the
 * user namespace of enter_userns: setgroups is denied there, so it keeps
 * the supplementary groups it inherited from us (none for root started
 * without a login; the user's own groups for anyone else), which the kernel
 * lists sorted by host gid, our egid mapped to 0 and the others unmapped
 * (the overflow gid).  */
static void
groups_in_userns (char *buf, size_t size)
{
  int n = getgroups (0, NULL);
  gid_t *g;
  unsigned long overflow = 65534;
  size_t len;
  FILE *f = fopen ("/proc/sys/kernel/overflowgid", "re");

  if (f != NULL)
    {
      if (fscanf (f, "%lu", &overflow) != 1)
        overflow = 65534;
      fclose (f);
    }
  assert_true (n >= 0);
  g = calloc ((size_t) n + 1, sizeof (*g));
  assert_non_null (g);
  n = getgroups (n, g);
  assert_true (n >= 0);
  qsort (g, (size_t) n, sizeof (*g), cmp_gid);
  len = (size_t) snprintf (buf, size, "Groups:");
  for (int i = 0; i < n && len < size; i++)
    len += (size_t) snprintf (buf + len, size - len, " %lu",
                              g[i] == getegid () ? 0UL : overflow);
  if (len < size)
    snprintf (buf + len, size - len, "\n");
  free (g);
}

static void
t_caps_setgroups_denied (void **state)
{
  char out[2048], groups[1024], expected[2048];

  groups_in_userns (groups, sizeof (groups));
  snprintf (expected, sizeof (expected),
            "setgroups to process.user.additionalGids (1 gids) (is "
            "/proc/<pid>/setgroups \"deny\"?): Operation not permitted\n"
            "Uid: 0 0 0 0\nGid: 0 0 0 0\n%s"
            "CapInh: 0000000000000001\nCapPrm: 0000000000000001\n"
            "CapEff: 0000000000000001\nCapBnd: 0000000000000001\n"
            "CapAmb: 0000000000000001\n",
            groups);
  assert_child_ok (run_child (child_setgroups_denied, NULL, out, sizeof (out)), out);
  assert_string_equal (out, expected);
}

/* ---- netlink -------------------------------------------------------------- */

static int
lo_flags (short *flags)
{
  struct ifreq ifr = { 0 };
  cleanup_close int fd = socket (AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0)
    return -1;
  strcpy (ifr.ifr_name, "lo");
  if (ioctl (fd, SIOCGIFFLAGS, &ifr) < 0)
    return -1;
  *flags = ifr.ifr_flags;
  return 0;
}

/* Send a datagram to ourselves over 127.0.0.1.  */
static int
udp_loopback_works (void)
{
  struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl (INADDR_LOOPBACK) };
  socklen_t alen = sizeof (a);
  cleanup_close int fd = socket (AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  char c = 0;

  if (fd < 0 || bind (fd, (struct sockaddr *) &a, sizeof (a)) < 0
      || getsockname (fd, (struct sockaddr *) &a, &alen) < 0
      || sendto (fd, "x", 1, 0, (struct sockaddr *) &a, sizeof (a)) != 1
      || recv (fd, &c, 1, MSG_DONTWAIT) != 1)
    return 0;
  return c == 'x';
}

static int
child_loopback (void *arg, int out)
{
  cinch_error_t err = NULL;
  short flags = 0;

  /* Unprivileged: a user namespace of our own grants CAP_NET_ADMIN over
   * the network namespaces it owns.  */
  if (unshare (CLONE_NEWNET) < 0 && (enter_userns (out) < 0 || unshare (CLONE_NEWNET) < 0))
    return dprintf (out, "unshare net: %s", strerror (errno)), EXIT_SKIP;
  if (lo_flags (&flags) < 0)
    return dprintf (out, "SIOCGIFFLAGS: %s", strerror (errno)), 1;
  if ((flags & IFF_UP) || udp_loopback_works ())
    return dprintf (out, "lo is already up in a new namespace"), 2;
  if (cinch_netlink_loopback_up (&err) < 0)
    return dprintf (out, "%s", cinch_error_msg (err)), 3;
  if (lo_flags (&flags) < 0 || !(flags & IFF_UP))
    return dprintf (out, "lo flags %#x", flags), 4;
  if (!udp_loopback_works ())
    return dprintf (out, "no traffic over lo"), 5;
  /* Idempotent.  */
  if (cinch_netlink_loopback_up (&err) < 0)
    return dprintf (out, "again: %s", cinch_error_msg (err)), 6;
  return 0;
}

static void
t_netlink_loopback_up (void **state)
{
  char out[1024];
  assert_child_ok (run_child (child_loopback, NULL, out, sizeof (out)), out);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (t_compile_basic),
    cmocka_unit_test (t_unknown_syscall_warns),
    cmocka_unit_test (t_unknown_architecture),
    cmocka_unit_test (t_architectures),
    cmocka_unit_test (t_action_values),
    cmocka_unit_test (t_errno_ret_errors),
    cmocka_unit_test (t_bad_args),
    cmocka_unit_test (t_notify_rules),
    cmocka_unit_test (t_flags),
    cmocka_unit_test (t_load_unsupported_flag),
    cmocka_unit_test (t_load_errno_rule),
    cmocka_unit_test (t_load_default_errno),
    cmocka_unit_test (t_rule_equal_to_default_skipped),
    cmocka_unit_test (t_load_allow_rule_under_allow_default),
    cmocka_unit_test (t_load_args_and),
    cmocka_unit_test (t_load_args_same_index_or),
    cmocka_unit_test (t_load_masked_eq),
    cmocka_unit_test (t_default_prog_view),
    cmocka_unit_test (t_default_matches_profile),
    cmocka_unit_test (t_profile_compile_strict),
    cmocka_unit_test (t_default_documented),
    cmocka_unit_test (t_default_syscalls),
    cmocka_unit_test (t_default_threads_fork),
    cmocka_unit_test (t_default_foreign_abi_killed),
    cmocka_unit_test (t_default_busybox_sh),
    cmocka_unit_test (t_caps_kernel_last_cap),
    cmocka_unit_test (t_caps_check),
    cmocka_unit_test (t_caps_root_chown_only),
    cmocka_unit_test (t_caps_non_root),
    cmocka_unit_test (t_caps_root_leftovers_cleared),
    cmocka_unit_test (t_caps_none),
    cmocka_unit_test (t_caps_setgroups_denied),
    cmocka_unit_test (t_netlink_loopback_up),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
