/* Unit tests for runtime/tables.c: capability, rlimit, signal and
 * namespace name tables.  */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>

#include "plan.h"

static void
test_cap_last (void **state)
{
  (void) state;
  assert_int_equal (cinch_cap_last (), 40);
  assert_string_equal (cinch_cap_name (40), "CAP_CHECKPOINT_RESTORE");
  assert_null (cinch_cap_name (41));
  assert_null (cinch_cap_name (-1));
}

static void
test_cap_known_numbers (void **state)
{
  static const struct
  {
    const char *name;
    int value;
  } caps[] = {
    { "CAP_CHOWN", 0 },
    { "CAP_DAC_OVERRIDE", 1 },
    { "CAP_DAC_READ_SEARCH", 2 },
    { "CAP_FOWNER", 3 },
    { "CAP_FSETID", 4 },
    { "CAP_KILL", 5 },
    { "CAP_SETGID", 6 },
    { "CAP_SETUID", 7 },
    { "CAP_SETPCAP", 8 },
    { "CAP_LINUX_IMMUTABLE", 9 },
    { "CAP_NET_BIND_SERVICE", 10 },
    { "CAP_NET_BROADCAST", 11 },
    { "CAP_NET_ADMIN", 12 },
    { "CAP_NET_RAW", 13 },
    { "CAP_IPC_LOCK", 14 },
    { "CAP_IPC_OWNER", 15 },
    { "CAP_SYS_MODULE", 16 },
    { "CAP_SYS_RAWIO", 17 },
    { "CAP_SYS_CHROOT", 18 },
    { "CAP_SYS_PTRACE", 19 },
    { "CAP_SYS_PACCT", 20 },
    { "CAP_SYS_ADMIN", 21 },
    { "CAP_SYS_BOOT", 22 },
    { "CAP_SYS_NICE", 23 },
    { "CAP_SYS_RESOURCE", 24 },
    { "CAP_SYS_TIME", 25 },
    { "CAP_SYS_TTY_CONFIG", 26 },
    { "CAP_MKNOD", 27 },
    { "CAP_LEASE", 28 },
    { "CAP_AUDIT_WRITE", 29 },
    { "CAP_AUDIT_CONTROL", 30 },
    { "CAP_SETFCAP", 31 },
    { "CAP_MAC_OVERRIDE", 32 },
    { "CAP_MAC_ADMIN", 33 },
    { "CAP_SYSLOG", 34 },
    { "CAP_WAKE_ALARM", 35 },
    { "CAP_BLOCK_SUSPEND", 36 },
    { "CAP_AUDIT_READ", 37 },
    { "CAP_PERFMON", 38 },
    { "CAP_BPF", 39 },
    { "CAP_CHECKPOINT_RESTORE", 40 },
  };
  (void) state;
  for (size_t i = 0; i < sizeof (caps) / sizeof (caps[0]); i++)
    {
      assert_int_equal (cinch_cap_from_name (caps[i].name), caps[i].value);
      assert_string_equal (cinch_cap_name (caps[i].value), caps[i].name);
    }
}

static void
test_cap_round_trip (void **state)
{
  (void) state;
  for (int i = 0; i <= cinch_cap_last (); i++)
    {
      const char *n = cinch_cap_name (i);
      assert_non_null (n);
      assert_int_equal (strncmp (n, "CAP_", 4), 0);
      assert_int_equal (cinch_cap_from_name (n), i);
    }
}

static void
test_cap_spellings (void **state)
{
  (void) state;
  assert_int_equal (cinch_cap_from_name ("cap_sys_admin"), 21);
  assert_int_equal (cinch_cap_from_name ("SYS_ADMIN"), 21);
  assert_int_equal (cinch_cap_from_name ("net_raw"), 13);
  assert_int_equal (cinch_cap_from_name ("CAP_FOO"), -1);
  assert_int_equal (cinch_cap_from_name ("CAP_"), -1);
  assert_int_equal (cinch_cap_from_name (""), -1);
  assert_int_equal (cinch_cap_from_name ("CAP_SYS_ADMIN "), -1);
  assert_int_equal (cinch_cap_from_name ("21"), -1);
  assert_int_equal (cinch_cap_from_name (NULL), -1);
}

static void
test_rlimits (void **state)
{
  static const struct
  {
    const char *name;
    int value;
  } rl[] = {
    { "RLIMIT_AS", RLIMIT_AS },
    { "RLIMIT_CORE", RLIMIT_CORE },
    { "RLIMIT_CPU", RLIMIT_CPU },
    { "RLIMIT_DATA", RLIMIT_DATA },
    { "RLIMIT_FSIZE", RLIMIT_FSIZE },
    { "RLIMIT_LOCKS", RLIMIT_LOCKS },
    { "RLIMIT_MEMLOCK", RLIMIT_MEMLOCK },
    { "RLIMIT_MSGQUEUE", RLIMIT_MSGQUEUE },
    { "RLIMIT_NICE", RLIMIT_NICE },
    { "RLIMIT_NOFILE", RLIMIT_NOFILE },
    { "RLIMIT_NPROC", RLIMIT_NPROC },
    { "RLIMIT_RSS", RLIMIT_RSS },
    { "RLIMIT_RTPRIO", RLIMIT_RTPRIO },
    { "RLIMIT_RTTIME", RLIMIT_RTTIME },
    { "RLIMIT_SIGPENDING", RLIMIT_SIGPENDING },
    { "RLIMIT_STACK", RLIMIT_STACK },
  };
  (void) state;
  for (size_t i = 0; i < sizeof (rl) / sizeof (rl[0]); i++)
    {
      assert_int_equal (cinch_rlimit_from_name (rl[i].name), rl[i].value);
      assert_string_equal (cinch_rlimit_name (rl[i].value), rl[i].name);
    }
  /* every resource the kernel has is named */
  for (int r = 0; r < RLIMIT_NLIMITS; r++)
    assert_non_null (cinch_rlimit_name (r));
}

static void
test_rlimit_unknown (void **state)
{
  (void) state;
  assert_int_equal (cinch_rlimit_from_name ("rlimit_nofile"), RLIMIT_NOFILE);
  assert_int_equal (cinch_rlimit_from_name ("NOFILE"), RLIMIT_NOFILE);
  assert_int_equal (cinch_rlimit_from_name ("RLIMIT_FOO"), -1);
  assert_int_equal (cinch_rlimit_from_name ("RLIMIT_"), -1);
  assert_int_equal (cinch_rlimit_from_name (""), -1);
  assert_int_equal (cinch_rlimit_from_name (NULL), -1);
  assert_null (cinch_rlimit_name (-1));
  assert_null (cinch_rlimit_name (RLIMIT_NLIMITS));
}

static void
test_signal_names (void **state)
{
  (void) state;
  assert_int_equal (cinch_signal_from_name ("KILL"), SIGKILL);
  assert_int_equal (cinch_signal_from_name ("SIGKILL"), SIGKILL);
  assert_int_equal (cinch_signal_from_name ("kill"), SIGKILL);
  assert_int_equal (cinch_signal_from_name ("sigterm"), SIGTERM);
  assert_int_equal (cinch_signal_from_name ("TERM"), SIGTERM);
  assert_int_equal (cinch_signal_from_name ("HUP"), SIGHUP);
  assert_int_equal (cinch_signal_from_name ("INT"), SIGINT);
  assert_int_equal (cinch_signal_from_name ("QUIT"), SIGQUIT);
  assert_int_equal (cinch_signal_from_name ("USR1"), SIGUSR1);
  assert_int_equal (cinch_signal_from_name ("SIGUSR2"), SIGUSR2);
  assert_int_equal (cinch_signal_from_name ("STOP"), SIGSTOP);
  assert_int_equal (cinch_signal_from_name ("CONT"), SIGCONT);
  assert_int_equal (cinch_signal_from_name ("WINCH"), SIGWINCH);
  assert_int_equal (cinch_signal_from_name ("CHLD"), SIGCHLD);
  assert_int_equal (cinch_signal_from_name ("SIGPWR"), SIGPWR);
  assert_int_equal (cinch_signal_from_name ("SYS"), SIGSYS);
  /* aliases */
  assert_int_equal (cinch_signal_from_name ("IOT"), SIGABRT);
  assert_int_equal (cinch_signal_from_name ("CLD"), SIGCHLD);
  assert_int_equal (cinch_signal_from_name ("POLL"), SIGIO);
}

static void
test_signal_numbers (void **state)
{
  (void) state;
  assert_int_equal (cinch_signal_from_name ("9"), 9);
  assert_int_equal (cinch_signal_from_name ("1"), 1);
  assert_int_equal (cinch_signal_from_name ("15"), 15);
  assert_int_equal (cinch_signal_from_name ("64"), 64);
  assert_int_equal (cinch_signal_from_name ("0"), -1);
  assert_int_equal (cinch_signal_from_name ("65"), -1);
  assert_int_equal (cinch_signal_from_name ("-9"), -1);
  assert_int_equal (cinch_signal_from_name ("+9"), -1);
  assert_int_equal (cinch_signal_from_name ("9x"), -1);
  assert_int_equal (cinch_signal_from_name ("99999999999999999999"), -1);
}

static void
test_signal_realtime (void **state)
{
  (void) state;
  assert_int_equal (cinch_signal_from_name ("SIGRTMIN"), SIGRTMIN);
  assert_int_equal (cinch_signal_from_name ("RTMIN"), SIGRTMIN);
  assert_int_equal (cinch_signal_from_name ("SIGRTMIN+3"), SIGRTMIN + 3);
  assert_int_equal (cinch_signal_from_name ("rtmin+1"), SIGRTMIN + 1);
  assert_int_equal (cinch_signal_from_name ("SIGRTMAX"), SIGRTMAX);
  assert_int_equal (cinch_signal_from_name ("SIGRTMAX-2"), SIGRTMAX - 2);
  assert_int_equal (cinch_signal_from_name ("RTMAX-0"), SIGRTMAX);
  assert_int_equal (cinch_signal_from_name ("SIGRTMIN+"
                                            "30"),
                    SIGRTMIN + 30);
  assert_int_equal (cinch_signal_from_name ("SIGRTMIN+31"), -1);
  assert_int_equal (cinch_signal_from_name ("SIGRTMAX-31"), -1);
  assert_int_equal (cinch_signal_from_name ("SIGRTMIN-1"), -1);
  assert_int_equal (cinch_signal_from_name ("SIGRTMAX+1"), -1);
  assert_int_equal (cinch_signal_from_name ("SIGRTMIN+"), -1);
  assert_int_equal (cinch_signal_from_name ("SIGRTMIN3"), -1);
}

static void
test_signal_unknown (void **state)
{
  (void) state;
  assert_int_equal (cinch_signal_from_name ("FOO"), -1);
  assert_int_equal (cinch_signal_from_name ("SIG"), -1);
  assert_int_equal (cinch_signal_from_name ("SIGSIGKILL"), -1);
  assert_int_equal (cinch_signal_from_name (""), -1);
  assert_int_equal (cinch_signal_from_name (" KILL"), -1);
  assert_int_equal (cinch_signal_from_name ("SIG9"), -1);
  assert_int_equal (cinch_signal_from_name (NULL), -1);
}

static void
test_namespaces (void **state)
{
  static const struct
  {
    const char *name, *proc;
    int type, flag;
  } ns[] = {
    { "pid", "pid", CINCH_NS_PID, CLONE_NEWPID },
    { "network", "net", CINCH_NS_NET, CLONE_NEWNET },
    { "mount", "mnt", CINCH_NS_MNT, CLONE_NEWNS },
    { "ipc", "ipc", CINCH_NS_IPC, CLONE_NEWIPC },
    { "uts", "uts", CINCH_NS_UTS, CLONE_NEWUTS },
    { "user", "user", CINCH_NS_USER, CLONE_NEWUSER },
    { "cgroup", "cgroup", CINCH_NS_CGROUP, CLONE_NEWCGROUP },
    { "time", "time", CINCH_NS_TIME, 0x80 },
  };
  (void) state;
  assert_int_equal (sizeof (ns) / sizeof (ns[0]), CINCH_NS_COUNT);
  for (size_t i = 0; i < CINCH_NS_COUNT; i++)
    {
      assert_int_equal (cinch_ns_from_name (ns[i].name), ns[i].type);
      assert_string_equal (cinch_ns_name (ns[i].type), ns[i].name);
      assert_string_equal (cinch_ns_proc_name (ns[i].type), ns[i].proc);
      assert_int_equal (cinch_ns_clone_flag (ns[i].type), ns[i].flag);
    }
}

static void
test_namespaces_unknown (void **state)
{
  (void) state;
  assert_int_equal (cinch_ns_from_name ("net"), -1);
  assert_int_equal (cinch_ns_from_name ("mnt"), -1);
  assert_int_equal (cinch_ns_from_name ("PID"), -1);
  assert_int_equal (cinch_ns_from_name ("foo"), -1);
  assert_int_equal (cinch_ns_from_name (""), -1);
  assert_int_equal (cinch_ns_from_name (NULL), -1);
  assert_null (cinch_ns_name (CINCH_NS_COUNT));
  assert_null (cinch_ns_name ((enum cinch_ns_type) - 1));
  assert_null (cinch_ns_proc_name (CINCH_NS_COUNT));
  assert_int_equal (cinch_ns_clone_flag (CINCH_NS_COUNT), 0);
}

static void
test_ns_flags_distinct (void **state)
{
  int all = 0;
  (void) state;
  for (int i = 0; i < CINCH_NS_COUNT; i++)
    {
      int f = cinch_ns_clone_flag ((enum cinch_ns_type) i);
      assert_int_not_equal (f, 0);
      assert_int_equal (all & f, 0);
      all |= f;
    }
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_cap_last),          cmocka_unit_test (test_cap_known_numbers),
    cmocka_unit_test (test_cap_round_trip),    cmocka_unit_test (test_cap_spellings),
    cmocka_unit_test (test_rlimits),           cmocka_unit_test (test_rlimit_unknown),
    cmocka_unit_test (test_signal_names),      cmocka_unit_test (test_signal_numbers),
    cmocka_unit_test (test_signal_realtime),   cmocka_unit_test (test_signal_unknown),
    cmocka_unit_test (test_namespaces),        cmocka_unit_test (test_namespaces_unknown),
    cmocka_unit_test (test_ns_flags_distinct),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
