/* cinch — name tables shared by the parser, the CLI and the tests (pure).
 *
 * Capability numbers are those of <linux/capability.h> up to
 * CAP_CHECKPOINT_RESTORE (Linux 5.9).  Signal and rlimit numbers come from
 * the libc headers so that they match the architecture cinch is built
 * for.  */
#include "plan.h"

#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>

#include "util.h"

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif

/* Indexed by capability number.  */
static const char *const cap_names[] = {
  "CAP_CHOWN",
  "CAP_DAC_OVERRIDE",
  "CAP_DAC_READ_SEARCH",
  "CAP_FOWNER",
  "CAP_FSETID",
  "CAP_KILL",
  "CAP_SETGID",
  "CAP_SETUID",
  "CAP_SETPCAP",
  "CAP_LINUX_IMMUTABLE",
  "CAP_NET_BIND_SERVICE",
  "CAP_NET_BROADCAST",
  "CAP_NET_ADMIN",
  "CAP_NET_RAW",
  "CAP_IPC_LOCK",
  "CAP_IPC_OWNER",
  "CAP_SYS_MODULE",
  "CAP_SYS_RAWIO",
  "CAP_SYS_CHROOT",
  "CAP_SYS_PTRACE",
  "CAP_SYS_PACCT",
  "CAP_SYS_ADMIN",
  "CAP_SYS_BOOT",
  "CAP_SYS_NICE",
  "CAP_SYS_RESOURCE",
  "CAP_SYS_TIME",
  "CAP_SYS_TTY_CONFIG",
  "CAP_MKNOD",
  "CAP_LEASE",
  "CAP_AUDIT_WRITE",
  "CAP_AUDIT_CONTROL",
  "CAP_SETFCAP",
  "CAP_MAC_OVERRIDE",
  "CAP_MAC_ADMIN",
  "CAP_SYSLOG",
  "CAP_WAKE_ALARM",
  "CAP_BLOCK_SUSPEND",
  "CAP_AUDIT_READ",
  "CAP_PERFMON",
  "CAP_BPF",
  "CAP_CHECKPOINT_RESTORE",
};

int
cinch_cap_last (void)
{
  return (int) CINCH_ARRAY_SIZE (cap_names) - 1;
}

/* Accepts "CAP_SYS_ADMIN" in any case; the "CAP_" prefix may be left out
 * ("sys_admin"), as docker and podman users write it.  */
int
cinch_cap_from_name (const char *name)
{
  if (name == NULL)
    return -1;
  if (strncasecmp (name, "CAP_", 4) == 0)
    name += 4;
  if (*name == '\0')
    return -1;
  for (size_t i = 0; i < CINCH_ARRAY_SIZE (cap_names); i++)
    if (strcasecmp (name, cap_names[i] + 4) == 0)
      return (int) i;
  return -1;
}

const char *
cinch_cap_name (int cap)
{
  if (cap < 0 || cap > cinch_cap_last ())
    return NULL;
  return cap_names[cap];
}

struct name_value
{
  const char *name;
  int value;
};

static const struct name_value rlimits[] = {
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

/* "RLIMIT_NOFILE" in any case; the "RLIMIT_" prefix may be left out.  */
int
cinch_rlimit_from_name (const char *name)
{
  if (name == NULL)
    return -1;
  if (strncasecmp (name, "RLIMIT_", 7) == 0)
    name += 7;
  if (*name == '\0')
    return -1;
  for (size_t i = 0; i < CINCH_ARRAY_SIZE (rlimits); i++)
    if (strcasecmp (name, rlimits[i].name + 7) == 0)
      return rlimits[i].value;
  return -1;
}

const char *
cinch_rlimit_name (int resource)
{
  for (size_t i = 0; i < CINCH_ARRAY_SIZE (rlimits); i++)
    if (rlimits[i].value == resource)
      return rlimits[i].name;
  return NULL;
}

/* Names without the SIG prefix; aliases after the canonical names.  */
static const struct name_value signals[] = {
  { "HUP", SIGHUP },
  { "INT", SIGINT },
  { "QUIT", SIGQUIT },
  { "ILL", SIGILL },
  { "TRAP", SIGTRAP },
  { "ABRT", SIGABRT },
  { "BUS", SIGBUS },
  { "FPE", SIGFPE },
  { "KILL", SIGKILL },
  { "USR1", SIGUSR1 },
  { "SEGV", SIGSEGV },
  { "USR2", SIGUSR2 },
  { "PIPE", SIGPIPE },
  { "ALRM", SIGALRM },
  { "TERM", SIGTERM },
#ifdef SIGSTKFLT
  { "STKFLT", SIGSTKFLT },
#endif
  { "CHLD", SIGCHLD },
  { "CONT", SIGCONT },
  { "STOP", SIGSTOP },
  { "TSTP", SIGTSTP },
  { "TTIN", SIGTTIN },
  { "TTOU", SIGTTOU },
  { "URG", SIGURG },
  { "XCPU", SIGXCPU },
  { "XFSZ", SIGXFSZ },
  { "VTALRM", SIGVTALRM },
  { "PROF", SIGPROF },
  { "WINCH", SIGWINCH },
  { "IO", SIGIO },
  { "PWR", SIGPWR },
  { "SYS", SIGSYS },
  /* aliases */
  { "IOT", SIGABRT },
  { "CLD", SIGCHLD },
  { "POLL", SIGIO },
};

/* Parse "N" (decimal, no sign) in [0, max]; -1 otherwise.  */
static int
parse_small (const char *s, int max)
{
  uint64_t v;
  if (cinch_parse_u64 (s, (uint64_t) max, &v) < 0)
    return -1;
  return (int) v;
}

/* "RTMIN", "RTMIN+N", "RTMAX", "RTMAX-N" (prefix already stripped of SIG).
 * SIGRTMIN is the libc value (34 with glibc, which keeps 32 and 33 for
 * itself), the same numbering kill(1) and crun use.  */
static int
signal_rt (const char *s)
{
  int span = SIGRTMAX - SIGRTMIN;
  int off;

  if (strncasecmp (s, "RTMIN", 5) == 0)
    {
      s += 5;
      if (*s == '\0')
        return SIGRTMIN;
      if (*s != '+' || (off = parse_small (s + 1, span)) < 0)
        return -1;
      return SIGRTMIN + off;
    }
  if (strncasecmp (s, "RTMAX", 5) == 0)
    {
      s += 5;
      if (*s == '\0')
        return SIGRTMAX;
      if (*s != '-' || (off = parse_small (s + 1, span)) < 0)
        return -1;
      return SIGRTMAX - off;
    }
  return -1;
}

/* "KILL", "SIGKILL", "kill", "9", "SIGRTMIN+3" -> signal number; -1 when
 * unknown.  Signal 0 is not a signal and is refused.  */
int
cinch_signal_from_name (const char *name)
{
  if (name == NULL || *name == '\0')
    return -1;
  if (name[0] >= '0' && name[0] <= '9')
    {
      int n = parse_small (name, SIGRTMAX);
      return n >= 1 ? n : -1;
    }
  if (strncasecmp (name, "SIG", 3) == 0)
    name += 3;
  for (size_t i = 0; i < CINCH_ARRAY_SIZE (signals); i++)
    if (strcasecmp (name, signals[i].name) == 0)
      return signals[i].value;
  return signal_rt (name);
}

struct ns_info
{
  const char *spec_name; /* linux.namespaces[].type */
  const char *proc_name; /* /proc/self/ns/<x> */
  int clone_flag;
};

static const struct ns_info namespaces[CINCH_NS_COUNT] = {
  [CINCH_NS_PID] = { "pid", "pid", CLONE_NEWPID },
  [CINCH_NS_NET] = { "network", "net", CLONE_NEWNET },
  [CINCH_NS_MNT] = { "mount", "mnt", CLONE_NEWNS },
  [CINCH_NS_IPC] = { "ipc", "ipc", CLONE_NEWIPC },
  [CINCH_NS_UTS] = { "uts", "uts", CLONE_NEWUTS },
  [CINCH_NS_USER] = { "user", "user", CLONE_NEWUSER },
  [CINCH_NS_CGROUP] = { "cgroup", "cgroup", CLONE_NEWCGROUP },
  [CINCH_NS_TIME] = { "time", "time", CLONE_NEWTIME },
};

/* Names are the OCI spelling, exactly (config-linux.md "Namespaces").  */
int
cinch_ns_from_name (const char *name)
{
  if (name == NULL)
    return -1;
  for (int i = 0; i < CINCH_NS_COUNT; i++)
    if (strcmp (name, namespaces[i].spec_name) == 0)
      return i;
  return -1;
}

const char *
cinch_ns_name (enum cinch_ns_type t)
{
  if ((int) t < 0 || t >= CINCH_NS_COUNT)
    return NULL;
  return namespaces[t].spec_name;
}

int
cinch_ns_clone_flag (enum cinch_ns_type t)
{
  if ((int) t < 0 || t >= CINCH_NS_COUNT)
    return 0;
  return namespaces[t].clone_flag;
}

const char *
cinch_ns_proc_name (enum cinch_ns_type t)
{
  if ((int) t < 0 || t >= CINCH_NS_COUNT)
    return NULL;
  return namespaces[t].proc_name;
}
