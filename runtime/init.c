/* cinch — the container process from clone to execve.  */
#include "init.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/sched.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "caps.h"
#include "exec_stub.h"
#include "hooks.h"
#include "log.h"
#include "netlink.h"
#include "rootfs.h"
#include "sync.h"
#include "util.h"
#include "validate.h"

#define DEFAULT_PATH "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

/* Report err to the parent and exit: the one way the child dies.  */
__attribute__ ((noreturn)) static void
die (struct cinch_init_args *a, cinch_error_t *err)
{
  if (cinch_sync_send_error (a->sync_fd, *err) < 0)
    {
      /* No parent to tell: stderr is all that is left.  */
      const char *m = cinch_error_msg (*err);
      (void) !write (2, m, strlen (m));
      (void) !write (2, "\n", 1);
    }
  _exit (1);
}

void
cinch_init_reset_signals (void)
{
  sigset_t all;
  struct sigaction sa = { .sa_handler = SIG_DFL };

  for (int sig = 1; sig < NSIG; sig++)
    if (sig != SIGKILL && sig != SIGSTOP)
      sigaction (sig, &sa, NULL);
  sigemptyset (&all);
  sigprocmask (SIG_SETMASK, &all, NULL);
}

static int
join_namespaces (struct cinch_init_args *a, cinch_error_t *err)
{
  /* The user namespace first: joining it gives the capabilities needed to
   * join the others it owns.  The mount namespace last: it changes our root
   * and cwd.  pid and time were joined by the parent before clone (they only
   * apply to children).  */
  static const enum cinch_ns_type order[] = { CINCH_NS_USER, CINCH_NS_IPC,    CINCH_NS_UTS,
                                              CINCH_NS_NET,  CINCH_NS_CGROUP, CINCH_NS_MNT };
  for (size_t i = 0; i < CINCH_ARRAY_SIZE (order); i++)
    {
      enum cinch_ns_type t = order[i];
      if (a->ns_fds[t] < 0)
        continue;
      if (setns (a->ns_fds[t], cinch_ns_clone_flag (t)) < 0)
        return cinch_fail (err, errno, "join %s namespace `%s`", cinch_ns_name (t),
                           a->plan->linux_.ns[t].path);
      cinch_close (&a->ns_fds[t]);
      /* Our host ids mean nothing in the joined user namespace: become its
       * root, so that files we create (mount targets, devices) have owners
       * it can represent.  */
      if (t == CINCH_NS_USER && (setresgid (0, 0, 0) < 0 || setresuid (0, 0, 0) < 0))
        return cinch_fail (err, errno, "become root in the user namespace `%s` (is uid 0 mapped?)",
                           a->plan->linux_.ns[t].path);
    }
  return 0;
}

/* Ask the parent to write our id maps; receive idmapped mount fds.  */
static int
request_userns_maps (struct cinch_init_args *a, int **mount_fds, cinch_error_t *err)
{
  struct cinch_sync_msg *msg = cinch_xcalloc (1, sizeof (*msg));
  cleanup_free struct cinch_sync_msg *m = msg;

  if (cinch_sync_send (a->sync_fd, CINCH_SYNC_USERNS_REQ, 0, NULL, 0, NULL, 0, 0) < 0
      || cinch_sync_expect (a->sync_fd, CINCH_SYNC_USERNS_DONE, m) < 0)
    return cinch_fail (err, errno, "wait for the user namespace maps");
  if (m->n_fds > 0)
    {
      /* The payload lists, for each received fd, its mount index.  */
      /* Index n_mounts is the rootfs (see struct cinch_rootfs_opts).  */
      size_t n = a->plan->n_mounts;
      int *fds = cinch_xmalloc (sizeof (int) * (n + 1));
      const uint32_t *idx = (const uint32_t *) m->payload;
      for (size_t i = 0; i <= n; i++)
        fds[i] = -1;
      for (size_t i = 0; i < m->n_fds && i * sizeof (uint32_t) < m->len; i++)
        if (idx[i] <= n)
          fds[idx[i]] = m->fds[i];
      *mount_fds = fds;
    }
  return 0;
}

/* Two-step creation: the namespaces we join must be joined before our user
 * namespace exists (joining a host-owned network namespace needs host
 * privilege), so unshare happens here and, for a new pid namespace, the
 * init is a fork of this process.  */
static int
two_step_unshare (struct cinch_init_args *a, int **mount_fds, cinch_error_t *err)
{
  int rest = a->unshare_flags & ~CLONE_NEWUSER;

  if (a->unshare_flags & CLONE_NEWUSER)
    {
      /* The mount namespace comes with the user namespace, so that it
       * exists when the parent answers (it mounts the idmapped rootfs in
       * it).  */
      if (unshare (CLONE_NEWUSER | (rest & CLONE_NEWNS)) < 0)
        return cinch_fail (err, errno, "unshare the user namespace");
      rest &= ~CLONE_NEWNS;
      if (request_userns_maps (a, mount_fds, err) < 0)
        return -1;
      if (setresgid (0, 0, 0) < 0 || setresuid (0, 0, 0) < 0)
        return cinch_fail (err, errno, "become root in the user namespace (is uid 0 mapped?)");
    }
  if (rest && unshare (rest) < 0)
    return cinch_fail (err, errno, "unshare namespaces 0x%x", (unsigned) rest);
  if (rest & CLONE_NEWPID)
    {
      pid_t pid = fork ();
      if (pid < 0)
        return cinch_fail (err, errno, "fork the container init");
      if (pid > 0)
        {
          /* This intermediate process is done: the init reports itself. */
          _exit (0);
        }
      if (cinch_sync_send (a->sync_fd, CINCH_SYNC_PID, 0, NULL, 0, NULL, 0, 1) < 0)
        return cinch_fail (err, errno, "report the init pid");
    }
  return 0;
}

static int
set_hostnames (const struct cinch_plan *plan, bool new_uts, cinch_error_t *err)
{
  if (!new_uts)
    return 0;
  if (plan->has_hostname && sethostname (plan->hostname, strlen (plan->hostname)) < 0)
    return cinch_fail (err, errno, "hostname: set `%s`", plan->hostname);
  if (plan->has_domainname && setdomainname (plan->domainname, strlen (plan->domainname)) < 0)
    return cinch_fail (err, errno, "domainname: set `%s`", plan->domainname);
  return 0;
}

/* A net.* sysctl of a network namespace the container joins, while it
 * gets a new user namespace: the joined namespace belongs to the host's
 * user namespace, so it must be written before ours exists.  */
static bool
sysctl_early (const struct cinch_plan *plan, const char *key)
{
  return strncmp (key, "net.", 4) == 0 && plan->linux_.ns[CINCH_NS_NET].path != NULL
         && cinch_plan_ns_new (plan, CINCH_NS_USER);
}

/* net.ipv4.ping_group_range is a range of gids of the writer's user
 * namespace, and every gid in it must be mapped there.  Engines send the
 * container's gids, often up to 2147483647 ("everyone may ping"): written
 * from inside the container's user namespace the top is clamped to its
 * highest mapped gid; written from the host's (early), the container's
 * gids are translated to host gids.  */
static char *
ping_range (const struct cinch_plan *plan, const char *value, bool early)
{
  unsigned long g[2], top = 0;
  const struct cinch_linux *l = &plan->linux_;

  if (!plan->linux_.ns[CINCH_NS_USER].present || l->n_gid_mappings == 0
      || sscanf (value, "%lu %lu", &g[0], &g[1]) != 2)
    return cinch_xstrdup (value);
  for (size_t i = 0; i < l->n_gid_mappings; i++)
    if ((unsigned long) l->gid_mappings[i].container_id + l->gid_mappings[i].size - 1 > top)
      top = (unsigned long) l->gid_mappings[i].container_id + l->gid_mappings[i].size - 1;
  if (g[1] > top)
    g[1] = top;
  for (int k = 0; early && k < 2; k++)
    for (size_t i = 0; i < l->n_gid_mappings; i++)
      {
        const struct cinch_id_mapping *m = &l->gid_mappings[i];
        if (g[k] >= m->container_id && g[k] - m->container_id < m->size)
          {
            g[k] = m->host_id + (g[k] - m->container_id);
            break;
          }
      }
  return cinch_xasprintf ("%lu %lu", g[0], g[1]);
}

static int
apply_sysctls (const struct cinch_plan *plan, bool early, cinch_error_t *err)
{
  for (size_t i = 0; i < plan->linux_.n_sysctl; i++)
    {
      const struct cinch_kv *kv = &plan->linux_.sysctl[i];
      cleanup_free char *path = cinch_xasprintf ("/proc/sys/%s", kv->key);
      cleanup_free char *value = NULL;
      cleanup_close int fd = -1;

      if (sysctl_early (plan, kv->key) != early)
        continue;
      value = strcmp (kv->key, "net.ipv4.ping_group_range") == 0
                  ? ping_range (plan, kv->value, early)
                  : cinch_xstrdup (kv->value);

      for (char *p = path + strlen ("/proc/sys/"); *p; p++)
        if (*p == '.')
          *p = '/';
      if (strstr (kv->key, "..") || strchr (kv->key, '/'))
        return cinch_fail (err, 0, "linux.sysctl[\"%s\"]: invalid key", kv->key);
      fd = open (path, O_WRONLY | O_CLOEXEC | O_NOFOLLOW);
      if (fd < 0)
        return cinch_fail (err, errno, "linux.sysctl[\"%s\"]: open %s", kv->key, path);
      if (cinch_write_all (fd, value, strlen (value)) < 0)
        return cinch_fail (err, errno, "linux.sysctl[\"%s\"]: write `%s`", kv->key, value);
    }
  return 0;
}

static int
send_pty_master (int sock, int master, const char *name, cinch_error_t *err)
{
  struct iovec iov = { (void *) name, strlen (name) };
  union
  {
    char buf[CMSG_SPACE (sizeof (int))];
    struct cmsghdr align;
  } control;
  struct msghdr mh = { .msg_iov = &iov,
                       .msg_iovlen = 1,
                       .msg_control = control.buf,
                       .msg_controllen = sizeof (control.buf) };
  struct cmsghdr *c = CMSG_FIRSTHDR (&mh);

  memset (&control, 0, sizeof (control));
  c->cmsg_level = SOL_SOCKET;
  c->cmsg_type = SCM_RIGHTS;
  c->cmsg_len = CMSG_LEN (sizeof (int));
  memcpy (CMSG_DATA (c), &master, sizeof (int));
  while (sendmsg (sock, &mh, MSG_NOSIGNAL) < 0)
    if (errno != EINTR)
      return cinch_fail (err, errno, "--console-socket: send the pty master");
  return 0;
}

/* Terminal: a pty from the container's own devpts, its master sent out
 * (console socket, or the parent for a foreground run), its slave our
 * controlling terminal and /dev/console.  */
int
cinch_init_setup_terminal (const struct cinch_process *p, bool mount_console, int *console_sock,
                           int sync_fd, cinch_error_t *err)
{
  cleanup_close int master = -1, slave = -1;
  int unlock = 0, n = 0;
  char name[64];

  master = open ("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (master < 0)
    return cinch_fail (err, errno,
                       "process.terminal: open /dev/ptmx in the container "
                       "(is devpts mounted on /dev/pts?)");
  if (ioctl (master, TIOCSPTLCK, &unlock) < 0 || ioctl (master, TIOCGPTN, &n) < 0)
    return cinch_fail (err, errno, "process.terminal: unlock the pty");
  slave = ioctl (master, TIOCGPTPEER, O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (slave < 0)
    return cinch_fail (err, errno, "process.terminal: open the pty slave");
  snprintf (name, sizeof (name), "/dev/pts/%d", n);
  if (p->has_console_size)
    {
      struct winsize ws = { .ws_row = (unsigned short) p->console_height,
                            .ws_col = (unsigned short) p->console_width };
      if (ioctl (slave, TIOCSWINSZ, &ws) < 0)
        return cinch_fail (err, errno, "process.consoleSize: set the window size");
    }
  if (mount_console && cinch_rootfs_mount_console (slave, err) < 0)
    return -1;
  if (*console_sock >= 0)
    {
      if (send_pty_master (*console_sock, master, name, err) < 0)
        return -1;
      cinch_close (console_sock);
    }
  else if (cinch_sync_send (sync_fd, CINCH_SYNC_PTY, 0, name, strlen (name), &master, 1, 0) < 0)
    return cinch_fail (err, errno, "send the pty master to cinch");
  if (ioctl (slave, TIOCSCTTY, 0) < 0)
    return cinch_fail (err, errno, "process.terminal: make the pty our controlling terminal");
  for (int fd = 0; fd < 3; fd++)
    if (dup2 (slave, fd) < 0)
      return cinch_fail (err, errno, "process.terminal: dup the pty to fd %d", fd);
  return 0;
}

int
cinch_init_find_executable (const char *file, char *const *env, char **out, cinch_error_t *err)
{
  const char *path = NULL;
  cleanup_free char *dirs = NULL;
  char *save = NULL;
  struct stat st;

  /* The engines turn these into their exit codes by matching Go's
   * (runc's) lowercase wording: "no such file or directory" and
   * "executable file not found" give 127 (docker run, podman),
   * "permission denied" 126.  */
  if (strchr (file, '/'))
    {
      if (stat (file, &st) < 0)
        {
          if (errno == ENOENT)
            return cinch_fail_code (err, ENOENT,
                                    "process.args[0]: `%s`: no such file or directory", file);
          return cinch_fail (err, errno, "process.args[0]: `%s`", file);
        }
      if (!S_ISREG (st.st_mode) || (st.st_mode & 0111) == 0)
        return cinch_fail_code (err, EACCES,
                                "process.args[0]: `%s` is not an executable file: permission denied",
                                file);
      *out = cinch_xstrdup (file);
      return 0;
    }
  for (size_t i = 0; env && env[i]; i++)
    if (strncmp (env[i], "PATH=", 5) == 0)
      path = env[i] + 5;
  dirs = cinch_xstrdup (path ? path : DEFAULT_PATH);
  for (char *d = strtok_r (dirs, ":", &save); d; d = strtok_r (NULL, ":", &save))
    {
      cleanup_free char *cand = cinch_xasprintf ("%s/%s", *d ? d : ".", file);
      if (stat (cand, &st) == 0 && S_ISREG (st.st_mode) && (st.st_mode & 0111))
        {
          *out = steal_pointer (&cand);
          return 0;
        }
    }
  return cinch_fail_code (err, ENOENT, "process.args[0]: `%s`: executable file not found in $PATH (%s)",
                          file, path ? path : DEFAULT_PATH);
}

int
cinch_init_apply_rlimits (const struct cinch_process *p, cinch_error_t *err)
{
  for (size_t i = 0; i < p->n_rlimits; i++)
    {
      struct rlimit rl = { (rlim_t) p->rlimits[i].soft, (rlim_t) p->rlimits[i].hard };
      if (setrlimit (p->rlimits[i].resource, &rl) < 0)
        {
          struct rlimit cur = { 0, 0 };
          getrlimit (p->rlimits[i].resource, &cur);
          return cinch_fail (err, errno,
                             "process.rlimits[%zu]: set %s to soft %llu hard %llu (the hard limit "
                             "cinch runs with is %llu)",
                             i, cinch_rlimit_name (p->rlimits[i].resource),
                             (unsigned long long) p->rlimits[i].soft,
                             (unsigned long long) p->rlimits[i].hard,
                             (unsigned long long) cur.rlim_max);
        }
    }
  return 0;
}

struct sched_attr_v1
{
  uint32_t size;
  uint32_t sched_policy;
  uint64_t sched_flags;
  int32_t sched_nice;
  uint32_t sched_priority;
  uint64_t sched_runtime;
  uint64_t sched_deadline;
  uint64_t sched_period;
};

int
cinch_init_apply_scheduling (const struct cinch_process *p, cinch_error_t *err)
{
  if (p->has_scheduler)
    {
      struct sched_attr_v1 attr = {
        .size = sizeof (attr),
        .sched_policy = (uint32_t) p->sched_policy,
        .sched_flags = p->sched_flags,
        .sched_nice = p->sched_nice,
        .sched_priority = (uint32_t) p->sched_priority,
        .sched_runtime = p->sched_runtime,
        .sched_deadline = p->sched_deadline,
        .sched_period = p->sched_period,
      };
      if (syscall (SYS_sched_setattr, 0, &attr, 0) < 0)
        return cinch_fail (err, errno, "process.scheduler: sched_setattr");
    }
  if (p->has_io_priority)
    {
      int prio = (p->ioprio_class << 13) | p->ioprio_level;
      if (syscall (SYS_ioprio_set, 1 /* IOPRIO_WHO_PROCESS */, 0, prio) < 0)
        return cinch_fail (err, errno, "process.ioPriority: ioprio_set");
    }
  return 0;
}

int
cinch_init_preserve_fds (int n, cinch_error_t *err)
{
  for (int fd = 3; fd < 3 + n; fd++)
    {
      int flags = fcntl (fd, F_GETFD);
      if (flags < 0)
        {
          if (errno == EBADF)
            continue;
          return cinch_fail (err, errno, "--preserve-fds: fd %d", fd);
        }
      if (fcntl (fd, F_SETFD, flags & ~FD_CLOEXEC) < 0)
        return cinch_fail (err, errno, "--preserve-fds: fd %d", fd);
    }
  return 0;
}

/* Credentials, capabilities, no_new_privs and seccomp, in the order the
 * kernel requires: the bounding set needs CAP_SETPCAP; a filter without
 * no_new_privs needs CAP_SYS_ADMIN so it goes in before the drop, one with
 * no_new_privs goes in last to keep the syscalls it must allow few.  */
int
cinch_init_apply_security (const struct cinch_process *p, const struct cinch_seccomp_prog *seccomp,
                           int *listener_fd, cinch_error_t *err)
{
  if (cinch_caps_drop_bounding (p, err) < 0)
    return -1;
  if (seccomp && !p->no_new_privileges && cinch_seccomp_load (seccomp, listener_fd, err) < 0)
    return cinch_error_wrap (err, "linux.seccomp");
  if (cinch_caps_change_user (p, err) < 0)
    return -1;
  if (p->no_new_privileges && prctl (PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
    return cinch_fail (err, errno, "process.noNewPrivileges");
  if (seccomp && p->no_new_privileges && cinch_seccomp_load (seccomp, listener_fd, err) < 0)
    return cinch_error_wrap (err, "linux.seccomp");
  return 0;
}

static bool
has_hooks (const struct cinch_plan *plan, enum cinch_hook_kind k)
{
  return plan->hooks.count[k] > 0;
}

/* The spec's createRuntime moment (after the environment exists, before
 * pivot_root): cinch runs prestart and createRuntime hooks in the runtime
 * namespace, then we run createContainer hooks here, in ours.  The parent
 * answers with the state JSON our own hooks get on stdin.  */
static int
hook_point (struct cinch_init_args *a, char **state_json, cinch_error_t *err)
{
  const struct cinch_plan *plan = a->plan;
  cleanup_free struct cinch_sync_msg *m = NULL;

  if (!has_hooks (plan, CINCH_HOOK_PRESTART) && !has_hooks (plan, CINCH_HOOK_CREATE_RUNTIME)
      && !has_hooks (plan, CINCH_HOOK_CREATE_CONTAINER)
      && !has_hooks (plan, CINCH_HOOK_START_CONTAINER))
    return 0;
  m = cinch_xcalloc (1, sizeof (*m));
  if (cinch_sync_send (a->sync_fd, CINCH_SYNC_HOOKS_REQ, 0, NULL, 0, NULL, 0, 0) < 0
      || cinch_sync_expect (a->sync_fd, CINCH_SYNC_HOOKS_DONE, m) < 0)
    _exit (1); /* cinch reports the hook failure itself */
  *state_json = cinch_xstrdup (m->payload);
  return cinch_hooks_run (plan, CINCH_HOOK_CREATE_CONTAINER, *state_json, err);
}

static int
setup_filesystem (struct cinch_init_args *a, const int *mount_fds, char **state_json,
                  cinch_error_t *err)
{
  struct cinch_rootfs_opts ro = {
    .no_pivot = a->no_pivot,
    .in_userns = a->in_userns,
    .new_mount_ns = a->new_mnt,
    .premade_mount_fds = mount_fds,
    .cgroup_path = a->cgroup_path,
  };
  cleanup_close int rootfd = -1;

  if (a->new_mnt && cinch_rootfs_setup_mounts (a->plan, &ro, &rootfd, err) < 0)
    return -1;
  if (hook_point (a, state_json, err) < 0)
    return -1;
  if (!a->new_mnt)
    return 0;
  return cinch_rootfs_finish (a->plan, &ro, rootfd, err);
}

static void
wait_for_start (struct cinch_init_args *a, cinch_error_t *err)
{
  char c;
  ssize_t r;
  int flags = fcntl (a->fifo_rd, F_GETFL);

  if (flags < 0 || fcntl (a->fifo_rd, F_SETFL, flags & ~O_NONBLOCK) < 0)
    {
      cinch_fail (err, errno, "exec.fifo");
      die (a, err);
    }
  /* From here the parent is gone (create returned): a failure can only be
   * told on stderr.  */
  do
    r = read (a->fifo_rd, &c, 1);
  while (r < 0 && errno == EINTR);
  if (r != 1)
    _exit (1);
  cinch_close (&a->fifo_rd);
  cinch_close (&a->fifo_wr);
}

void
cinch_init_run (struct cinch_init_args *a)
{
  const struct cinch_plan *plan = a->plan;
  const struct cinch_process *p = &plan->process;
  cinch_error_t err = NULL;
  cleanup_free int *mount_fds = NULL;
  cleanup_free char *exe = NULL;
  cleanup_free char *state_json = NULL;
  int listener_fd = -1;
  struct cinch_sync_msg *msg = cinch_xcalloc (1, sizeof (*msg));

  cinch_init_reset_signals ();
  /* Nothing in the container may ptrace us or open our /proc files while
   * we hold host resources (CVE-2016-9962): execve resets this.  */
  if (prctl (PR_SET_DUMPABLE, 0, 0, 0, 0) < 0)
    cinch_fail (&err, errno, "prctl(PR_SET_DUMPABLE)");
  else if (prctl (PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) < 0)
    cinch_fail (&err, errno, "prctl(PR_SET_PDEATHSIG)");
  if (err)
    die (a, &err);

  if (join_namespaces (a, &err) < 0 || apply_sysctls (plan, true, &err) < 0)
    die (a, &err);
  if (a->two_step)
    {
      if (two_step_unshare (a, &mount_fds, &err) < 0)
        die (a, &err);
    }
  else if (a->userns_new)
    {
      if (request_userns_maps (a, &mount_fds, &err) < 0)
        die (a, &err);
      if (setresgid (0, 0, 0) < 0 || setresuid (0, 0, 0) < 0)
        {
          cinch_fail (&err, errno, "become root in the user namespace (is uid 0 mapped?)");
          die (a, &err);
        }
    }
  if (setsid () < 0)
    {
      cinch_fail (&err, errno, "setsid");
      die (a, &err);
    }
  if (set_hostnames (plan, a->new_uts, &err) < 0)
    die (a, &err);
  if (a->new_net && cinch_netlink_loopback_up (&err) < 0)
    {
      cinch_error_wrap (&err, "bring up the loopback interface");
      die (a, &err);
    }
  /* Sysctls before the rootfs: /proc/sys files resolve against the
   * namespaces of the process that opens them, so the host's /proc reaches
   * ours, and the container's own /proc/sys is read-only by then.  */
  if (apply_sysctls (plan, false, &err) < 0)
    die (a, &err);
  if (setup_filesystem (a, mount_fds ? mount_fds : a->premade_mount_fds, &state_json, &err) < 0)
    die (a, &err);
  if (p->terminal
      && cinch_init_setup_terminal (p, a->new_mnt, &a->console_sock, a->sync_fd, &err) < 0)
    die (a, &err);
  if (!a->no_new_keyring && syscall (SYS_keyctl, 1 /* KEYCTL_JOIN_SESSION_KEYRING */, NULL) < 0
      && errno != ENOSYS)
    {
      cinch_fail (&err, errno, "join a new session keyring (use --no-new-keyring to skip)");
      die (a, &err);
    }
  if (plan->linux_.has_personality && personality (plan->linux_.personality) < 0)
    {
      cinch_fail (&err, errno, "linux.personality");
      die (a, &err);
    }
  if (cinch_rootfs_chdir (p->cwd, &err) < 0)
    die (a, &err);
  if (cinch_init_find_executable (p->args[0], p->env, &exe, &err) < 0)
    die (a, &err);
  if (cinch_init_apply_rlimits (p, &err) < 0 || cinch_init_apply_scheduling (p, &err) < 0
      || cinch_init_preserve_fds (a->preserve_fds, &err) < 0)
    die (a, &err);
  if (cinch_init_apply_security (p, a->seccomp, &listener_fd, &err) < 0)
    die (a, &err);
  if (p->has_umask)
    umask ((mode_t) p->umask);
  else
    umask (022);

  /* From READY on we must outlive `cinch create`, which may exit as soon as
   * it has sent READY_ACK; its death before that still shows as EOF on the
   * sync socket, and we exit then.  */
  prctl (PR_SET_PDEATHSIG, 0, 0, 0, 0);
  if (cinch_sync_send (a->sync_fd, CINCH_SYNC_READY, 0, NULL, 0,
                       listener_fd >= 0 ? &listener_fd : NULL, listener_fd >= 0 ? 1 : 0, 0)
          < 0
      || cinch_sync_expect (a->sync_fd, CINCH_SYNC_READY_ACK, msg) < 0)
    _exit (1);
  cinch_close (&listener_fd);
  cinch_close (&a->sync_fd);
  free (msg);

  wait_for_start (a, &err);
  if (state_json && cinch_hooks_run (plan, CINCH_HOOK_START_CONTAINER, state_json, &err) < 0)
    {
      const char *msg_text = cinch_error_msg (err);
      (void) !write (2, msg_text, strlen (msg_text));
      (void) !write (2, "\n", 1);
      _exit (1);
    }
  cinch_close_fds_keep (3 + a->preserve_fds, a->stub_fd, -1);
  cinch_exec_stub_run (a->stub_fd, exe, p->args, p->env);
  {
    char buf[512];
    int n = snprintf (buf, sizeof (buf), "cinch: exec `%s`: %s\n", exe, strerror (errno));
    (void) !write (2, buf, (size_t) n);
  }
  _exit (127);
}
