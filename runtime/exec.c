/* cinch exec — a new process in a running container, never a weaker path
 * into it than the container's init:
 *
 *   - it joins every namespace of the container, the user namespace
 *     included, in one setns(2) on a pidfd of the init (checked against the
 *     recorded start time, so a recycled pid is never entered);
 *   - its security comes from the container's *effective* config (the one
 *     the policy produced at create, kept in the state directory): the same
 *     seccomp filter, no_new_privs whenever the container has it, and
 *     capabilities within the container's bounding set (a --cap outside it
 *     is refused; under the hardened policy, capabilities an engine's
 *     process.json lists beyond it are dropped, as at create, and refused
 *     under strict and compat);
 *   - inheritable and ambient capabilities stay empty unless asked for
 *     (CVE-2022-29162), a user is numeric and never looked up in the image
 *     (CVE-2016-3697);
 *   - until execve the process is not dumpable, so nothing in the container
 *     can ptrace it, read its memory or fds (CVE-2016-9962) or open its
 *     /proc/PID/exe — the cinch binary (CVE-2019-5736); cinch is never
 *     re-executed, every fd is close-on-exec and all but the preserved ones
 *     are closed before execve, and the program is executed through the
 *     sealed exec stub (exec_stub.c), so that a program whose interpreter is
 *     /proc/self/exe gets the stub, never the cinch binary.
 *
 * Processes: cinch (stays in the host namespaces: pid file, terminal,
 * signals, exit status) forks a helper that enters the namespaces and
 * clones the exec'd process with CLONE_PARENT (so that it is born inside
 * the pid and time namespaces and is cinch's child), then exits.  */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/sched.h>

#include "caps.h"
#include "cgroup.h"
#include "container.h"
#include "exec_stub.h"
#include "init.h"
#include "log.h"
#include "plan.h"
#include "policy.h"
#include "rootfs.h"
#include "seccomp.h"
#include "state.h"
#include "sync.h"
#include "util.h"

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif

struct exec_job
{
  const struct cinch_exec_opts *o;
  struct cinch_state st;
  struct cinch_plan *plan;      /* the container's effective config */
  struct cinch_process proc;    /* what runs */
  struct cinch_seccomp_prog sc; /* the container's filter */
  bool has_sc;
  enum cinch_profile profile;
  int rootfd, dirfd, pidfd;
  int ns_flags;
  int sync_parent, sync_child, console_sock, stub_fd;
  pid_t helper, pid;
  int pty_master;
  struct cinch_cgroup cg; /* the container's cgroup (closed: none) */
  bool cg_move_self;      /* the helper was not born in it */
};

static void
job_clear (struct exec_job *j)
{
  if (j->helper > 0)
    {
      kill (j->helper, SIGKILL);
      waitpid (j->helper, NULL, 0);
    }
  cinch_state_clear (&j->st);
  cinch_plan_free (j->plan);
  cinch_process_clear (&j->proc);
  if (j->has_sc)
    cinch_seccomp_prog_clear (&j->sc);
  cinch_close (&j->rootfd);
  cinch_close (&j->dirfd);
  cinch_close (&j->pidfd);
  cinch_close (&j->sync_parent);
  cinch_close (&j->sync_child);
  cinch_close (&j->console_sock);
  cinch_close (&j->pty_master);
  cinch_close (&j->stub_fd);
  cinch_cgroup_close (&j->cg);
}

/* ---- the process to run: the container's, with the overrides ---------- */

static int
parse_id (const char *flag, const char *s, uint32_t *out, cinch_error_t *err)
{
  uint64_t v;
  if (cinch_parse_u64 (s, UINT32_MAX - 1, &v) < 0)
    return cinch_fail (err, EINVAL,
                       "%s `%s`: expected a numeric id (cinch never looks names up in the "
                       "container's /etc/passwd)",
                       flag, s);
  *out = (uint32_t) v;
  return 0;
}

static char **
strv_dup (char *const *v)
{
  size_t n = cinch_strv_len (v);
  char **out = cinch_xcalloc (n + 1, sizeof (char *));
  for (size_t i = 0; i < n; i++)
    out[i] = cinch_xstrdup (v[i]);
  return out;
}

static void
set_env (struct cinch_process *p, const char *kv)
{
  size_t klen = strcspn (kv, "="), n = 0;

  for (; p->env && p->env[n]; n++)
    if (strncmp (p->env[n], kv, klen) == 0 && p->env[n][klen] == '=')
      {
        free (p->env[n]);
        p->env[n] = cinch_xstrdup (kv);
        return;
      }
  p->env = cinch_xrealloc (p->env, (n + 2) * sizeof (char *));
  p->env[n] = cinch_xstrdup (kv);
  p->env[n + 1] = NULL;
}

/* runc's exec without --process: the container's process (env, cwd,
 * user, capabilities, rlimits, no_new_privs...), with the command and the
 * flags on top; no terminal unless -t.  */
static int
process_from_flags (struct exec_job *j, cinch_error_t *err)
{
  const struct cinch_exec_opts *o = j->o;
  const struct cinch_process *c = &j->plan->process;
  struct cinch_process *p = &j->proc;

  if (o->args == NULL || o->args[0] == NULL || o->args[0][0] == '\0')
    return cinch_fail (err, EINVAL, "exec: a command is required (or --process FILE)");
  *p = *c;
  /* Deep copies of what we keep; the rest is reset.  */
  p->args = strv_dup (o->args);
  p->env = strv_dup (c->env);
  p->cwd = cinch_xstrdup (o->cwd ? o->cwd : c->cwd ? c->cwd : "/");
  p->additional_gids = NULL;
  p->n_additional_gids = 0;
  if (c->n_additional_gids)
    {
      p->additional_gids = cinch_xcalloc (c->n_additional_gids, sizeof (uint32_t));
      memcpy (p->additional_gids, c->additional_gids, c->n_additional_gids * sizeof (uint32_t));
      p->n_additional_gids = c->n_additional_gids;
    }
  p->rlimits = NULL;
  p->n_rlimits = 0;
  if (c->n_rlimits)
    {
      p->rlimits = cinch_xcalloc (c->n_rlimits, sizeof (*p->rlimits));
      memcpy (p->rlimits, c->rlimits, c->n_rlimits * sizeof (*p->rlimits));
      p->n_rlimits = c->n_rlimits;
    }
  p->apparmor_profile = NULL;
  p->selinux_label = NULL;
  p->terminal = o->tty;
  p->has_console_size = false;
  if (o->cwd && o->cwd[0] != '/')
    return cinch_fail (err, EINVAL, "--cwd `%s`: must be an absolute path", o->cwd);
  for (size_t i = 0; o->env && o->env[i]; i++)
    {
      if (strchr (o->env[i], '=') == NULL || o->env[i][0] == '=')
        return cinch_fail (err, EINVAL, "--env `%s`: expected KEY=VALUE", o->env[i]);
      set_env (p, o->env[i]);
    }
  if (o->user)
    {
      cleanup_free char *u = cinch_xstrdup (o->user);
      char *colon = strchr (u, ':');
      if (colon)
        *colon++ = '\0';
      if (parse_id ("--user", u, &p->uid, err) < 0
          || (colon && parse_id ("--user", colon, &p->gid, err) < 0))
        return -1;
    }
  for (size_t i = 0; o->additional_gids && o->additional_gids[i]; i++)
    {
      uint32_t g = 0;
      if (parse_id ("--additional-gids", o->additional_gids[i], &g, err) < 0)
        return -1;
      p->additional_gids
          = cinch_xrealloc (p->additional_gids, (p->n_additional_gids + 1) * sizeof (uint32_t));
      p->additional_gids[p->n_additional_gids++] = g;
    }
  for (size_t i = 0; o->caps && o->caps[i]; i++)
    {
      int cap = cinch_cap_from_name (o->caps[i]);
      uint64_t bounding = c->caps[CINCH_CAP_BOUNDING];
      if (cap < 0)
        return cinch_fail (err, EINVAL, "--cap `%s`: unknown capability", o->caps[i]);
      if (!((bounding >> cap) & 1))
        return cinch_fail (err, EPERM,
                           "--cap %s: not in the bounding set of container `%s`: an exec'd "
                           "process never gets more than the container",
                           o->caps[i], o->id);
      p->has_capabilities = true;
      p->caps[CINCH_CAP_EFFECTIVE] |= 1ULL << cap;
      p->caps[CINCH_CAP_PERMITTED] |= 1ULL << cap;
    }
  if (o->no_new_privs)
    p->no_new_privileges = true;
  return 0;
}

static int
load_process (struct exec_job *j, cinch_error_t *err)
{
  cleanup_free char *text = NULL;
  size_t len = 0;

  if (j->o->process_path == NULL)
    return process_from_flags (j, err);
  if (cinch_read_file (j->o->process_path, CINCH_CONFIG_MAX_SIZE, &text, &len, err) < 0)
    return cinch_error_wrap (err, "--process");
  if (cinch_process_parse (text, len, &j->proc, err) < 0)
    return cinch_error_wrap (err, "--process `%s`", j->o->process_path);
  return 0;
}

/* Never more than the container: the bounding set (the exec'd process
 * joins the container's namespaces from cinch, which holds every
 * capability), no_new_privs, the seccomp filter.  */
static int
confine (struct exec_job *j, cinch_error_t *err)
{
  struct cinch_process *p = &j->proc;
  const struct cinch_process *c = &j->plan->process;
  uint64_t bounding = c->caps[CINCH_CAP_BOUNDING];
  static const char *const set_names[]
      = { "bounding", "effective", "inheritable", "permitted", "ambient" };

  if (!p->has_capabilities)
    memset (p->caps, 0, sizeof (p->caps));
  p->has_capabilities = true;
  for (int s = 0; s < CINCH_CAP_SET_COUNT; s++)
    {
      uint64_t extra = p->caps[s] & ~bounding;
      if (s == CINCH_CAP_BOUNDING && !(p->caps[s]))
        continue;
      if (extra == 0)
        continue;
      if (j->profile != CINCH_PROFILE_HARDENED)
        {
          int cap = __builtin_ctzll (extra);
          return cinch_fail (err, EPERM,
                             "--process: process.capabilities.%s: %s is not in the bounding set "
                             "of container `%s`: an exec'd process never gets more than the "
                             "container",
                             set_names[s], cinch_cap_name (cap) ? cinch_cap_name (cap) : "?",
                             j->o->id);
        }
      cinch_debug ("hardened: process.capabilities.%s: capabilities outside container `%s`'s "
                   "bounding set dropped (%#llx) [CINCH-CAP-DEFAULT]",
                   set_names[s], j->o->id, (unsigned long long) extra);
      p->caps[s] &= bounding;
    }
  /* The bounding set is the container's, or smaller when asked.  */
  p->caps[CINCH_CAP_BOUNDING] = p->caps[CINCH_CAP_BOUNDING] ? p->caps[CINCH_CAP_BOUNDING] : bounding;
  if (j->profile == CINCH_PROFILE_HARDENED
      && (p->caps[CINCH_CAP_INHERITABLE] || p->caps[CINCH_CAP_AMBIENT]))
    {
      cinch_debug ("hardened: process.capabilities.inheritable/ambient emptied "
                   "[CINCH-CAP-INHERITABLE]");
      p->caps[CINCH_CAP_INHERITABLE] = p->caps[CINCH_CAP_AMBIENT] = 0;
    }
  if (c->no_new_privileges)
    p->no_new_privileges = true;
  if (j->o->apparmor && *j->o->apparmor)
    return cinch_fail (err, ENOTSUP, "--apparmor `%s`: cinch does not support AppArmor",
                       j->o->apparmor);
  if (p->terminal && j->o->detach && j->o->console_socket == NULL)
    return cinch_fail (err, EINVAL, "exec --tty --detach needs --console-socket");
  if (!p->terminal && j->o->console_socket)
    cinch_debug ("--console-socket without --tty: not used");
  if (j->plan->linux_.seccomp)
    {
      cleanup_strv char **warnings = NULL;
      if (cinch_seccomp_compile (j->plan->linux_.seccomp, &j->sc, &warnings, err) < 0)
        return -1;
      j->has_sc = true;
      if (j->sc.wants_listener)
        return cinch_fail (err, ENOTSUP,
                           "linux.seccomp of container `%s` uses SCMP_ACT_NOTIFY: cinch exec "
                           "cannot hand a second listener over",
                           j->o->id);
    }
  else if (j->plan->default_seccomp)
    {
      cinch_seccomp_default_prog (&j->sc);
      j->has_sc = true;
    }
  {
    cleanup_strv char **warnings = NULL;
    if (cinch_caps_check (p, cinch_caps_kernel_last_cap (), &warnings, err) < 0)
      return cinch_error_wrap (err, "exec");
  }
  return 0;
}

/* ---- the container ------------------------------------------------------ */

static int
open_container (struct exec_job *j, const struct cinch_ctx *ctx, cinch_error_t *err)
{
  cleanup_free char *text = NULL;
  size_t len = 0;
  enum cinch_status status;

  if (cinch_container_load_state (ctx, j->o->id, false, &j->rootfd, &j->dirfd, &j->st, err) < 0)
    return -1;
  status = cinch_state_status (j->dirfd, &j->st);
  if (status != CINCH_STATUS_RUNNING && status != CINCH_STATUS_CREATED)
    return cinch_fail_code (err, EINVAL, "cannot exec in container `%s`: it is %s", j->o->id,
                            cinch_status_name (status));
  if (cinch_read_file_at (j->dirfd, "config.json", CINCH_CONFIG_MAX_SIZE, &text, &len, err) < 0)
    return cinch_error_wrap (err, "container `%s`: its effective config", j->o->id);
  if (cinch_plan_parse (text, len, j->st.bundle, &j->plan, err) < 0)
    return cinch_error_wrap (err, "container `%s`: its effective config", j->o->id);
  j->pidfd = (int) syscall (SYS_pidfd_open, j->st.pid, 0);
  if (j->pidfd < 0 || cinch_proc_start_time (j->st.pid) != j->st.start_time)
    return cinch_fail_code (err, ESRCH, "cannot exec in container `%s`: its process is gone",
                            j->o->id);
  /* Every namespace of the init that is not ours.  */
  for (int t = 0; t < CINCH_NS_COUNT; t++)
    {
      struct stat a, b;
      char path[64];
      snprintf (path, sizeof (path), "/proc/%d/ns/%s", j->st.pid, cinch_ns_proc_name (t));
      if (stat (path, &a) < 0)
        {
          if (errno == ENOENT)
            continue; /* a namespace type this kernel lacks */
          return cinch_fail (err, errno, "container `%s`: %s", j->o->id, path);
        }
      snprintf (path, sizeof (path), "/proc/self/ns/%s", cinch_ns_proc_name (t));
      if (stat (path, &b) == 0 && a.st_ino == b.st_ino && a.st_dev == b.st_dev)
        continue;
      j->ns_flags |= cinch_ns_clone_flag (t);
    }
  return 0;
}

/* ---- the exec'd process --------------------------------------------------- */

__attribute__ ((noreturn)) static void
child_die (int sync, cinch_error_t *err)
{
  cinch_sync_send_error (sync, *err);
  _exit (1);
}

__attribute__ ((noreturn)) static void
exec_child (struct exec_job *j)
{
  const struct cinch_process *p = &j->proc;
  cinch_error_t err = NULL;
  cleanup_free char *exe = NULL;
  int sync = j->sync_child;

  cinch_init_reset_signals ();
  prctl (PR_SET_DUMPABLE, 0, 0, 0, 0);
  if (!j->o->detach)
    prctl (PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
  if (cinch_sync_send (sync, CINCH_SYNC_PID, 0, NULL, 0, NULL, 0, 1) < 0)
    _exit (1);
  if (setsid () < 0)
    {
      cinch_fail (&err, errno, "setsid");
      child_die (sync, &err);
    }
  if (p->terminal && cinch_init_setup_terminal (p, false, &j->console_sock, sync, &err) < 0)
    child_die (sync, &err);
  /* cwd with root's search rights, as for the init (runc), before the
   * command is looked up (a relative args[0] is relative to it).  Never
   * created: runc's exec fails on a missing cwd, and creating it would be
   * a write into a running container.  */
  if (chdir (p->cwd ? p->cwd : "/") < 0)
    {
      cinch_fail (&err, errno, "process.cwd \"%s\"", p->cwd ? p->cwd : "/");
      child_die (sync, &err);
    }
  if (cinch_init_find_executable (p->args[0], p->env, &exe, &err) < 0
      || cinch_init_apply_rlimits (p, &err) < 0 || cinch_init_apply_scheduling (p, &err) < 0
      || cinch_init_preserve_fds (j->o->preserve_fds, &err) < 0)
    child_die (sync, &err);
  if (cinch_init_apply_security (p, j->has_sc ? &j->sc : NULL, NULL, &err) < 0)
    child_die (sync, &err);
  umask (p->has_umask ? (mode_t) p->umask : 022);
  cinch_close_fds_keep (3 + j->o->preserve_fds, sync, j->stub_fd);
  cinch_exec_stub_run (j->stub_fd, exe, p->args, p->env);
  cinch_fail (&err, errno, "exec `%s`", exe);
  child_die (sync, &err);
}

/* The helper: enter the container, clone the exec'd process as cinch's
 * child (CLONE_PARENT), exit.  */
__attribute__ ((noreturn)) static void
helper (struct exec_job *j)
{
  cinch_error_t err = NULL;
  struct clone_args ca = { .flags = CLONE_PARENT };
  long pid;

  prctl (PR_SET_DUMPABLE, 0, 0, 0, 0);
  /* Born in the container's cgroup, or (before Linux 5.7) moved there
   * now, while the host's cgroup namespace still names it: its limits
   * count the exec'd process too.  */
  if (j->cg_move_self && cinch_cgroup_enter (&j->cg, 0, &err) < 0)
    child_die (j->sync_child, &err);
  if (j->ns_flags && setns (j->pidfd, j->ns_flags) < 0)
    {
      cinch_fail (&err, errno, "enter the namespaces of container `%s`", j->o->id);
      child_die (j->sync_child, &err);
    }
  /* clone3 wants exit_signal 0 with CLONE_PARENT: the child gets our own
   * exit signal (SIGCHLD, to cinch).  */
  pid = syscall (SYS_clone3, &ca, sizeof (ca));
  if (pid == 0)
    exec_child (j);
  if (pid < 0)
    {
      cinch_fail (&err, errno, "clone the exec'd process in container `%s`", j->o->id);
      child_die (j->sync_child, &err);
    }
  _exit (0);
}

/* fork(), but the helper is born in the container's cgroup when it has
 * one: clone3 with CLONE_INTO_CGROUP takes the cgroup lock for reading,
 * where moving a process afterwards (cgroup.procs) waits for an RCU grace
 * period, milliseconds on the exec path.  */
static pid_t
spawn_helper (struct exec_job *j)
{
  struct clone_args ca = { .exit_signal = SIGCHLD };
  long pid;

  if (j->cg.dirfd < 0)
    return fork ();
  ca.flags = CLONE_INTO_CGROUP;
  ca.cgroup = (uint64_t) j->cg.dirfd;
  pid = syscall (SYS_clone3, &ca, sizeof (ca));
  if (pid < 0 && (errno == E2BIG || errno == EINVAL || errno == ENOSYS))
    {
      j->cg_move_self = true;
      return fork ();
    }
  return (pid_t) pid;
}

/* Our side: the pid, a pty master, errors; EOF once the process execs. */
static int
converse (struct exec_job *j, cinch_error_t *err)
{
  cleanup_free struct cinch_sync_msg *m = cinch_xcalloc (1, sizeof (*m));

  for (;;)
    {
      if (cinch_sync_recv (j->sync_parent, m) < 0)
        {
          if (errno != EPIPE)
            return cinch_fail (err, errno, "exec: talk to the new process");
          if (j->pid <= 0)
            return cinch_fail (err, EPIPE, "exec: the new process died before it started");
          /* EOF: the process has exec'd (every failure before that is
           * reported); it may even have finished already: its status is
           * collected by whoever waits for it.  */
          return 0;
        }
      switch (m->type)
        {
        case CINCH_SYNC_PID:
          j->pid = m->cred_pid;
          break;
        case CINCH_SYNC_PTY:
          if (m->n_fds == 1)
            {
              cinch_close (&j->pty_master);
              j->pty_master = m->fds[0];
            }
          break;
        case CINCH_SYNC_ERROR:
          return cinch_fail_code (err, m->errnum, "%s", m->payload);
        default:
          for (size_t i = 0; i < m->n_fds; i++)
            close (m->fds[i]);
          return cinch_fail (err, EPROTO, "exec: unexpected message %u", m->type);
        }
    }
}

int
cinch_container_exec (const struct cinch_ctx *ctx, const struct cinch_exec_opts *o,
                      cinch_error_t *err)
{
  struct exec_job j = { .o = o };
  struct cinch_policy pol;
  int sv[2], r = -1, status;

  j.rootfd = j.dirfd = j.pidfd = j.sync_parent = j.sync_child = j.console_sock = -1;
  j.pty_master = j.stub_fd = -1;
  j.cg.dirfd = -1;
  if (open_container (&j, ctx, err) < 0)
    goto out;
  if (j.st.cgroup_path && cinch_cgroup_open (j.st.cgroup_path, &j.cg, err) < 0)
    {
      cinch_error_wrap (err, "container `%s`", o->id);
      goto out;
    }
  if (cinch_policy_load (ctx->policy_file, ctx->policy_name, &pol, err) < 0)
    goto out;
  j.profile = pol.profile;
  cinch_policy_clear (&pol);
  for (size_t i = 0; i < j.plan->n_annotations; i++)
    if (strcmp (j.plan->annotations[i].key, CINCH_POLICY_ANNOTATION) == 0)
      {
        int prof = cinch_profile_from_name (j.plan->annotations[i].value);
        if (prof > (int) j.profile)
          j.profile = (enum cinch_profile) prof;
      }
  if (load_process (&j, err) < 0 || confine (&j, err) < 0)
    goto out;
  if ((j.stub_fd = cinch_exec_stub_open (err)) < 0)
    goto out;
  if (j.proc.terminal && o->console_socket
      && (j.console_sock = cinch_console_socket_connect (o->console_socket, err)) < 0)
    goto out;
  if (socketpair (AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0)
    {
      cinch_fail (err, errno, "socketpair");
      goto out;
    }
  j.sync_parent = sv[0];
  j.sync_child = sv[1];
  {
    int one = 1;
    if (setsockopt (j.sync_parent, SOL_SOCKET, SO_PASSCRED, &one, sizeof (one)) < 0)
      {
        cinch_fail (err, errno, "setsockopt(SO_PASSCRED)");
        goto out;
      }
  }
  j.helper = spawn_helper (&j);
  if (j.helper < 0)
    {
      cinch_fail (err, errno, "fork");
      goto out;
    }
  if (j.helper == 0)
    {
      close (j.sync_parent);
      helper (&j);
    }
  cinch_close (&j.sync_child);
  cinch_close (&j.console_sock);
  while (waitpid (j.helper, &status, 0) < 0 && errno == EINTR)
    ;
  j.helper = 0;
  if (converse (&j, err) < 0)
    goto out;
  cinch_close (&j.sync_parent);
  if (o->pid_file && cinch_write_pid_file (o->pid_file, j.pid, err) < 0)
    goto out;
  if (o->detach)
    {
      j.pid = -1; /* keeps running */
      r = 0;
      goto out;
    }
  r = cinch_container_wait (j.pid, j.pty_master, err);
  j.pid = -1;
out:
  if (r < 0 && j.pid > 0)
    {
      kill (j.pid, SIGKILL);
      waitpid (j.pid, NULL, 0);
    }
  job_clear (&j);
  return r;
}
