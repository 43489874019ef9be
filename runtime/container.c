/* cinch — container lifecycle, cinch's side: create, start, kill, delete,
 * foreground wait.  */
#include "container.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/nsfs.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "caps.h"
#include "cgroup.h"
#include "hooks.h"
#include "init.h"
#include "log.h"
#include "emit.h"
#include "exec_stub.h"
#include "idpool.h"
#include "plan.h"
#include "policy.h"
#include "rootfs.h"
#include "seccomp.h"
#include "state.h"
#include "sync.h"
#include "util.h"
#include "validate.h"

#define CAP_SYS_RESOURCE_BIT 24

/* Everything create holds; released (and undone on failure) in one place. */
struct create_job
{
  const struct cinch_ctx *ctx;
  const struct cinch_create_opts *opts;
  struct cinch_plan *plan;
  struct cinch_seccomp_prog seccomp;
  bool has_seccomp;
  int ns_fds[CINCH_NS_COUNT];
  int rootfd, dirfd;
  bool dir_created;
  int fifo_rd, fifo_wr;
  int console_sock;
  int sync_parent, sync_child;
  struct cinch_cgroup_host cg_host; /* what the unified hierarchy offers */
  struct cinch_cgroup_plan cg_plan;  /* decided before anything exists */
  struct cinch_cgroup cg;            /* the container's cgroup, once made */
  pid_t clone_pid; /* the process we cloned */
  pid_t init_pid;  /* the container init (== clone_pid unless two-step) */
  int pty_master;
  int *premade_fds; /* idmapped mounts made before clone (no new userns) */
  int stub_fd;      /* the exec stub (exec_stub.h) */
  bool slot_taken;  /* a user namespace range from the pool is ours */
  bool allow_no_userns;
  uint64_t default_caps; /* policy's default capability set */
  uint32_t pool_first, pool_slots;
  bool done;        /* success: keep the container */
};

static void
job_init (struct create_job *j)
{
  memset (j, 0, sizeof (*j));
  for (int i = 0; i < CINCH_NS_COUNT; i++)
    j->ns_fds[i] = -1;
  j->rootfd = j->dirfd = j->fifo_rd = j->fifo_wr = j->console_sock = -1;
  j->sync_parent = j->sync_child = j->pty_master = j->stub_fd = -1;
  j->cg.dirfd = -1;
}

static void
kill_and_reap (pid_t pid, bool our_child)
{
  int pidfd;

  if (pid <= 0)
    return;
  pidfd = (int) syscall (SYS_pidfd_open, pid, 0);
  if (pidfd >= 0)
    {
      struct pollfd pfd = { pidfd, POLLIN, 0 };
      syscall (SYS_pidfd_send_signal, pidfd, SIGKILL, NULL, 0);
      poll (&pfd, 1, 5000);
      close (pidfd);
    }
  else
    kill (pid, SIGKILL);
  if (our_child)
    while (waitpid (pid, NULL, 0) < 0 && errno == EINTR)
      ;
}

static void
job_release (struct create_job *j)
{
  if (!j->done)
    {
      if (j->init_pid > 0 && j->init_pid != j->clone_pid)
        kill_and_reap (j->init_pid, false);
      if (j->clone_pid > 0)
        kill_and_reap (j->clone_pid, true);
      if (j->cg.dirfd >= 0)
        {
          /* After the processes: whatever they left is killed through
           * cgroup.kill, then the cgroup and the ancestors we made go.  */
          cleanup_error cinch_error_t e = NULL;
          if (cinch_cgroup_destroy (&j->cg, &e) < 0)
            cinch_warn ("%s", cinch_error_msg (e));
        }
      if (j->dir_created)
        {
          cleanup_error cinch_error_t e = NULL;
          if (cinch_state_dir_remove (j->rootfd, j->opts->id, &e) < 0)
            cinch_warn ("%s", cinch_error_msg (e));
        }
      if (j->slot_taken)
        {
          cleanup_error cinch_error_t e = NULL;
          cleanup_free char *owner = cinch_idpool_owner (j->ctx->root, j->opts->id);
          if (owner && cinch_idpool_release (owner, &e) < 0)
            cinch_warn ("%s", cinch_error_msg (e));
        }
      cinch_close (&j->pty_master);
    }
  for (int i = 0; i < CINCH_NS_COUNT; i++)
    cinch_close (&j->ns_fds[i]);
  for (size_t i = 0; j->premade_fds && j->plan && i <= j->plan->n_mounts; i++)
    cinch_close (&j->premade_fds[i]);
  free (j->premade_fds);
  j->premade_fds = NULL;
  cinch_close (&j->fifo_rd);
  cinch_close (&j->fifo_wr);
  cinch_close (&j->console_sock);
  cinch_close (&j->sync_parent);
  cinch_close (&j->sync_child);
  cinch_close (&j->dirfd);
  cinch_close (&j->rootfd);
  cinch_close (&j->stub_fd);
  cinch_cgroup_close (&j->cg);
  cinch_cgroup_plan_clear (&j->cg_plan);
  cinch_cgroup_host_clear (&j->cg_host);
  if (j->has_seccomp)
    cinch_seccomp_prog_clear (&j->seccomp);
  cinch_plan_free (j->plan);
  j->plan = NULL;
}

/* ---- checks before anything exists ---------------------------------- */

static bool
have_cap (int cap)
{
  char buf[4096];
  cleanup_close int fd = open ("/proc/self/status", O_RDONLY | O_CLOEXEC);
  ssize_t n;
  char *line;
  unsigned long long eff;

  if (fd < 0 || (n = cinch_read_all (fd, buf, sizeof (buf) - 1)) <= 0)
    return false;
  buf[n] = '\0';
  line = strstr (buf, "CapEff:");
  if (line == NULL || sscanf (line + 7, "%llx", &eff) != 1)
    return false;
  return (eff >> cap) & 1;
}

static int
check_plan (const struct cinch_plan *p, const struct cinch_create_opts *o, cinch_error_t *err)
{
  if (cinch_plan_validate (p, o->console_socket != NULL, o->foreground, err) < 0)
    return -1;
  /* Only an rlimit above our hard limit needs CAP_SYS_RESOURCE: look at
   * /proc/self/status for that case alone, not on every start.  */
  for (size_t i = 0; i < p->process.n_rlimits; i++)
    {
      struct rlimit cur;
      const struct cinch_rlimit *rl = &p->process.rlimits[i];
      if (getrlimit (rl->resource, &cur) == 0 && cur.rlim_max != RLIM_INFINITY
          && rl->hard > (uint64_t) cur.rlim_max && !have_cap (CAP_SYS_RESOURCE_BIT))
        return cinch_fail (err, EPERM,
                           "process.rlimits[%zu]: %s hard limit %llu is above the limit cinch "
                           "runs with (%llu) and cinch lacks CAP_SYS_RESOURCE to raise it",
                           i, cinch_rlimit_name (rl->resource), (unsigned long long) rl->hard,
                           (unsigned long long) cur.rlim_max);
    }
  return 0;
}

/* root.path is a host path the operator chose: resolve it once, here, so
 * that a symlinked bundle or rootfs works and every later step uses the same
 * directory.  */
static int
resolve_root (struct cinch_plan *p, cinch_error_t *err)
{
  char *real = realpath (p->root_path, NULL);
  struct stat st;

  if (real == NULL)
    return cinch_fail (err, errno, "root.path `%s`", p->root_path);
  if (stat (real, &st) < 0 || !S_ISDIR (st.st_mode))
    {
      int e = errno;
      free (real);
      return cinch_fail (err, S_ISDIR (st.st_mode) ? e : ENOTDIR, "root.path `%s`", p->root_path);
    }
  free (p->root_path);
  p->root_path = real;
  return 0;
}

static int
open_namespaces (struct create_job *j, cinch_error_t *err)
{
  for (int t = 0; t < CINCH_NS_COUNT; t++)
    {
      const struct cinch_namespace *ns = &j->plan->linux_.ns[t];
      int type;
      if (!ns->present || ns->path == NULL)
        continue;
      j->ns_fds[t] = open (ns->path, O_RDONLY | O_CLOEXEC);
      if (j->ns_fds[t] < 0)
        return cinch_fail (err, errno, "linux.namespaces (%s): path `%s`",
                           cinch_ns_name ((enum cinch_ns_type) t), ns->path);
      type = ioctl (j->ns_fds[t], NS_GET_NSTYPE);
      if (type < 0 || type != cinch_ns_clone_flag ((enum cinch_ns_type) t))
        return cinch_fail (err, type < 0 ? errno : 0,
                           "linux.namespaces (%s): `%s` is not a %s namespace",
                           cinch_ns_name ((enum cinch_ns_type) t), ns->path,
                           cinch_ns_name ((enum cinch_ns_type) t));
    }
  return 0;
}

static int
open_console_socket (struct create_job *j, cinch_error_t *err)
{
  if (j->opts->console_socket == NULL || !j->plan->process.terminal)
    return 0;
  j->console_sock = cinch_console_socket_connect (j->opts->console_socket, err);
  return j->console_sock < 0 ? -1 : 0;
}

int
cinch_console_socket_connect (const char *path, cinch_error_t *err)
{
  struct sockaddr_un addr = { .sun_family = AF_UNIX };
  int fd;

  if (strlen (path) >= sizeof (addr.sun_path))
    return cinch_fail (err, ENAMETOOLONG, "--console-socket `%s`", path);
  strcpy (addr.sun_path, path);
  fd = socket (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0)
    return cinch_fail (err, errno, "--console-socket: socket");
  if (connect (fd, (struct sockaddr *) &addr, sizeof (addr)) < 0)
    {
      int e = errno;
      close (fd);
      return cinch_fail (err, e, "--console-socket: connect to `%s`", path);
    }
  return fd;
}

static int
make_fifo (struct create_job *j, cinch_error_t *err)
{
  if (mkfifoat (j->dirfd, CINCH_EXEC_FIFO, 0600) < 0)
    return cinch_fail (err, errno, "create exec.fifo");
  /* Our process holds both ends: its read blocks until `start` writes, and
   * `start` can only open the fifo while that reader is alive.  */
  j->fifo_rd = openat (j->dirfd, CINCH_EXEC_FIFO, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (j->fifo_rd < 0)
    return cinch_fail (err, errno, "open exec.fifo");
  j->fifo_wr = openat (j->dirfd, CINCH_EXEC_FIFO, O_WRONLY | O_NONBLOCK | O_CLOEXEC);
  if (j->fifo_wr < 0)
    return cinch_fail (err, errno, "open exec.fifo");
  return 0;
}

/* ---- clone ----------------------------------------------------------- */

/* struct clone_args up to `cgroup` (CLONE_ARGS_SIZE_VER2), spelled out so
 * that older headers do not matter.  */
struct clone_args_v2
{
  uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls;
  uint64_t set_tid, set_tid_size, cgroup;
};

#ifndef CLONE_INTO_CGROUP
#define CLONE_INTO_CGROUP 0x200000000ULL
#endif

/* Write "0" (the writer itself) into the cgroup.procs under dirfd.  */
static int
move_self (int dirfd)
{
  int fd = openat (dirfd, "cgroup.procs", O_WRONLY | O_CLOEXEC);
  int r;

  if (fd < 0)
    return -1;
  r = write (fd, "0", 1) == 1 ? 0 : -1;
  close (fd);
  return r;
}

/* clone3 straight into the container's cgroup (Linux 5.7): the process is
 * never anywhere else, and a new cgroup namespace is rooted there.  On an
 * older kernel, cinch steps into the cgroup for the clone and back out.  */
static long
clone_into_cgroup (struct create_job *j, struct clone_args_v2 *ca, cinch_error_t *err)
{
  cleanup_close int home = -1;
  cleanup_free char *home_path = NULL;
  long pid;
  int e;

  if (j->cg.dirfd < 0)
    return syscall (SYS_clone3, ca, (size_t) 64);
  ca->flags |= CLONE_INTO_CGROUP;
  ca->cgroup = (uint64_t) j->cg.dirfd;
  pid = syscall (SYS_clone3, ca, sizeof (*ca));
  if (pid >= 0 || (errno != E2BIG && errno != EINVAL))
    return pid;
  ca->flags &= ~CLONE_INTO_CGROUP;
  home_path = cinch_xasprintf ("%s%s", j->cg_host.mount, j->cg_host.self);
  home = open (home_path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (home < 0 || move_self (j->cg.dirfd) < 0)
    {
      cinch_fail (err, errno, "enter cgroup %s", j->cg.path);
      errno = 0;
      return -1;
    }
  pid = syscall (SYS_clone3, ca, (size_t) 64);
  if (pid == 0)
    return 0; /* the child stays where it was born */
  e = errno;
  if (move_self (home) < 0)
    cinch_warn ("cinch stays in cgroup %s: %s", j->cg.path, strerror (errno));
  errno = e;
  return pid;
}

/* pid and time namespaces apply to children: enter them (new or joined)
 * around the clone only, then return to our own.  */
static int
enter_child_namespaces (struct create_job *j, int saved[2], cinch_error_t *err)
{
  const struct cinch_linux *l = &j->plan->linux_;

  saved[0] = saved[1] = -1;
  if (j->ns_fds[CINCH_NS_PID] >= 0)
    {
      saved[0] = open ("/proc/self/ns/pid", O_RDONLY | O_CLOEXEC);
      if (saved[0] < 0 || setns (j->ns_fds[CINCH_NS_PID], CLONE_NEWPID) < 0)
        return cinch_fail (err, errno, "join pid namespace `%s`", l->ns[CINCH_NS_PID].path);
    }
  if (l->ns[CINCH_NS_TIME].present)
    {
      saved[1] = open ("/proc/self/ns/time", O_RDONLY | O_CLOEXEC);
      if (saved[1] < 0)
        return cinch_fail (err, errno, "open /proc/self/ns/time");
      if (j->ns_fds[CINCH_NS_TIME] >= 0)
        {
          if (setns (j->ns_fds[CINCH_NS_TIME], CLONE_NEWTIME) < 0)
            return cinch_fail (err, errno, "join time namespace `%s`", l->ns[CINCH_NS_TIME].path);
        }
      else
        {
          char buf[160];
          int n = 0;
          cleanup_close int fd = -1;
          if (unshare (CLONE_NEWTIME) < 0)
            return cinch_fail (err, errno, "create the time namespace");
          /* Clock ids: 1 = CLOCK_MONOTONIC, 7 = CLOCK_BOOTTIME.  */
          if (l->has_time_offset_monotonic)
            n += snprintf (buf + n, sizeof (buf) - (size_t) n, "1 %lld %u\n",
                           (long long) l->monotonic_secs, l->monotonic_nanosecs);
          if (l->has_time_offset_boottime)
            n += snprintf (buf + n, sizeof (buf) - (size_t) n, "7 %lld %u\n",
                           (long long) l->boottime_secs, l->boottime_nanosecs);
          fd = open ("/proc/self/timens_offsets", O_WRONLY | O_CLOEXEC);
          if (n > 0 && (fd < 0 || cinch_write_all (fd, buf, (size_t) n) < 0))
            return cinch_fail (err, errno, "linux.timeOffsets: write the offsets");
        }
    }
  return 0;
}

static void
leave_child_namespaces (int saved[2])
{
  if (saved[0] >= 0)
    {
      setns (saved[0], CLONE_NEWPID);
      cinch_close (&saved[0]);
    }
  if (saved[1] >= 0)
    {
      setns (saved[1], CLONE_NEWTIME);
      cinch_close (&saved[1]);
    }
}

static int
spawn (struct create_job *j, cinch_error_t *err)
{
  const struct cinch_plan *p = j->plan;
  bool two_step = cinch_plan_needs_two_step (p);
  int flags = cinch_plan_new_ns_flags (p);
  struct clone_args_v2 ca = { .exit_signal = SIGCHLD };
  int saved[2];
  int sv[2];
  long pid;

  if (socketpair (AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0)
    return cinch_fail (err, errno, "socketpair");
  j->sync_parent = sv[0];
  j->sync_child = sv[1];
  {
    int one = 1;
    if (setsockopt (j->sync_parent, SOL_SOCKET, SO_PASSCRED, &one, sizeof (one)) < 0)
      return cinch_fail (err, errno, "setsockopt(SO_PASSCRED)");
  }
  if (enter_child_namespaces (j, saved, err) < 0)
    {
      leave_child_namespaces (saved);
      return -1;
    }
  ca.flags = two_step ? 0 : (uint64_t) flags;
  pid = clone_into_cgroup (j, &ca, err);
  if (pid == 0)
    {
      struct cinch_init_args a = {
        .plan = p,
        .id = j->opts->id,
        .sync_fd = j->sync_child,
        .two_step = two_step,
        .unshare_flags = two_step ? flags : 0,
        .userns_new = cinch_plan_ns_new (p, CINCH_NS_USER),
        .in_userns = p->linux_.ns[CINCH_NS_USER].present,
        .new_mnt = cinch_plan_ns_new (p, CINCH_NS_MNT),
        .new_uts = cinch_plan_ns_new (p, CINCH_NS_UTS),
        .new_net = cinch_plan_ns_new (p, CINCH_NS_NET),
        .fifo_rd = j->fifo_rd,
        .fifo_wr = j->fifo_wr,
        .console_sock = j->console_sock,
        .foreground_tty = j->opts->foreground && j->console_sock < 0,
        .no_pivot = j->opts->no_pivot,
        .no_new_keyring = j->opts->no_new_keyring,
        .preserve_fds = j->opts->preserve_fds,
        .seccomp = j->has_seccomp ? &j->seccomp : NULL,
        .premade_mount_fds = j->premade_fds,
        .stub_fd = j->stub_fd,
        .cgroup_path = j->cg.path,
      };
      /* The state directory fd carries create's flock: holding it would
       * block `start` forever.  */
      close (j->sync_parent);
      close (j->dirfd);
      close (j->rootfd);
      for (int t = 0; t < CINCH_NS_COUNT; t++)
        a.ns_fds[t] = (t == CINCH_NS_PID || t == CINCH_NS_TIME) ? -1 : j->ns_fds[t];
      cinch_init_run (&a);
    }
  {
    int e = errno;
    leave_child_namespaces (saved);
    if (pid < 0)
      return e == 0 ? -1 : cinch_fail (err, e, "clone the container process");
  }
  j->clone_pid = (pid_t) pid;
  j->init_pid = two_step && (flags & CLONE_NEWPID) ? 0 : (pid_t) pid;
  cinch_close (&j->sync_child);
  cinch_close (&j->fifo_rd);
  cinch_close (&j->fifo_wr);
  cinch_close (&j->console_sock);
  return 0;
}

/* ---- the parent's side of the setup conversation --------------------- */

static int
write_map (pid_t pid, const char *file, const struct cinch_id_mapping *m, size_t n,
           cinch_error_t *err)
{
  char path[64];
  char buf[4096];
  size_t len = 0;
  cleanup_close int fd = -1;

  for (size_t i = 0; i < n; i++)
    {
      int w = snprintf (buf + len, sizeof (buf) - len, "%u %u %u\n", m[i].container_id,
                        m[i].host_id, m[i].size);
      if (w < 0 || (size_t) w >= sizeof (buf) - len)
        return cinch_fail (err, E2BIG, "linux.%s: too many mappings",
                           strcmp (file, "uid_map") == 0 ? "uidMappings" : "gidMappings");
      len += (size_t) w;
    }
  snprintf (path, sizeof (path), "/proc/%d/%s", pid, file);
  fd = open (path, O_WRONLY | O_CLOEXEC);
  if (fd < 0 || write (fd, buf, len) != (ssize_t) len)
    return cinch_fail (err, errno, "linux.%s: write %s",
                       strcmp (file, "uid_map") == 0 ? "uidMappings" : "gidMappings", path);
  return 0;
}

/* The host ID container ID 0 maps to (the fsuid of the rebuilt overlay). */
static unsigned int
root_host_id (const struct cinch_id_mapping *m, size_t n)
{
  for (size_t i = 0; i < n; i++)
    if (m[i].container_id == 0)
      return m[i].host_id;
  return 0;
}

static int
answer_userns (struct create_job *j, cinch_error_t *err)
{
  const struct cinch_linux *l = &j->plan->linux_;
  cleanup_free int *fds = NULL;
  int send_fds[CINCH_SYNC_MAX_FDS];
  uint32_t idx[CINCH_SYNC_MAX_FDS];
  size_t n = 0;
  int r;

  if (write_map (j->clone_pid, "uid_map", l->uid_mappings, l->n_uid_mappings, err) < 0
      || write_map (j->clone_pid, "gid_map", l->gid_mappings, l->n_gid_mappings, err) < 0)
    return -1;
  {
    char path[64];
    cleanup_close int userns = -1;
    snprintf (path, sizeof (path), "/proc/%d/ns/user", j->clone_pid);
    userns = open (path, O_RDONLY | O_CLOEXEC);
    if (userns < 0)
      return cinch_fail (err, errno, "open %s", path);
    if (cinch_rootfs_prepare_idmapped (j->plan, userns, &fds, err) < 0)
      return -1;
    if (j->plan->root_idmap)
      {
        if (fds == NULL)
          {
            fds = cinch_xcalloc (j->plan->n_mounts + 1, sizeof (int));
            for (size_t i = 0; i <= j->plan->n_mounts; i++)
              fds[i] = -1;
          }
        if (cinch_rootfs_prepare_root (j->plan, userns, root_host_id (l->uid_mappings,
                                                                      l->n_uid_mappings),
                                       root_host_id (l->gid_mappings, l->n_gid_mappings),
                                       &fds[j->plan->n_mounts], err)
                < 0
            || cinch_rootfs_attach_root (j->plan, j->clone_pid, fds[j->plan->n_mounts], err) < 0)
          {
            for (size_t i = 0; i < j->plan->n_mounts; i++)
              cinch_close (&fds[i]);
            return -1;
          }
      }
  }
  for (size_t i = 0; fds && i <= j->plan->n_mounts; i++)
    if (fds[i] >= 0)
      {
        if (n == CINCH_SYNC_MAX_FDS)
          return cinch_fail (err, E2BIG, "mounts: too many idmapped mounts");
        send_fds[n] = fds[i];
        idx[n++] = (uint32_t) i;
      }
  r = cinch_sync_send (j->sync_parent, CINCH_SYNC_USERNS_DONE, 0, idx, n * sizeof (uint32_t),
                       send_fds, n, 0);
  for (size_t i = 0; fds && i <= j->plan->n_mounts; i++)
    if (fds[i] >= 0)
      close (fds[i]);
  if (r < 0)
    return cinch_fail (err, errno, "send the user namespace maps");
  return 0;
}

static int
child_gone (struct create_job *j, cinch_error_t *err)
{
  int status = 0;
  pid_t w;

  do
    w = waitpid (j->clone_pid, &status, 0);
  while (w < 0 && errno == EINTR);
  if (w == j->clone_pid)
    {
      j->clone_pid = 0;
      if (WIFSIGNALED (status))
        return cinch_fail (err, 0, "the container process was killed by signal %d during setup",
                           WTERMSIG (status));
      return cinch_fail (err, 0, "the container process exited during setup (status %d)",
                         WEXITSTATUS (status));
    }
  return cinch_fail (err, 0, "the container process went away during setup");
}

static int
send_listener (struct create_job *j, int fd, cinch_error_t *err)
{
  const struct cinch_seccomp *s = j->plan->linux_.seccomp;
  struct sockaddr_un addr = { .sun_family = AF_UNIX };
  cleanup_close int sock = -1;
  cleanup_free char *payload = NULL;
  struct cinch_state st = { .id = (char *) j->opts->id,
                            .pid = j->init_pid,
                            .bundle = j->plan->bundle,
                            .rootfs = j->plan->root_path };

  if (s == NULL || s->listener_path == NULL)
    return cinch_fail (err, 0, "linux.seccomp: SCMP_ACT_NOTIFY needs linux.seccomp.listenerPath");
  if (strlen (s->listener_path) >= sizeof (addr.sun_path))
    return cinch_fail (err, ENAMETOOLONG, "linux.seccomp.listenerPath");
  strcpy (addr.sun_path, s->listener_path);
  sock = socket (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (sock < 0 || connect (sock, (struct sockaddr *) &addr, sizeof (addr)) < 0)
    return cinch_fail (err, errno, "linux.seccomp.listenerPath: connect to `%s`", s->listener_path);
  {
    char *oci = cinch_state_oci_json (&st, CINCH_STATUS_CREATING);
    payload = oci;
  }
  if (cinch_sync_send (sock, 0, 0, payload, strlen (payload), &fd, 1, 0) < 0)
    return cinch_fail (err, errno, "linux.seccomp.listenerPath: send the notify fd");
  return 0;
}

static struct cinch_state
job_state_view (struct create_job *j)
{
  struct cinch_state st = {
    .id = (char *) j->opts->id,
    .pid = j->init_pid,
    .bundle = j->plan->bundle,
    .rootfs = j->plan->root_path,
    .created = (char *) "",
    .annotations = j->plan->annotations,
    .n_annotations = j->plan->n_annotations,
    .cgroup_path = j->cg.path,
  };
  return st;
}

/* prestart and createRuntime hooks, in our (the runtime's) namespaces.  */
static int
answer_hooks (struct create_job *j, cinch_error_t *err)
{
  struct cinch_state st = job_state_view (j);
  cleanup_free char *json = cinch_state_oci_json (&st, CINCH_STATUS_CREATING);

  if (cinch_hooks_run (j->plan, CINCH_HOOK_PRESTART, json, err) < 0
      || cinch_hooks_run (j->plan, CINCH_HOOK_CREATE_RUNTIME, json, err) < 0)
    return -1;
  if (strlen (json) > CINCH_SYNC_MAX_PAYLOAD)
    return cinch_fail (err, E2BIG, "hooks: the container state is too large to pass on");
  if (cinch_sync_send (j->sync_parent, CINCH_SYNC_HOOKS_DONE, 0, json, strlen (json), NULL, 0, 0)
      < 0)
    return cinch_fail (err, errno, "hooks: resume the container process");
  return 0;
}

static int
converse (struct create_job *j, cinch_error_t *err)
{
  cleanup_free struct cinch_sync_msg *m = cinch_xcalloc (1, sizeof (*m));

  for (;;)
    {
      if (cinch_sync_recv (j->sync_parent, m) < 0)
        return child_gone (j, err);
      switch (m->type)
        {
        case CINCH_SYNC_USERNS_REQ:
          if (answer_userns (j, err) < 0)
            return -1;
          break;
        case CINCH_SYNC_PID:
          j->init_pid = m->cred_pid;
          /* The intermediate process has exited; reap it.  */
          waitpid (j->clone_pid, NULL, 0);
          j->clone_pid = 0;
          break;
        case CINCH_SYNC_PTY:
          if (m->n_fds == 1)
            {
              cinch_close (&j->pty_master);
              j->pty_master = m->fds[0];
            }
          break;
        case CINCH_SYNC_ERROR:
          /* The text already carries strerror: keep errno apart.  */
          return cinch_fail_code (err, m->errnum, "%s", m->payload);
        case CINCH_SYNC_HOOKS_REQ:
          if (answer_hooks (j, err) < 0)
            return -1;
          break;
        case CINCH_SYNC_READY:
          if (m->n_fds == 1)
            {
              int r = send_listener (j, m->fds[0], err);
              close (m->fds[0]);
              if (r < 0)
                return -1;
            }
          return 0;
        default:
          for (size_t i = 0; i < m->n_fds; i++)
            close (m->fds[i]);
          return cinch_fail (err, EPROTO, "unexpected message %u from the container process",
                             m->type);
        }
    }
}

int
cinch_write_pid_file (const char *path, pid_t pid, cinch_error_t *err)
{
  cleanup_free char *tmp = cinch_xasprintf ("%s.cinch-tmp", path);
  char buf[32];
  int n = snprintf (buf, sizeof (buf), "%d", pid);
  cleanup_close int fd = open (tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);

  if (fd < 0 || cinch_write_all (fd, buf, (size_t) n) < 0)
    {
      int e = errno;
      unlink (tmp);
      return cinch_fail (err, e, "--pid-file `%s`", path);
    }
  if (rename (tmp, path) < 0)
    {
      int e = errno;
      unlink (tmp);
      return cinch_fail (err, e, "--pid-file `%s`", path);
    }
  return 0;
}

static int
set_oom_score_adj (pid_t pid, int value, cinch_error_t *err)
{
  char path[64], buf[16];
  cleanup_close int fd = -1;
  int n = snprintf (buf, sizeof (buf), "%d", value);

  snprintf (path, sizeof (path), "/proc/%d/oom_score_adj", pid);
  fd = open (path, O_WRONLY | O_CLOEXEC);
  if (fd < 0 || cinch_write_all (fd, buf, (size_t) n) < 0)
    return cinch_fail (err, errno, "process.oomScoreAdj: set %d", value);
  return 0;
}

static int
record_state (struct create_job *j, cinch_error_t *err)
{
  char created[64];
  struct cinch_state st = {
    .id = (char *) j->opts->id,
    .pid = j->init_pid,
    .start_time = cinch_proc_start_time (j->init_pid),
    .bundle = j->plan->bundle,
    .rootfs = j->plan->root_path,
    .created = created,
    .owner_uid = getuid (),
    .own_pid_ns = cinch_plan_ns_new (j->plan, CINCH_NS_PID),
    .config_path = NULL,
    .annotations = j->plan->annotations,
    .n_annotations = j->plan->n_annotations,
    .cgroup_path = j->cg.path,
  };

  cinch_format_time_rfc3339 (created, sizeof (created));
  if (st.start_time == 0)
    return cinch_fail (err, ESRCH, "the container process %d vanished", j->init_pid);
  st.has_poststart = j->plan->hooks.count[CINCH_HOOK_POSTSTART] > 0;
  st.has_poststop = j->plan->hooks.count[CINCH_HOOK_POSTSTOP] > 0;
  {
    /* The effective config (after the policy): `exec` gives its processes
     * the same security, and start and delete run the late hooks from it,
     * so that edits to the bundle cannot change either.  */
    cleanup_free char *text = cinch_plan_emit (j->plan);
    if (cinch_write_file_atomic (j->dirfd, "config.json", text, strlen (text), err) < 0)
      return cinch_error_wrap (err, "keep the effective config");
  }
  return cinch_state_write (j->dirfd, &st, err);
}

/* Parse, decide, then act: the policy turns the plan into the effective
 * plan, or refuses it — naming every violation — before anything exists. */
static int
apply_policy (struct create_job *j, cinch_error_t *err)
{
  struct cinch_policy pol;
  struct cinch_host_facts facts = { 0 };
  struct cinch_findings f = { 0 };
  size_t refused;
  int r = 0;

  /* Defaults, the admin's file, the --policy flag (untouched on failure). */
  if (cinch_policy_load (j->ctx->policy_file, j->ctx->policy_name, &pol, err) < 0)
    return -1;
  j->allow_no_userns = pol.allow_no_userns;
  j->default_caps = pol.default_caps;
  j->pool_first = pol.userns_pool_first;
  j->pool_slots = pol.userns_pool_slots;
  cinch_host_facts_collect (j->plan, j->ctx->root, &facts);
  cinch_cgroup_host_detect (&j->cg_host);
  facts.cgroup_known = true;
  facts.cgroup_none = j->ctx->cgroup_manager == CINCH_CGROUP_DISABLED || j->cg_host.mount == NULL;
  facts.cgroup_controllers = j->cg_host.controllers;
  cinch_policy_apply (j->plan, &pol, &facts, &f);
  refused = cinch_findings_refused (&f);
  if (refused > 0)
    {
      /* One error holding every violation: engines show it as it is.  */
      size_t len = 0;
      char *msg = cinch_xasprintf ("config.json refused by the %s policy (%zu violation%s):",
                                   cinch_profile_name (f.profile), refused,
                                   refused == 1 ? "" : "s");
      len = strlen (msg);
      for (size_t i = 0; i < f.n; i++)
        {
          cleanup_free char *line = NULL;
          size_t l;
          if (f.v[i].action != CINCH_FINDING_REFUSED)
            continue;
          line = cinch_finding_format (&f.v[i]);
          l = strlen (line);
          msg = cinch_xrealloc (msg, len + l + 4);
          memcpy (msg + len, "\n  ", 3);
          memcpy (msg + len + 3, line, l + 1);
          len += l + 3;
        }
      r = cinch_fail_code (err, EPERM, "%s", msg);
      free (msg);
    }
  else
    for (size_t i = 0; i < f.n; i++)
      {
        /* What compat lets through that hardened would refuse is worth a
         * warning; what hardened fixed, or what compat leaves weak, is
         * shown with --debug (and by `cinch check`).  */
        cleanup_free char *line = cinch_finding_format (&f.v[i]);
        if (f.v[i].action == CINCH_FINDING_WARNED && !f.v[i].weak)
          cinch_warn ("%s", line);
        else
          cinch_debug ("%s", line);
      }
  cinch_findings_clear (&f);
  cinch_host_facts_clear (&facts);
  cinch_policy_clear (&pol);
  return r;
}

/* allow-no-userns: undo what CINCH-USERNS added (the user namespace, its
 * maps, the idmapped rootfs and binds, the capabilities it allowed).  A bind that still asks for idmap
 * has mappings of its own.  */
static void
drop_pool_userns (struct cinch_plan *p, uint64_t default_caps)
{
  struct cinch_linux *l = &p->linux_;

  /* Capabilities the policy allows only with a user namespace go too.  */
  for (int s = 0; s < CINCH_CAP_SET_COUNT; s++)
    p->process.caps[s] &= default_caps;
  l->ns[CINCH_NS_USER].present = false;
  free (l->uid_mappings);
  free (l->gid_mappings);
  l->uid_mappings = l->gid_mappings = NULL;
  l->n_uid_mappings = l->n_gid_mappings = 0;
  p->root_idmap = false;
  p->userns_from_pool = false;
  for (size_t i = 0; i < p->n_mounts; i++)
    if (p->mounts[i].idmap && p->mounts[i].n_uid_mappings == 0)
      p->mounts[i].idmap = false;
}

/* The hardened policy gave the container a user namespace: its 65536 IDs
 * come from the pool, never shared with another live container.  */
static int
take_pool_range (struct create_job *j, cinch_error_t *err)
{
  struct cinch_linux *l = &j->plan->linux_;
  cleanup_free char *owner = cinch_idpool_owner (j->ctx->root, j->opts->id);
  uint32_t slot;

  if (owner == NULL)
    return cinch_fail (err, errno, "state root `%s`", j->ctx->root);
  if (cinch_idpool_alloc (owner, j->pool_first, j->pool_slots, &slot, err) < 0)
    return -1;
  j->slot_taken = true;
  for (size_t i = 0; i < l->n_uid_mappings; i++)
    l->uid_mappings[i].host_id = j->pool_first + slot * CINCH_USERNS_SIZE;
  for (size_t i = 0; i < l->n_gid_mappings; i++)
    l->gid_mappings[i].host_id = j->pool_first + slot * CINCH_USERNS_SIZE;
  return 0;
}

static int
create_steps (struct create_job *j, cinch_error_t *err)
{
  const struct cinch_create_opts *o = j->opts;
  cleanup_free char *bundle = NULL;

  if (cinch_id_validate (o->id, err) < 0)
    return -1;
  if (cinch_plan_load (o->bundle ? o->bundle : ".", o->config_path, &j->plan, err) < 0)
    return -1;
  for (size_t i = 0; j->plan->warnings && j->plan->warnings[i]; i++)
    cinch_warn ("%s", j->plan->warnings[i]);
  if (apply_policy (j, err) < 0 || check_plan (j->plan, o, err) < 0
      || resolve_root (j->plan, err) < 0)
    return -1;
  if (j->plan->userns_from_pool && j->allow_no_userns)
    {
      cleanup_error cinch_error_t probe = NULL;
      if (cinch_rootfs_idmap_probe (j->plan, &probe) < 0)
        {
          if (probe->errnum != EINVAL)
            {
              *err = steal_pointer (&probe);
              return -1;
            }
          cinch_warn ("warned: %s; running without a user namespace (allow-no-userns in the "
                      "policy file)",
                      cinch_error_msg (probe));
          drop_pool_userns (j->plan, j->default_caps);
        }
    }
  {
    cleanup_strv char **warnings = NULL;
    if (cinch_caps_check (&j->plan->process, cinch_caps_kernel_last_cap (), &warnings, err) < 0)
      return -1;
    for (size_t i = 0; warnings && warnings[i]; i++)
      cinch_warn ("%s", warnings[i]);
  }
  if (j->plan->linux_.seccomp)
    {
      cleanup_strv char **warnings = NULL;
      if (cinch_seccomp_compile (j->plan->linux_.seccomp, &j->seccomp, &warnings, err) < 0)
        return -1;
      j->has_seccomp = true;
      for (size_t i = 0; warnings && warnings[i]; i++)
        cinch_warn ("%s", warnings[i]);
    }
  else if (j->plan->default_seccomp)
    {
      /* Compiled at build time: nothing to do here but point at it.  */
      cinch_seccomp_default_prog (&j->seccomp);
      j->has_seccomp = true;
    }
  if (cinch_cgroup_plan_make (j->plan, &j->cg_host, j->ctx->cgroup_manager, o->id, &j->cg_plan,
                              err)
      < 0)
    return -1;
  if (open_namespaces (j, err) < 0 || open_console_socket (j, err) < 0)
    return -1;
  if ((j->stub_fd = cinch_exec_stub_open (err)) < 0)
    return -1;

  /* Only now does anything exist on the system.  */
  if (cinch_state_root_open (j->ctx->root, true, &j->rootfd, err) < 0)
    return -1;
  if (cinch_state_dir_create (j->rootfd, o->id, &j->dirfd, err) < 0)
    return -1;
  j->dir_created = true;
  if (j->plan->userns_from_pool && take_pool_range (j, err) < 0)
    return -1;
  if (j->cg_plan.rel
      && cinch_cgroup_setup (&j->cg_host, &j->cg_plan, j->plan, &j->cg, err) < 0)
    {
      /* Not allowed to make a cgroup at all (rootless, or a read-only
       * cgroupfs inside another container): a config without limits or
       * device rules loses only cinch's own defaults (tracking, the device
       * allow list), which are skipped with a warning, as the policy does
       * for every default of ours.  */
      const struct cinch_linux *lx = &j->plan->linux_;
      int e = (*err)->errnum;
      if ((e != EACCES && e != EPERM && e != EROFS) || j->cg_plan.writes.n > 0
          || lx->res.n_device_rules > 0)
        return -1;
      cinch_warn ("%s; the container runs without a cgroup of its own (its config sets no "
                  "limit)",
                  cinch_error_msg (*err));
      cinch_error_free (err);
    }
  /* Without a user namespace of its own, idmapped mounts (with their own
   * mappings) are made here and inherited by the container process.  */
  if (!cinch_plan_ns_new (j->plan, CINCH_NS_USER)
      && cinch_rootfs_prepare_idmapped (j->plan, -1, &j->premade_fds, err) < 0)
    return -1;
  if (make_fifo (j, err) < 0 || spawn (j, err) < 0 || converse (j, err) < 0)
    return -1;
  if (j->plan->process.has_oom_score_adj
      && set_oom_score_adj (j->init_pid, j->plan->process.oom_score_adj, err) < 0)
    return -1;
  if (record_state (j, err) < 0)
    return -1;
  if (o->pid_file && cinch_write_pid_file (o->pid_file, j->init_pid, err) < 0)
    return -1;
  if (cinch_sync_send (j->sync_parent, CINCH_SYNC_READY_ACK, 0, NULL, 0, NULL, 0, 0) < 0)
    return cinch_fail (err, errno, "release the container process");
  return 0;
}

int
cinch_container_create (const struct cinch_ctx *ctx, const struct cinch_create_opts *o,
                        struct cinch_created *out, cinch_error_t *err)
{
  struct create_job j;
  int r;

  job_init (&j);
  j.ctx = ctx;
  j.opts = o;
  r = create_steps (&j, err);
  if (r == 0)
    {
      j.done = true;
      out->pid = j.init_pid;
      out->pty_master = cinch_steal_fd (&j.pty_master);
      /* The intermediate process of a one-step clone is the init itself:
       * it stays our child until we exit (foreground run waits for it). */
    }
  job_release (&j);
  return r;
}

/* ---- start / kill / delete ------------------------------------------- */

/* poststart and poststop: their failures are logged, not fatal (spec).  */
static void
run_late_hooks (int dirfd, const struct cinch_state *st, enum cinch_hook_kind kind,
                enum cinch_status status)
{
  cleanup_error cinch_error_t err = NULL;
  cleanup_free char *text = NULL, *json = NULL;
  struct cinch_plan *plan = NULL;
  size_t len = 0;

  if (cinch_read_file_at (dirfd, "config.json", CINCH_CONFIG_MAX_SIZE, &text, &len, &err) < 0
      || cinch_plan_parse (text, len, st->bundle, &plan, &err) < 0)
    {
      cinch_warn ("container `%s`: hooks.%s: %s", st->id, cinch_hook_kind_name (kind),
                  cinch_error_msg (err));
      return;
    }
  json = cinch_state_oci_json (st, status);
  if (cinch_hooks_run (plan, kind, json, &err) < 0)
    cinch_warn ("container `%s`: %s", st->id, cinch_error_msg (err));
  cinch_plan_free (plan);
}

int
cinch_container_start (const struct cinch_ctx *ctx, const char *id, cinch_error_t *err)
{
  cleanup_close int rootfd = -1, dirfd = -1, fifo = -1;
  struct cinch_state st = { 0 };
  enum cinch_status status;

  if (cinch_id_validate (id, err) < 0 || cinch_state_root_open (ctx->root, false, &rootfd, err) < 0
      || cinch_state_dir_open (rootfd, id, true, &dirfd, err) < 0
      || cinch_state_read (dirfd, id, &st, err) < 0)
    return -1;
  status = cinch_state_status (dirfd, &st);
  if (status != CINCH_STATUS_CREATED)
    {
      cinch_state_clear (&st);
      return cinch_fail (err, 0, "cannot start container `%s`: it is %s, not created", id,
                         cinch_status_name (status));
    }
  fifo = openat (dirfd, CINCH_EXEC_FIFO, O_WRONLY | O_NONBLOCK | O_CLOEXEC);
  if (fifo < 0)
    {
      if (errno == ENXIO)
        return cinch_fail (err, 0, "cannot start container `%s`: its process is gone", id);
      return cinch_fail (err, errno, "start container `%s`: open exec.fifo", id);
    }
  if (write (fifo, "0", 1) != 1)
    {
      cinch_state_clear (&st);
      return cinch_fail (err, errno, "start container `%s`: write exec.fifo", id);
    }
  if (unlinkat (dirfd, CINCH_EXEC_FIFO, 0) < 0)
    {
      cinch_state_clear (&st);
      return cinch_fail (err, errno, "start container `%s`: remove exec.fifo", id);
    }
  if (st.has_poststart)
    run_late_hooks (dirfd, &st, CINCH_HOOK_POSTSTART, CINCH_STATUS_RUNNING);
  cinch_state_clear (&st);
  return 0;
}

static bool
same_ns (pid_t pid, const char *ns, ino_t ino, dev_t dev)
{
  char path[64];
  struct stat sb;
  snprintf (path, sizeof (path), "/proc/%d/ns/%s", pid, ns);
  return stat (path, &sb) == 0 && sb.st_ino == ino && sb.st_dev == dev;
}

/* The namespace that names the container's processes: its pid namespace,
 * or its mount namespace when it shares the host's pid namespace (cinch
 * always gives a container its own mount namespace; until cgroups track
 * them).  Read through /proc/PID, then checked through PIDFD to be still
 * the same process: a pid is not reused before its process is reaped, so a
 * live pidfd means /proc/PID was not a recycled pid's.  */
static int
container_ns (const struct cinch_state *st, int pidfd, struct stat *ref)
{
  char path[64];

  snprintf (path, sizeof (path), "/proc/%d/ns/%s", st->pid, st->own_pid_ns ? "pid" : "mnt");
  if (stat (path, ref) < 0)
    return -1;
  return (int) syscall (SYS_pidfd_send_signal, pidfd, 0, NULL, 0);
}

/* Every process in the container's namespace REF but its init.  */
static void
signal_all (const struct cinch_state *st, const struct stat *ref, int sig)
{
  const char *ns = st->own_pid_ns ? "pid" : "mnt";
  DIR *d;
  struct dirent *de;

  d = opendir ("/proc");
  if (d == NULL)
    return;
  while ((de = readdir (d)) != NULL)
    {
      uint64_t pid;
      if (cinch_parse_u64 (de->d_name, INT32_MAX, &pid) < 0 || (pid_t) pid == st->pid
          || (pid_t) pid == getpid ())
        continue;
      if (same_ns ((pid_t) pid, ns, ref->st_ino, ref->st_dev))
        kill ((pid_t) pid, sig);
    }
  closedir (d);
}

/* kill --all of a container with a cgroup: cgroup.kill for SIGKILL, else
 * every process of the cgroup.  */
static int
kill_cgroup (const struct cinch_state *st, int sig, cinch_error_t *err)
{
  struct cinch_cgroup cg = CINCH_CGROUP_INIT;
  int r;

  if (cinch_cgroup_open (st->cgroup_path, &cg, err) < 0)
    return -1;
  r = cinch_cgroup_signal (&cg, sig, err);
  cinch_cgroup_close (&cg);
  return r;
}

/* Send SIG to the container's init, and with ALL to every process of the
 * container.  */
static int
kill_container (const struct cinch_state *st, int sig, bool all)
{
  struct stat ref;
  int pidfd = (int) syscall (SYS_pidfd_open, st->pid, 0);
  int r, saved;

  if (pidfd < 0)
    return -1;
  /* The pidfd pins this process: check it is still the one we started. */
  if (st->start_time && cinch_proc_start_time (st->pid) != st->start_time)
    {
      close (pidfd);
      errno = ESRCH;
      return -1;
    }
  /* With its own pid namespace, SIGKILL to the init takes every process
   * with it.  Otherwise the other processes go first, while the init still
   * names the namespace; an init that then exits on its own before its
   * turn (a shell whose children were all killed) is not an error.  */
  if (all && !(st->own_pid_ns && sig == SIGKILL) && container_ns (st, pidfd, &ref) == 0)
    signal_all (st, &ref, sig);
  r = (int) syscall (SYS_pidfd_send_signal, pidfd, sig, NULL, 0);
  saved = errno;
  close (pidfd);
  if (r < 0 && all && saved == ESRCH)
    r = 0;
  errno = saved;
  return r;
}

int
cinch_container_load_state (const struct cinch_ctx *ctx, const char *id, bool exclusive,
                            int *rootfd, int *dirfd, struct cinch_state *st, cinch_error_t *err)
{
  if (cinch_id_validate (id, err) < 0 || cinch_state_root_open (ctx->root, false, rootfd, err) < 0)
    {
      if (*err && (*err)->errnum == ENOENT)
        {
          cinch_error_free (err);
          return cinch_fail_code (err, ENOENT, "container `%s` does not exist", id);
        }
      return -1;
    }
  if (cinch_state_dir_open (*rootfd, id, exclusive, dirfd, err) < 0
      || cinch_state_read (*dirfd, id, st, err) < 0)
    return -1;
  return 0;
}

int
cinch_container_kill (const struct cinch_ctx *ctx, const char *id, int sig, bool all,
                      cinch_error_t *err)
{
  cleanup_close int rootfd = -1, dirfd = -1;
  struct cinch_state st = { 0 };
  enum cinch_status status;
  int r = 0;

  if (cinch_container_load_state (ctx, id, false, &rootfd, &dirfd, &st, err) < 0)
    return -1;
  status = cinch_state_status (dirfd, &st);
  if (status == CINCH_STATUS_STOPPED)
    r = cinch_fail (err, 0, "container `%s` is not running", id);
  else if (all && st.cgroup_path)
    {
      if (kill_cgroup (&st, sig, err) < 0)
        r = cinch_error_wrap (err, "kill container `%s`", id);
    }
  else if (kill_container (&st, sig, all) < 0)
    r = cinch_fail (err, errno, "kill container `%s` (pid %d)", id, st.pid);
  cinch_state_clear (&st);
  return r;
}

static void
kill_wait (const struct cinch_state *st)
{
  int pidfd = (int) syscall (SYS_pidfd_open, st->pid, 0);
  struct pollfd pfd = { pidfd, POLLIN, 0 };

  if (pidfd < 0)
    return;
  if (st->start_time == 0 || cinch_proc_start_time (st->pid) == st->start_time)
    {
      struct stat ref;
      if (!st->own_pid_ns && container_ns (st, pidfd, &ref) == 0)
        signal_all (st, &ref, SIGKILL);
      syscall (SYS_pidfd_send_signal, pidfd, SIGKILL, NULL, 0);
      poll (&pfd, 1, 10000);
    }
  close (pidfd);
}

/* The state directory, then the user namespace range it held.  */
static int
remove_container_dir (const struct cinch_ctx *ctx, int rootfd, const char *id, cinch_error_t *err)
{
  cleanup_free char *owner = NULL;

  if (cinch_state_dir_remove (rootfd, id, err) < 0)
    return -1;
  owner = cinch_idpool_owner (ctx->root, id);
  return owner ? cinch_idpool_release (owner, err) : 0;
}

int
cinch_container_delete (const struct cinch_ctx *ctx, const char *id, bool force, cinch_error_t *err)
{
  cleanup_close int rootfd = -1, dirfd = -1;
  struct cinch_state st = { 0 };
  enum cinch_status status;

  if (cinch_container_load_state (ctx, id, true, &rootfd, &dirfd, &st, err) < 0)
    {
      /* A state directory without state: a create that was killed half
       * way.  --force clears it; like runc, --force of an id that does not
       * exist is not an error (engines delete -f to be sure).  */
      if (force && dirfd >= 0)
        {
          cinch_error_free (err);
          return remove_container_dir (ctx, rootfd, id, err);
        }
      if (force && *err && (*err)->errnum == ENOENT && cinch_id_validate (id, NULL) == 0)
        {
          cinch_error_free (err);
          return 0;
        }
      return -1;
    }
  status = cinch_state_status (dirfd, &st);
  if ((status == CINCH_STATUS_RUNNING || status == CINCH_STATUS_PAUSED) && !force)
    {
      cinch_state_clear (&st);
      return cinch_fail (err, 0,
                         "cannot delete container `%s`: it is %s (stop it first, or "
                         "use --force)",
                         id, cinch_status_name (status));
    }
  if (status != CINCH_STATUS_STOPPED)
    kill_wait (&st);
  if (st.cgroup_path)
    {
      /* Whatever is left (processes that escaped the init's pid namespace
       * or outlived it) goes through cgroup.kill; then the cgroup.  */
      struct cinch_cgroup cg = CINCH_CGROUP_INIT;
      if (cinch_cgroup_open (st.cgroup_path, &cg, err) < 0)
        {
          if ((*err)->errnum != ENOENT)
            {
              cinch_state_clear (&st);
              return cinch_error_wrap (err, "delete container `%s`", id);
            }
          cinch_error_free (err);
        }
      else if (cinch_cgroup_destroy (&cg, err) < 0)
        {
          cinch_cgroup_close (&cg);
          cinch_state_clear (&st);
          return cinch_error_wrap (err, "delete container `%s`", id);
        }
    }
  if (st.has_poststop)
    run_late_hooks (dirfd, &st, CINCH_HOOK_POSTSTOP, CINCH_STATUS_STOPPED);
  cinch_state_clear (&st);
  return remove_container_dir (ctx, rootfd, id, err);
}

/* ---- foreground ------------------------------------------------------ */

static int
exit_code (int status)
{
  if (WIFEXITED (status))
    return WEXITSTATUS (status);
  if (WIFSIGNALED (status))
    return 128 + WTERMSIG (status);
  return 255;
}

static void
copy_winsize (int from, int to)
{
  struct winsize ws;
  if (ioctl (from, TIOCGWINSZ, &ws) == 0)
    ioctl (to, TIOCSWINSZ, &ws);
}

static bool
pump (int from, int to)
{
  char buf[8192];
  ssize_t n = read (from, buf, sizeof (buf));
  if (n <= 0)
    return n < 0 && (errno == EINTR || errno == EAGAIN);
  return cinch_write_all (to, buf, (size_t) n) >= 0;
}

int
cinch_container_wait (pid_t pid, int pty_master, cinch_error_t *err)
{
  sigset_t all, old;
  cleanup_close int sfd = -1;
  struct termios saved_tio;
  bool raw = false, stdin_open = pty_master >= 0;
  int code = -1;

  sigfillset (&all);
  sigdelset (&all, SIGSEGV);
  sigdelset (&all, SIGBUS);
  sigdelset (&all, SIGILL);
  sigdelset (&all, SIGFPE);
  sigprocmask (SIG_BLOCK, &all, &old);
  sfd = signalfd (-1, &all, SFD_CLOEXEC | SFD_NONBLOCK);
  if (sfd < 0)
    return cinch_fail (err, errno, "signalfd");
  if (pty_master >= 0 && isatty (0) && tcgetattr (0, &saved_tio) == 0)
    {
      struct termios t = saved_tio;
      cfmakeraw (&t);
      if (tcsetattr (0, TCSANOW, &t) == 0)
        raw = true;
      copy_winsize (0, pty_master);
    }

  while (code < 0)
    {
      struct pollfd pfd[3] = { { sfd, POLLIN, 0 },
                               { pty_master, POLLIN, 0 },
                               { stdin_open ? 0 : -1, POLLIN, 0 } };
      int status;
      pid_t w;

      /* Reap first: the container may be gone before any signal is read. */
      while ((w = waitpid (-1, &status, WNOHANG)) > 0)
        if (w == pid)
          code = exit_code (status);
      if (code >= 0)
        break;
      if (poll (pfd, 3, -1) < 0 && errno != EINTR)
        break;
      if (pfd[0].revents & POLLIN)
        {
          struct signalfd_siginfo si;
          while (read (sfd, &si, sizeof (si)) == sizeof (si))
            {
              int sig = (int) si.ssi_signo;
              if (sig == SIGCHLD)
                continue;
              if (sig == SIGWINCH && pty_master >= 0)
                copy_winsize (0, pty_master);
              else
                kill (pid, sig);
            }
        }
      if (pty_master >= 0 && (pfd[1].revents & (POLLIN | POLLHUP)))
        if (!pump (pty_master, 1) && (pfd[1].revents & POLLHUP))
          pfd[1].fd = -1;
      if (stdin_open && (pfd[2].revents & (POLLIN | POLLHUP)))
        if (!pump (0, pty_master))
          stdin_open = false;
    }
  if (pty_master >= 0)
    while (pump (pty_master, 1))
      {
        struct pollfd p = { pty_master, POLLIN, 0 };
        if (poll (&p, 1, 0) <= 0)
          break;
      }
  if (raw)
    tcsetattr (0, TCSANOW, &saved_tio);
  sigprocmask (SIG_SETMASK, &old, NULL);
  if (code < 0)
    return cinch_fail (err, errno, "wait for the container");
  return code;
}
